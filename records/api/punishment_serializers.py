"""Serializers of joint punishment: rectification cases, restriction flags, the credit check."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import Severity
from ..models import CreditRecord, RectificationCase, RestrictionFlag, Unit
from ..models.punishment import AccountabilityForm, RestrictionKind
from .serializers import ScopedPrimaryKeyField


class RectificationCaseSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    records = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    explanation_due = serializers.DateField(source="explanation_clock.due_date", read_only=True, default=None)
    report_due = serializers.DateField(source="report_clock.due_date", read_only=True, default=None)
    report_clock_state = serializers.CharField(source="report_clock.state", read_only=True, default=None)
    award_ineligible = serializers.BooleanField(read_only=True)

    class Meta:
        model = RectificationCase
        fields = ["id", "unit", "unit_name", "state", "state_label", "origin", "opened_on", "act_date", "records",
                  "reason", "explanation", "explained_at", "report_measures", "report_results",
                  "report_completed_on", "reported_at", "review_note", "explanation_due", "report_due",
                  "report_clock_state", "closed_on", "award_ineligible", "head_name", "accountability_form",
                  "accountability_decided_on", "accountability_record"]
        read_only_fields = fields


class RectificationOpenSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), label=_("整改单位"))
    records = serializers.PrimaryKeyRelatedField(queryset=CreditRecord.objects.all(), many=True,
                                                 label=_("所涉失信记录"))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ExplainSerializer(serializers.Serializer):
    explanation = serializers.CharField(label=_("书面说明"), allow_blank=True)


class ReportSerializer(serializers.Serializer):
    measures = serializers.CharField(label=_("整改措施"), allow_blank=True, required=False, default="")
    results = serializers.CharField(label=_("整改成效"), allow_blank=True, required=False, default="")
    completed_on = serializers.DateField(label=_("整改完成日期"), required=False, allow_null=True, default=None)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(label=_("验收意见"), required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("退回理由"), allow_blank=True)


class AccountabilitySerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=AccountabilityForm.choices, label=_("问责方式"))
    decision = serializers.CharField(label=_("问责决定"))
    decided_on = serializers.DateField(label=_("问责决定日期"))
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.GENERAL)


class RestrictionFlagSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = RestrictionFlag
        fields = ["id", "unit", "unit_name", "kind", "kind_label", "since", "until", "reason", "source_record"]
        read_only_fields = fields


class CreditCheckFlagSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RestrictionKind.choices)
    label = serializers.CharField()
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


class CreditCheckCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    opened_on = serializers.DateField()


class SeverityCountSerializer(serializers.Serializer):
    minor = serializers.IntegerField()
    general = serializers.IntegerField()
    serious = serializers.IntegerField()


class CreditCheckGradeSerializer(serializers.Serializer):
    period = serializers.CharField()
    period_label = serializers.CharField()
    grade = serializers.CharField()
    grade_label = serializers.CharField()
    total = serializers.CharField()
    published_on = serializers.DateField()


class CreditCheckSerializer(serializers.Serializer):
    """The credit-check answer (documentation only: the view returns ``records.credit_checks.credit_check_perform``'s dict)."""

    code = serializers.CharField()
    name = serializers.CharField()
    checked_on = serializers.DateField()
    listed_as_judgment_defaulter = serializers.BooleanField()
    restriction_flags = CreditCheckFlagSerializer(many=True)
    open_rectification = CreditCheckCaseSerializer(many=True)
    award_eligible = serializers.BooleanField()
    award_ineligible_reasons = serializers.ListField(child=serializers.CharField(),
                                                     help_text="why not eligible (records.effects)")
    published_records_by_severity = SeverityCountSerializer()
    latest_grade = CreditCheckGradeSerializer(allow_null=True, help_text=_("最近一次已公布的考核等次；从未考核为 null。"))
    purpose = serializers.CharField()
    matter = serializers.CharField()
    check_id = serializers.IntegerField(help_text=_("本次核查的记录编号（已留痕）。"))
