from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import AssessmentGrade, SanctionType, Severity, SubjectType
from ..models import CivilServant, CreditRecord, CreditRecordVersion, RecordEvent, Unit
from .serializers import ScopedPrimaryKeyField


class ChoiceLabelField(serializers.CharField):
    """The label of a choice field's value, like ``source="get_<field>_display"`` but from a table built once
    per serializer: ``get_<field>_display()`` rebuilds and hashes the whole translated choice list on every
    call, which was half the time of a 500-record file (issue 10)."""

    def __init__(self, model_field: str, **kwargs):
        super().__init__(source=model_field, read_only=True, **kwargs)
        self._labels = None

    def to_representation(self, value):
        if self._labels is None:
            field = self.parent.Meta.model._meta.get_field(self.source)
            self._labels = {choice: str(label) for choice, label in field.flatchoices}
        return self._labels.get(value, value)


class RecordEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default=None, read_only=True)

    class Meta:
        model = RecordEvent
        fields = ["at", "actor", "action", "from_status", "to_status", "version", "changes", "reason"]


class RecordVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditRecordVersion
        fields = ["version", "snapshot", "reason", "created_at"]


class CreditRecordSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)
    subject_name = serializers.CharField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = CreditRecord
        fields = [
            "id", "subject_type", "civil_servant", "subject_unit", "subject_name", "kind", "kind_display",
            "severity", "severity_display", "sanction_type", "assessment_grade", "title", "facts", "legal_basis",
            "decision_body", "decision_number", "decision_date", "act_start", "act_end", "details",
            "provider", "provider_name", "status", "status_display", "version", "objection_open",
            "published_at", "published_late", "window_start", "window_end", "effect_end", "decision_changed_on",
            "created_at", "updated_at",
        ]
        read_only_fields = fields


class CreditRecordWriteSerializer(serializers.ModelSerializer):
    """Input for a draft. The subject person must be in the writer's scope; any unit may be a subject."""

    civil_servant = ScopedPrimaryKeyField(queryset=CivilServant.objects.all(), required=False, allow_null=True,
                                          label=_("公务员"))
    subject_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True,
                                                      label=_("主体单位"))
    provider = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False,
                                                  label=_("信息提供单位（仅区信用办可指定）"))
    details = serializers.JSONField(required=False)

    class Meta:
        model = CreditRecord
        fields = [
            "subject_type", "civil_servant", "subject_unit", "kind", "severity", "sanction_type", "assessment_grade",
            "title", "facts", "legal_basis", "decision_body", "decision_number", "decision_date", "act_start",
            "act_end", "details", "provider",
        ]
        extra_kwargs = {"severity": {"required": False}, "sanction_type": {"required": False},
                        "assessment_grade": {"required": False}}
        validators = []  # model constraints are checked by the service's full_clean()

    def validate(self, attrs):
        subject_type = attrs.get("subject_type", getattr(self.instance, "subject_type", None))
        if subject_type == SubjectType.PERSON and not attrs.get("civil_servant", getattr(self.instance, "civil_servant", None)):
            raise serializers.ValidationError({"civil_servant": [_("公务员记录须指定公务员。")]})
        if subject_type == SubjectType.UNIT and not attrs.get("subject_unit", getattr(self.instance, "subject_unit", None)):
            raise serializers.ValidationError({"subject_unit": [_("单位记录须指定主体单位。")]})
        return attrs


class RecordUpdateSerializer(CreditRecordWriteSerializer):
    class Meta(CreditRecordWriteSerializer.Meta):
        fields = [f for f in CreditRecordWriteSerializer.Meta.fields if f != "provider"]


class RecordCorrectSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("更正理由"))
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True)
    sanction_type = serializers.ChoiceField(choices=SanctionType.choices, required=False, allow_blank=True)
    assessment_grade = serializers.ChoiceField(choices=AssessmentGrade.choices, required=False, allow_blank=True)
    title = serializers.CharField(required=False, max_length=200)
    facts = serializers.CharField(required=False, allow_blank=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    decision_body = serializers.CharField(required=False, allow_blank=True, max_length=100)
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    decision_date = serializers.DateField(required=False)
    act_start = serializers.DateField(required=False, allow_null=True)
    act_end = serializers.DateField(required=False, allow_null=True)
    details = serializers.JSONField(required=False)


class RecordRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("理由"))


class DecisionChangedSerializer(serializers.Serializer):
    on = serializers.DateField(label=_("原决定撤销或变更日期"))
    reason = serializers.CharField(label=_("情况说明"))


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label=_("证明材料"))


class FileRecordSerializer(serializers.ModelSerializer):
    """One row of "my file": what it is, its state, who provided it and why it changed."""

    kind_display = ChoiceLabelField("kind")
    status_display = ChoiceLabelField("status")
    provider_name = serializers.CharField(read_only=True)  # annotated by the view (me/file/)
    history = RecordEventSerializer(many=True, read_only=True)  # prefetched to_attr="history" by the view

    class Meta:
        model = CreditRecord
        fields = [
            "id", "kind", "kind_display", "severity", "sanction_type", "assessment_grade", "status", "status_display",
            "version", "objection_open", "title", "facts", "legal_basis", "decision_body", "decision_number",
            "decision_date", "act_end", "details", "provider", "provider_name", "window_start", "window_end",
            "effect_end", "history",
        ]


class MyFileServantSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = CivilServant
        fields = ["id", "name", "id_number", "unit", "unit_name", "post", "rank", "status"]


