"""Forms of the record workspace pages.

The record form is generated per kind: the common columns of ``CreditRecord`` that the
kind uses, then the kind's ``details`` fields from ``fieldsets.specs_for(kind)``. The form
only parses input; the rules live in ``services.record_*`` and come back as field errors
(``details.<name>`` keys map to the generated ``details__<name>`` fields).
"""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integrity_portal.formfields import PlainDecimalField
from workdays.services import policy_text

from .choices import (
    DISHONESTY_KINDS,
    ENTRY_KINDS,
    GOVERNMENT_SANCTIONS,
    NEUTRAL_KINDS,
    PARTY_SANCTIONS,
    PERSON_ONLY_KINDS,
    UNIT_ONLY_KINDS,
    AssessmentGrade,
    RecordKind,
    SanctionType,
    Severity,
    SubjectType,
)
from .fieldsets import INT_MAX, LONGTEXT_MAX, TEXT_MAX, column_applies, specs_for
from .models import CivilServant, CreditRecord, Unit
from .services.credit import edit_revision
from .validators import validate_uscc

DETAIL_PREFIX = "details__"
SANCTION_KINDS = {RecordKind.GOVERNMENT_SANCTION: GOVERNMENT_SANCTIONS, RecordKind.PARTY_SANCTION: PARTY_SANCTIONS}
# Text columns every kind has, in the order of the form.
TEXT_FIELDS = ("title", "facts", "legal_basis", "decision_body", "decision_number")
DATE_FIELDS = ("decision_date", "act_start", "act_end")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _model_label(name: str) -> str:
    return CreditRecord._meta.get_field(name).verbose_name


def kind_groups() -> list[tuple[str, list[RecordKind]]]:
    """The kinds as the create page offers them: dishonesty records, 双公示 licences, file entries."""
    return [
        (_("失信记录"), [k for k in RecordKind if k in DISHONESTY_KINDS]),
        (_("行政许可（双公示）"), [k for k in RecordKind if k in NEUTRAL_KINDS]),
        (_("诚信档案登记事项"), [k for k in RecordKind if k in ENTRY_KINDS]),
    ]


class KindChoiceForm(forms.Form):
    """Step 1 of the create page (a GET form)."""

    kind = forms.ChoiceField(label=_("记录类别"), choices=[("", "---------"), *RecordKind.choices])


def _detail_field(spec) -> forms.Field:
    common = {"label": spec.label, "required": spec.required}
    if spec.type == "date":
        return forms.DateField(widget=_date_widget(), **common)
    if spec.type == "choice":
        return forms.ChoiceField(choices=[("", "---------"), *((c, c) for c in spec.choices)], **common)
    if spec.type == "decimal":
        # Range checks (not negative) are the service's: its message names the field.
        return PlainDecimalField(**common)
    if spec.type == "int":
        return forms.IntegerField(min_value=0, max_value=INT_MAX, **common)
    if spec.type == "uscc":
        return forms.CharField(max_length=18, validators=[validate_uscc], **common)
    if spec.type == "longtext":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=LONGTEXT_MAX, **common)
    return forms.CharField(max_length=TEXT_MAX, **common)


