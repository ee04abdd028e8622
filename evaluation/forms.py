import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrity_portal.formfields import IdsMultipleChoiceField
from records.choices import UnitStatus
from records.models import Unit

from .choices import EVALUATED_KINDS, DemonstrationCategory, InputKind, QueryOutcome, TaskKind
from .models import Period
from .periods import parse_period


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError as form errors (unknown fields → non-field errors)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def period_choices(today=None) -> list[tuple[str, str]]:
    """The periods to pick from, latest first: those with a Period row, and this and last year's years and
    quarters that have begun (a period is picked, never typed)."""
    today = today or timezone.localdate()
    codes = set(Period.objects.values_list("code", flat=True))
    for year in (today.year - 1, today.year):
        codes.add(str(year))
        codes.update(f"{year}Q{q}" for q in range(1, 5) if datetime.date(year, 3 * q - 2, 1) <= today)
    spans = [parse_period(code) for code in codes]
    spans.sort(key=lambda s: (s.start, s.quarter or 0), reverse=True)
    return [(s.code, s.label) for s in spans]


class PeriodField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label=_("考核期间"), choices=period_choices, **kwargs)


class RunStartForm(forms.Form):
    period = PeriodField()


class QueryForm(forms.Form):
    indicator_key = forms.ChoiceField(label=_("指标"))
    reason = forms.CharField(label=_("反馈理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_key"].choices = [(i.indicator_key, i.name) for i in items]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("答复结论"), choices=QueryOutcome.choices, widget=forms.RadioSelect)
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    rerun = forms.BooleanField(label=_("已更正基础数据，重新计算（生成新版本）"), required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("任务名称"), max_length=200)
    kind = forms.ChoiceField(label=_("任务类别"), choices=TaskKind.choices,
                             help_text=_("办理期限按该类别的时限规则由工作日引擎计算。"))
    description = forms.CharField(label=_("任务要求"), widget=forms.Textarea(attrs={"rows": 4}))
    units = IdsMultipleChoiceField(
        label=_("承办单位"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(status=UnitStatus.ACTIVE, kind__in=EVALUATED_KINDS) \
            .order_by("kind", "name")


class SubmitForm(forms.Form):
    note = forms.CharField(label=_("报送说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    files = forms.FileField(label=_("报送材料"), required=False,
                            help_text=_("PDF、OFD、DOCX、XLSX、JPG、PNG；可多次上传。"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), choices=[("accept", _("办结")), ("return", _("退回重报"))],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延期工作日数"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("延期理由"), max_length=500)


class InputImportForm(forms.Form):
    period = PeriodField()
    kind = forms.ChoiceField(label=_("数据类别"), choices=InputKind.choices)
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class DemonstrationForm(forms.Form):
    score = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("示范类别"), choices=DemonstrationCategory.choices)
    community = forms.CharField(label=_("社区名称"), max_length=100, required=False)
    reason = forms.CharField(label=_("认定理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
