"""Forms of the joint-punishment pages; the rules stay in the services (these only read input)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity_portal.formfields import IdsMultipleChoiceField

from .choices import DISHONESTY_KINDS, RecordStatus, Severity, SubjectType
from .models import CreditRecord, RectificationCase, Unit
from .models.punishment import AccountabilityForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _files(cleaned) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in cleaned.get("attachments") or []]


class ExplainForm(forms.Form):
    explanation = forms.CharField(label=gettext_lazy("书面说明（失信原因）"), widget=forms.Textarea(attrs={"rows": 6}),
                                  required=False)
    attachments = MultipleFileField(label=gettext_lazy("附件"), required=False)

    def files_for_service(self):
        return _files(self.cleaned_data)


class ReportForm(forms.Form):
    measures = forms.CharField(label=gettext_lazy("整改措施"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    results = forms.CharField(label=gettext_lazy("整改成效"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    completed_on = forms.DateField(label=gettext_lazy("整改完成日期"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    attachments = MultipleFileField(label=gettext_lazy("附件（整改报告、证明材料）"), required=False)

    def files_for_service(self):
        return _files(self.cleaned_data)


class AcceptForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("验收意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class AccountabilityDecideForm(forms.Form):
    form = forms.ChoiceField(label=gettext_lazy("问责方式"), choices=AccountabilityForm.choices)
    decision = forms.CharField(label=gettext_lazy("问责决定"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=gettext_lazy("问责决定日期"), widget=forms.DateInput(attrs={"type": "date"}))
    severity = forms.ChoiceField(label=gettext_lazy("失信程度"), choices=Severity.choices, initial=Severity.GENERAL)


class CaseOpenForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("整改单位"), queryset=Unit.objects.active())
    records = IdsMultipleChoiceField(
        label=gettext_lazy("所涉失信记录"),
        queryset=CreditRecord.objects.filter(subject_type=SubjectType.UNIT, status=RecordStatus.PUBLISHED,
                                             kind__in=DISHONESTY_KINDS, rectification_link__isnull=True)
        .select_related("subject_unit"),
        help_text=gettext_lazy("已发布、针对单位且尚未立案的失信记录。"))
    reason = forms.CharField(label=gettext_lazy("立案事由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        unit, records = data.get("unit"), data.get("records") or []
        if unit and any(r.subject_unit_id != unit.pk for r in records):
            raise ValidationError(_("所选记录须针对所选单位。"))
        return data


class NoticePublishForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("通报文号"), max_length=100)
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    body = forms.CharField(label=gettext_lazy("正文"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=gettext_lazy("公开发布，请勿写入个人信息。"))
    cases = IdsMultipleChoiceField(label=gettext_lazy("通报的整改案件"),
                                           queryset=RectificationCase.objects.select_related("unit"))


class CourtUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("法院失信被执行人名单（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("只接受 .xlsx 格式的 Excel 文件。"))
        return upload


class ZeroStatusForm(forms.Form):
    period = forms.CharField(label=gettext_lazy("期间"), max_length=10,
                             help_text=gettext_lazy("如 2026、2026Q3、2026-07。"))
    reason = forms.CharField(label=gettext_lazy("理由"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("已结束的期间数字有变化时必填；原数字留存备查。"))