class RecordForm(forms.Form):
    """Create, edit (draft) or correct (published) a record of one kind.

    ``mode`` is ``create`` (subject and, for the office, the providing unit), ``edit``
    (subject, no provider: a draft keeps its provider) or ``correct`` (no subject: a
    correction never changes whom the record is about; a reason is required).
    """

    def __init__(self, *args, kind: str, user, mode: str = "create", record: CreditRecord | None = None, **kwargs):
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(record)
        super().__init__(*args, **kwargs)
        self.kind, self.user, self.mode = kind, user, mode
        fields = self.fields
        if mode == "create" and user.is_office:
            fields["provider"] = forms.ModelChoiceField(
                label=_model_label("provider"), queryset=Unit.objects.active(),
                initial=user.unit_id if user.unit_id else None,
            )
        if mode in {"create", "edit"}:
            self._add_subject_fields()
        if kind in DISHONESTY_KINDS:
            fields["severity"] = forms.ChoiceField(label=_model_label("severity"),
                                                   choices=[("", "---------"), *Severity.choices])
        if kind in SANCTION_KINDS:
            allowed = SANCTION_KINDS[kind]
            fields["sanction_type"] = forms.ChoiceField(
                label=_model_label("sanction_type"),
                choices=[("", "---------"), *((s.value, s.label) for s in SanctionType if s in allowed)],
            )
        if kind == RecordKind.ANNUAL_ASSESSMENT:
            fields["assessment_grade"] = forms.ChoiceField(label=_model_label("assessment_grade"),
                                                           choices=[("", "---------"), *AssessmentGrade.choices])
        fields["title"] = forms.CharField(label=_model_label("title"), max_length=200)
        fields["facts"] = forms.CharField(label=_model_label("facts"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 4}))
        fields["legal_basis"] = forms.CharField(label=_model_label("legal_basis"), required=False,
                                                widget=forms.Textarea(attrs={"rows": 2}))
        if column_applies(kind, "decision_body"):  # else the kind's own 处分机关 field is the body: asked once
            fields["decision_body"] = forms.CharField(label=_model_label("decision_body"), max_length=100,
                                                      required=False)
        fields["decision_number"] = forms.CharField(label=_model_label("decision_number"), max_length=100,
                                                    required=False)
        fields["decision_date"] = forms.DateField(label=_model_label("decision_date"), widget=_date_widget())
        fields["act_start"] = forms.DateField(label=_model_label("act_start"), required=False, widget=_date_widget())
        fields["act_end"] = forms.DateField(label=_model_label("act_end"), required=False, widget=_date_widget())
        self.specs = specs_for(kind)
        for spec in self.specs:
            fields[DETAIL_PREFIX + spec.name] = _detail_field(spec)
        if mode == "edit" and record is not None:
            # The revision the editor saw; the service refuses the save if the draft changed since.
            fields["revision"] = forms.CharField(required=False, widget=forms.HiddenInput, label="",
                                                 initial=edit_revision(record))
        if mode == "correct":
            fields["reason"] = forms.CharField(label=_("更正理由"), widget=forms.Textarea(attrs={"rows": 3}),
                                               help_text=_("将生成新版本，原版本保留。"))

    def _add_subject_fields(self):
        kind, fields = self.kind, self.fields
        if kind not in PERSON_ONLY_KINDS and kind not in UNIT_ONLY_KINDS:
            fields["subject_type"] = forms.ChoiceField(label=_model_label("subject_type"), choices=SubjectType.choices,
                                                       widget=forms.RadioSelect)
        if kind not in UNIT_ONLY_KINDS:
            fields["civil_servant"] = forms.ModelChoiceField(
                label=_model_label("civil_servant"), required=kind in PERSON_ONLY_KINDS,
                queryset=CivilServant.objects.visible_to(self.user).select_related("unit").order_by("unit", "name"),
            )
            fields["civil_servant"].label_from_instance = lambda s: gettext("%(name)s（%(unit)s）") % {
                "name": s.name, "unit": s.unit.name}
        if kind not in PERSON_ONLY_KINDS:
            fields["subject_unit"] = forms.ModelChoiceField(
                label=_model_label("subject_unit"), required=kind in UNIT_ONLY_KINDS,
                queryset=Unit.objects.active(),
            )

    # --- groups for the template
    def subject_fields(self):
        return [self[n] for n in ("provider", "subject_type", "civil_servant", "subject_unit") if n in self.fields]

    def common_fields(self):
        names = ("severity", "sanction_type", "assessment_grade", *TEXT_FIELDS, *DATE_FIELDS)
        return [self[n] for n in names if n in self.fields]

    def detail_fields(self):
        return [self[n] for n in self.fields if n.startswith(DETAIL_PREFIX)]

    def reason_fields(self):
        # The hidden revision rides along here: the record form template renders these groups only.
        return [self[n] for n in ("reason", "revision") if n in self.fields]

    def expected_revision(self) -> str | None:
        """The revision posted with an edit (None: the client sent none, no check)."""
        return (self.cleaned_data.get("revision") or "").strip() or None

    # --- cleaning and mapping
    def clean(self):
        data = super().clean()
        if self.mode == "correct":
            return data
        subject_type = self._subject_type(data)
        if subject_type == SubjectType.PERSON and "civil_servant" in self.fields and not data.get("civil_servant"):
            if "civil_servant" not in self.errors:
                self.add_error("civil_servant", _("请选择公务员。"))
        if subject_type == SubjectType.UNIT and "subject_unit" in self.fields and not data.get("subject_unit"):
            if "subject_unit" not in self.errors:
                self.add_error("subject_unit", _("请选择主体单位。"))
        return data

    def _subject_type(self, data) -> str | None:
        if self.kind in PERSON_ONLY_KINDS:
            return SubjectType.PERSON
        if self.kind in UNIT_ONLY_KINDS:
            return SubjectType.UNIT
        return data.get("subject_type") or None

    def service_fields(self) -> dict:
        """Keyword arguments for ``record_create`` / ``record_update_draft`` / ``record_correct``."""
        data = self.cleaned_data
        fields = {name: data.get(name) or "" for name in TEXT_FIELDS}
        fields.update({name: data.get(name) for name in DATE_FIELDS})
        for name in ("severity", "sanction_type", "assessment_grade"):
            fields[name] = data.get(name, "") or ""
        details = {}
        for spec in self.specs:
            value = data.get(DETAIL_PREFIX + spec.name)
            if value not in (None, ""):
                details[spec.name] = value
        fields["details"] = details
        if self.mode != "correct":
            subject_type = self._subject_type(data)
            fields["subject_type"] = subject_type
            fields["civil_servant"] = data.get("civil_servant") if subject_type == SubjectType.PERSON else None
            fields["subject_unit"] = data.get("subject_unit") if subject_type == SubjectType.UNIT else None
        if self.mode == "create":
            fields["kind"] = self.kind
        return fields

    def field_for(self, key: str) -> str | None:
        """The form field a service error key belongs to (None: a non-field error)."""
        if key.startswith("details."):
            key = DETAIL_PREFIX + key.split(".", 1)[1]
        if key in {"civil_servant", "subject_unit"} and key not in self.fields and "subject_type" in self.fields:
            key = "subject_type"
        return key if key in self.fields else None


def initial_from(record: CreditRecord) -> dict:
    initial = {name: getattr(record, name) for name in (*TEXT_FIELDS, *DATE_FIELDS)}
    initial.update(severity=record.severity, sanction_type=record.sanction_type,
                   assessment_grade=record.assessment_grade, subject_type=record.subject_type,
                   civil_servant=record.civil_servant_id, subject_unit=record.subject_unit_id)
    for name, value in (record.details or {}).items():
        initial[DETAIL_PREFIX + name] = value
    return initial


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field."""
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    field_for = getattr(form, "field_for", lambda key: key if key in form.fields else None)
    for key, messages in items:
        target = field_for(key) if key else None
        for message in messages:
            form.add_error(target, message)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("撤销后记录不再生效，历史保留。"))


class DecisionChangedForm(forms.Form):
    on = forms.DateField(label=_("原决定撤销或变更日期"), widget=_date_widget())
    reason = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("登记后须在 %(period)s内更正或撤销本记录。") % {
            "period": policy_text("record_update_after_decision_change")}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("证明材料"),
                           help_text=_("PDF、OFD、JPG、PNG、DOCX、XLSX，内容须与扩展名一致。"))
