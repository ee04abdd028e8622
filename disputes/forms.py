"""Forms of the public clue pages and the staff workspace. They only shape input: the services validate and act."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from records.models import Unit

from .choices import ClueCategory, ClueOutcome, ClueState, NoteVisibility


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def read_files(files) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in files or []]


ATTACHMENT_HELP = _("可选。PDF、OFD、JPG、PNG、DOCX、XLSX，最多 5 个，每个不超过 10 MB。")


class ClueSubmitForm(forms.Form):
    category = forms.ChoiceField(label=_("线索类别"), choices=[("", "——")] + list(ClueCategory.choices))
    body_unit = forms.ModelChoiceField(label=_("涉及单位（从名录选择）"), required=False, queryset=Unit.objects.none(),
                                       empty_label=_("—— 名录中没有，请在下方填写 ——"))
    body_name = forms.CharField(label=_("涉及单位（名录中没有时填写）"), required=False, max_length=200)
    description = forms.CharField(label=_("基本情况"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                                  help_text=_("请写明时间、事由、涉及的合同或承诺、诉求。"))
    amount = forms.DecimalField(label=_("涉及金额（万元）"), required=False, min_value=0, max_digits=14,
                                decimal_places=2)
    happened_on = forms.DateField(label=_("发生时间"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    attachments = MultipleFileField(label=_("相关材料"), help_text=ATTACHMENT_HELP)
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=50,
                                   help_text=_("可匿名提交：联系方式均可不填。"))
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    contact_email = forms.EmailField(label=_("电子邮箱"), required=False,
                                     help_text=_("填写后，办结时将发送邮件提醒（不含回执码）。"))
    share_contact = forms.BooleanField(label=_("同意承办单位查看我的联系方式"), required=False,
                                       help_text=_("不勾选时，联系方式仅区信用办可见。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_unit"].queryset = Unit.objects.active().order_by("kind", "name")

    def clean(self):
        data = super().clean()
        if not data.get("body_unit") and not (data.get("body_name") or "").strip():
            self.add_error("body_name", _("请选择或填写涉及的单位。"))
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("受理回执码"), max_length=64,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class AddInfoForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    body = forms.CharField(label=_("补充内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000)
    attachments = MultipleFileField(label=_("补充材料"), help_text=ATTACHMENT_HELP)


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    rating = forms.TypedChoiceField(label=_("满意度"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(5, _("非常满意")), (4, _("满意")), (3, _("基本满意")),
                                             (2, _("不满意")), (1, _("非常不满意"))])
    comment = forms.CharField(label=_("评价意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)


class ReopenForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(label=_("申请重新办理的理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("分办说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, clue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("kind", "name")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, clue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class NotOursForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}))
    competent_unit = forms.ModelChoiceField(label=_("有权处理的区内单位"), queryset=Unit.objects.none(), required=False,
                                            help_text=_("选择后线索直接转交该单位办理。"))
    competent_body = forms.CharField(label=_("有权处理的区外机关"), max_length=200, required=False,
                                     help_text=_("不属本区办理的，填写机关名称；线索办结并告知提交人向其反映。"))
    guidance = forms.CharField(label=_("告知提交人的反映途径"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("例如地址、电话或网上受理渠道。"))

    def __init__(self, *args, clue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.active().order_by("kind", "name")
        if clue is not None and clue.handling_unit_id:
            units = units.exclude(pk=clue.handling_unit_id)
        self.fields["competent_unit"].queryset = units


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("受理说明（内部）"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, clue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("办理进展"), widget=forms.Textarea(attrs={"rows": 5}))
    visibility = forms.ChoiceField(label=_("公开范围"), choices=NoteVisibility.choices, widget=forms.RadioSelect,
                                   initial=NoteVisibility.INTERNAL)
    attachments = MultipleFileField(label=_("附件"), help_text=ATTACHMENT_HELP)

    def __init__(self, *args, clue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=ClueOutcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("结果说明（向提交人公开）"), widget=forms.Textarea(attrs={"rows": 5}))
    merged_into = forms.ModelChoiceField(label=_("并入线索（合并办理时）"), required=False, queryset=None)
    breach = forms.BooleanField(label=_("查实政务失信，生成失信记录草稿"), required=False)

    def __init__(self, *args, clue=None, user=None, **kwargs):
        from .models import DisputeClue

        super().__init__(*args, **kwargs)
        qs = DisputeClue.objects.visible_to(user).exclude(state=ClueState.MERGED)
        if clue is not None:
            qs = qs.exclude(pk=clue.pk)
        self.fields["merged_into"].queryset = qs.order_by("-submitted_at")
        self.fields["merged_into"].label_from_instance = lambda c: f"{c.reference} {c.body_display}"


class LinkForm(forms.Form):
    commitment = forms.ModelChoiceField(label=_("涉及的政务承诺"), required=False, queryset=None,
                                        empty_label=_("—— 取消关联 ——"))

    def __init__(self, *args, clue=None, user=None, **kwargs):
        from commitments.models import Commitment

        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.readable_by(user).order_by("-committed_on")


class ReopenDecideForm(forms.Form):
    grant = forms.TypedChoiceField(label=_("决定"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                   choices=[("1", _("同意重新办理")), ("0", _("不同意"))])
    reason = forms.CharField(label=_("决定理由（向提交人公开）"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, clue=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReportBuildForm(forms.Form):
    period_start = forms.DateField(label=_("统计起"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("统计止"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("统计止不能早于统计起。"))
        return data
