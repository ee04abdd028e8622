"""Forms of the commitment workspace. They only parse input; the rules live in ``services`` and come back
as field errors (``add_service_errors``)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integrity_portal.formfields import PlainDecimalField
from records.models import CivilServant, Unit
from records.services.credit import edit_revision

from .choices import CONCLUDED_STATUSES, ChangeKind, CommitmentStatus, LegalBasis, PppStage
from .models import Commitment


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class CommitmentForm(forms.ModelForm):
    """Register or edit a draft. The office names the committing unit; a clerk registers for their own."""

    class Meta:
        model = Commitment
        fields = ["unit", "code", "title", "kind", "service_area", "reason", "content", "liability", "committed_on",
                  "valid_until", "amount", "publication_type", "counterparty_name", "counterparty_type",
                  "counterparty_code", "accepting_unit", "parent", "weight"]
        widgets = {"committed_on": _date(), "valid_until": _date(),
                   "reason": forms.Textarea(attrs={"rows": 3}), "content": forms.Textarea(attrs={"rows": 4}),
                   "liability": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"amount": PlainDecimalField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_office and self.instance.pk is None:
            self.fields["unit"].queryset = Unit.objects.active()
        else:
            del self.fields["unit"]
        parents = Commitment.objects.writable_by(user).filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.select_related("unit")
        self.fields["code"].required = False
        if self.instance.pk:
            # The revision the editor saw; the service refuses the save if the draft changed since.
            self.fields["revision"] = forms.CharField(required=False, widget=forms.HiddenInput,
                                                      initial=edit_revision(self.instance))

    def _post_clean(self):
        # The service validates the model (full_clean); the form only parses.
        pass

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"unit", "revision"}}

    def expected_revision(self) -> str | None:
        """The revision posted with an edit (None: the client sent none, no check)."""
        return (self.cleaned_data.get("revision") or "").strip() or None


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点名称"), max_length=200)
    due_date = forms.DateField(label=_("计划完成日期"), widget=_date())
    weight = forms.IntegerField(label=_("权重（1–100）"), initial=10,
                                help_text=_("进度 = 已完成节点的权重之和 ÷ 全部节点的权重之和。"))


class MilestoneCompleteForm(forms.Form):
    done_on = forms.DateField(label=_("实际完成日期"), widget=_date())
    note = forms.CharField(label=_("完成情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("履行证明材料"), required=False,
                           help_text=_("PDF、OFD、JPG、PNG、DOCX、XLSX，不超过 10 MB。"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("履行证明材料"), help_text=_("PDF、OFD、JPG、PNG、DOCX、XLSX，不超过 10 MB。"))


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("履行结果"), choices=[
        (s.value, s.label) for s in CommitmentStatus if s in CONCLUDED_STATUSES])
    on = forms.DateField(label=_("认定日期"), widget=_date())
    unfulfilled_content = forms.CharField(label=_("未履行内容"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 3}))


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("变更或终止"), choices=ChangeKind.choices, widget=forms.RadioSelect)
    legal_basis = forms.ChoiceField(label=_("法定事由"), required=False,
                                    choices=[("", "---------"), *LegalBasis.choices],
                                    help_text=_("政府换届、相关责任人更替不是改变承诺的理由（实施方案第9条）。"))
    legal_basis_text = forms.CharField(label=_("事由及法律依据"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    approved_by = forms.CharField(label=_("批准机关"), required=False, max_length=100)
    approval_document = forms.CharField(label=_("批准文件"), required=False, max_length=200)
    approved_on = forms.DateField(label=_("批准日期"), required=False, widget=_date())
    compensation = forms.CharField(label=_("对相关主体财产损失的补偿决定"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    compensation_amount = forms.DecimalField(label=_("补偿金额（万元）"), required=False, max_digits=14,
                                             decimal_places=2)
    new_terms = forms.CharField(label=_("变更后的承诺内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("变更时填写；终止时留空。"))
    new_valid_until = forms.DateField(label=_("变更后有效期至"), required=False, widget=_date())


class BreachForm(forms.Form):
    breached_on = forms.DateField(label=_("违诺日期"), widget=_date(),
                                  help_text=_("据此追溯当日的责任人（实施方案第13、14条）。"))
    found_on = forms.DateField(label=_("认定日期"), widget=_date())
    unfulfilled_content = forms.CharField(label=_("未履行内容"), widget=forms.Textarea(attrs={"rows": 3}))
    stage = forms.ChoiceField(label=_("项目阶段（PPP）"), required=False, choices=[("", "---------"), *PppStage.choices])


class OfficialForm(forms.Form):
    person_name = forms.CharField(label=_("责任人姓名"), max_length=50)
    title = forms.CharField(label=_("职务"), max_length=100, required=False)
    stage = forms.ChoiceField(label=_("项目阶段（PPP）"), required=False, choices=[("", "---------"), *PppStage.choices])
    start = forms.DateField(label=_("负责起"), widget=_date())
    civil_servant = forms.ModelChoiceField(label=_("对应公务员"), required=False, queryset=CivilServant.objects.none(),
                                           help_text=_("如为本区公务员，请选择，以便违诺时追溯到个人诚信档案。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["civil_servant"].queryset = CivilServant.objects.visible_to(user).select_related("unit")
