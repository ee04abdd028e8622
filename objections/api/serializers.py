from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from records.api.record_serializers import RecordCorrectSerializer
from workdays.calendar import get_calendar

from ..choices import AnswerPolicy, ObjectionOutcome, Punishment, RecordAction, RepairOutcome
from ..models import Evidence, Objection, ObjectionTransition, Repair, RepairTransition
from ..selectors import days_left


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ObjectionTransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default=None, read_only=True)
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)

    class Meta:
        model = ObjectionTransition
        fields = ["at", "actor", "from_state", "to_state", "reason"]


class RepairTransitionSerializer(ObjectionTransitionSerializer):
    class Meta(ObjectionTransitionSerializer.Meta):
        model = RepairTransition


class ObjectionSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True, help_text="submitted / under_review / upheld / partly_upheld / "
                                                            "rejected / withdrawn")
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    record_title = serializers.CharField(source="record.title", read_only=True)
    record_kind = serializers.CharField(source="record.kind", read_only=True)
    record_status = serializers.CharField(source="record.status", read_only=True)
    current_record_version = serializers.IntegerField(source="record.version", read_only=True)
    provider = serializers.IntegerField(source="record.provider_id", read_only=True)
    provider_name = serializers.CharField(source="record.provider.name", read_only=True)
    applicant_name = serializers.CharField(source="applicant.display_name", read_only=True)
    deadline = serializers.DateField(source="clock.due_date", default=None, read_only=True)
    clock = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Objection
        fields = [
            "id", "record", "record_title", "record_kind", "record_status", "record_version",
            "current_record_version", "provider", "provider_name", "applicant", "applicant_name", "applicant_unit",
            "reason", "state", "state_display", "policy_key", "deadline", "clock", "filed_on", "filed_at",
            "reviewed_at", "decided_at", "decided_on", "decision_reason", "record_action", "answered_on_time",
            "working_days_taken", "evidence",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_clock(self, objection):
        clock = objection.clock
        if clock is None:
            return None
        return {"start_date": clock.start_date, "due_date": clock.due_date, "state": clock.state,
                "provisional": clock.provisional, "calendar_revision": clock.calendar_revision,
                "days_left": days_left(objection, cal=self._calendar())}

    def _calendar(self):
        # One calendar read for the whole list (the child serializers share the context).
        if "calendar" not in self.context:
            self.context["calendar"] = get_calendar()
        return self.context["calendar"]


class ObjectionDetailSerializer(ObjectionSerializer):
    transitions = ObjectionTransitionSerializer(many=True, read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta(ObjectionSerializer.Meta):
        fields = [*ObjectionSerializer.Meta.fields, "transitions", "explanation"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_explanation(self, objection):
        from workdays.services import clock_explain

        return clock_explain(objection.clock) if objection.clock_id else None


class ObjectionCreateSerializer(serializers.Serializer):
    record = serializers.IntegerField(label=_("信用记录（编号）"))
    reason = serializers.CharField(label=_("异议理由"), allow_blank=True, required=False, default="")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                     label=_("证明材料"))


class ObjectionDecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ObjectionOutcome.choices, label=_("核查结论"))
    reason = serializers.CharField(label=_("核查意见"), allow_blank=True, required=False, default="")
    record_action = serializers.ChoiceField(choices=RecordAction.choices, required=False, allow_blank=True,
                                            default="", label=_("记录处理"))
    corrections = serializers.DictField(required=False, default=dict, label=_("更正内容"))

    def validate_corrections(self, value):
        if not value:
            return {}
        checked = RecordCorrectSerializer(data={**value, "reason": "-"})
        checked.is_valid(raise_exception=True)
        data = dict(checked.validated_data)
        data.pop("reason", None)
        unknown = set(value) - set(data)
        if unknown:
            raise serializers.ValidationError(_("不能更正的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
        return data


class ObjectionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("理由"), allow_blank=True, required=False, default="")


class ObjectionExtendSerializer(ObjectionReasonSerializer):
    days = serializers.IntegerField(min_value=1, max_value=60, label=_("延长工作日数"))


class ObjectionPeriodSerializer(ObjectionReasonSerializer):
    policy_key = serializers.ChoiceField(choices=AnswerPolicy.choices, label=_("答复期限规则"),
                                         help_text="objection_answer (district) / objection_answer_provincial / "
                                                   "objection_answer_provincial_verify; the days are the policy row's")


class RepairSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True, help_text="submitted / approved / rejected")
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    record_title = serializers.CharField(source="record.title", read_only=True)
    record_status = serializers.CharField(source="record.status", read_only=True)
    window_end = serializers.DateField(source="record.window_end", read_only=True)
    effect_end = serializers.DateField(source="record.effect_end", read_only=True)
    applicant_name = serializers.CharField(source="applicant.display_name", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Repair
        fields = [
            "id", "record", "decision", "record_title", "record_status", "applicant", "applicant_name", "applicant_unit",
            "losses_recovered", "effects_removed", "harm_stopped", "statement", "earliest_date", "state",
            "state_display", "filed_on", "filed_at", "decided_at", "decision_reason", "punishment",
            "window_end_before", "effect_end_before", "window_end", "effect_end", "evidence",
        ]
        read_only_fields = fields


class RepairDetailSerializer(RepairSerializer):
    transitions = RepairTransitionSerializer(many=True, read_only=True)

    class Meta(RepairSerializer.Meta):
        fields = [*RepairSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class RepairCreateSerializer(serializers.Serializer):
    record = serializers.IntegerField(label=_("信用记录（编号）"), required=False, min_value=1, max_value=2**62)
    decision = serializers.IntegerField(label=_("双公示行政决定（编号）"), required=False, min_value=1, max_value=2**62,
                                        help_text=_("行政相对人申请提前结束公示：由决定机关登记。与 record 二选一。"))
    statement = serializers.CharField(label=_("自我纠错情况说明"), allow_blank=True, required=False, default="")
    losses_recovered = serializers.BooleanField(required=False, default=False)
    effects_removed = serializers.BooleanField(required=False, default=False)
    harm_stopped = serializers.BooleanField(required=False, default=False)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate(self, attrs):
        if ("record" in attrs) == ("decision" in attrs):
            raise serializers.ValidationError({"record": [_("请指定信用记录或双公示决定（二选一）。")]})
        return attrs


class RepairDecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=RepairOutcome.choices, label=_("决定"))
    reason = serializers.CharField(label=_("理由"), allow_blank=True, required=False, default="")
    punishment = serializers.ChoiceField(choices=Punishment.choices, required=False, default=Punishment.UNCHANGED,
                                         label=_("惩戒措施"))
