"""Clerk forms per act: only the chosen act's fields, in the standard's order. They only parse input; every rule is
``validation.check_decision``'s (via the services), and comes back as field errors."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integrity_portal.formfields import PlainNumberBoundField

from .choices import IdType, LicenceCategory, PenaltyCategory, PenaltySeverity, SubjectCategory, ValidityStatus
from .presentation import field_order, label

TEXTAREAS = {"violation_facts", "legal_basis", "content", "note"}
AMOUNTS = {"fine_amount", "confiscated_amount"}
DATES = {"decision_date", "penalty_valid_until", "valid_from", "valid_to"}
CHOICES = {"subject_category": SubjectCategory, "id_type": IdType, "representative_id_type": IdType,
           "licence_category": LicenceCategory, "severity": PenaltySeverity, "validity_status": ValidityStatus}
HELP = {
    "subject_code": _("法人及非法人组织、个体工商户填写；无统一社会信用代码的填写原登记代码。"),
    "id_number": _("仅自然人填写；身份证按 GB 11643 校验。公开时隐去中间位。"),
    "fine_amount": _("单位：万元，只填数字。"),
    "confiscated_amount": _("单位：万元，只填数字。"),
    "severity": _("严重失信的处罚公示期更长（按时限规则）。"),
}


def _field(act: str, name: str) -> forms.Field:
    common = {"label": label(act, name), "required": False, "help_text": HELP.get(name, "")}
    if name in CHOICES:
        return forms.ChoiceField(choices=[("", "—")] + list(CHOICES[name].choices), **common)
    if name == "penalty_categories":
        return forms.MultipleChoiceField(choices=PenaltyCategory.choices, widget=forms.CheckboxSelectMultiple,
                                         **common)
    if name in DATES:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if name in TEXTAREAS:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if name in AMOUNTS:
        # Text the checks parse (their messages, 1,000 allowed); a stored 5.000000 is pre-filled as 5.
        return forms.CharField(max_length=200, bound_field_class=PlainNumberBoundField, **common)
    return forms.CharField(max_length=200, **common)


class DecisionForm(forms.Form):
    """The fields of one act; required marks follow the checks (shown, not enforced here)."""

    def __init__(self, *args, act: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.act = act
        for name in field_order(act):
            self.fields[name] = _field(act, name)

    def row(self) -> dict:
        return {"act": self.act, **{name: value for name, value in self.cleaned_data.items()}}


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("例如：经行政复议撤销、被人民法院判决撤销。"))


class QualityForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2200)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
