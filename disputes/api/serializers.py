"""Serializers of the clue API. Staff serializers never carry contact details (they have their own, logged,
endpoint); the tracking answer is ``services.tracking_view``."""
from rest_framework import serializers

from records.models import Unit

from ..choices import ClueCategory, ClueOutcome, NoteVisibility
from ..models import ClearanceReport, ClearanceRow, ClueAssignment, ClueNote, ClueTransition, DisputeClue


class ClueSubmitSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ClueCategory.choices)
    body_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.active(), required=False, allow_null=True)
    body_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    description = serializers.CharField(max_length=5000, allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True)
    happened_on = serializers.DateField(required=False, allow_null=True)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    share_contact = serializers.BooleanField(required=False, default=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReceiptSerializer(serializers.Serializer):
    receipt_code = serializers.CharField(help_text="显示一次，仅保存其摘要。")
    reference = serializers.CharField()
    state = serializers.CharField()
    handling_unit = serializers.CharField()


class TrackNoteSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    body = serializers.CharField()
    unit = serializers.CharField()


class TrackingSerializer(serializers.Serializer):
    reference = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    is_open = serializers.BooleanField()
    body = serializers.CharField()
    handling_unit = serializers.CharField()
    submitted_on = serializers.DateField()
    acknowledged_on = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    extended = serializers.BooleanField()
    concluded_on = serializers.DateField(allow_null=True)
    outcome_reason = serializers.CharField()
    merged_into = serializers.CharField()
    notes = TrackNoteSerializer(many=True)
    rating = serializers.IntegerField(allow_null=True)
    rating_comment = serializers.CharField()
    can_rate = serializers.BooleanField()
    can_add_info = serializers.BooleanField()
    can_reopen = serializers.BooleanField()
    reopen_pending = serializers.BooleanField()


class ReceiptCodeSerializer(serializers.Serializer):
    receipt_code = serializers.CharField(max_length=64, help_text="受理回执码（在请求正文中，绝不放在网址里）")


class AddInfoSerializer(ReceiptCodeSerializer):
    body = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RateSerializer(ReceiptCodeSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class NotOursSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    competent_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True,
                                                        default=None, help_text="有权处理的区内单位：线索直接转交")
    competent_body = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                           help_text="有权处理的区外机关：线索办结并告知提交人向其反映")
    guidance = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenSerializer(ReceiptCodeSerializer):
    reason = serializers.CharField(allow_blank=True)


class RouteSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcknowledgeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteCreateSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    visibility = serializers.ChoiceField(choices=NoteVisibility.choices, default=NoteVisibility.INTERNAL)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ConcludeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ClueOutcome.choices)
    reason = serializers.CharField(allow_blank=True)
    merged_into = serializers.IntegerField(required=False, allow_null=True)
    breach = serializers.BooleanField(required=False, default=False)


class LinkSerializer(serializers.Serializer):
    commitment = serializers.IntegerField(allow_null=True)


class ReopenDecideSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class ClueSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    body = serializers.CharField(source="body_display", read_only=True)
    handling_unit_name = serializers.CharField(source="handling_unit.name", default="", read_only=True)
    acknowledge_due = serializers.DateField(source="acknowledge_clock.due_date", default=None, read_only=True)
    acknowledge_clock_state = serializers.CharField(source="acknowledge_clock.state", default="", read_only=True)
    conclude_due = serializers.DateField(source="conclude_clock.due_date", default=None, read_only=True)
    conclude_clock_state = serializers.CharField(source="conclude_clock.state", default="", read_only=True)

    class Meta:
        model = DisputeClue
        fields = ["id", "reference", "category", "state", "state_label", "body", "body_unit", "handling_unit",
                  "handling_unit_name", "amount", "happened_on", "anonymous", "share_contact", "commitment",
                  "submitted_on", "acknowledged_on", "acknowledged_on_time", "acknowledge_due",
                  "acknowledge_clock_state", "conclude_due", "conclude_clock_state", "extended_on", "concluded_on",
                  "concluded_on_time", "outcome_reason", "merged_into", "breach_found", "breach_record", "rating"]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.display_name", default="", read_only=True)
    unit_name = serializers.CharField(source="author_unit.name", default="", read_only=True)

    class Meta:
        model = ClueNote
        fields = ["id", "kind", "visibility", "body", "author_name", "unit_name", "at"]


class AssignmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", default="", read_only=True)
    assigned_by_name = serializers.CharField(source="assigned_by.display_name", default="", read_only=True)
    refused_by_name = serializers.CharField(source="refused_by.display_name", default="", read_only=True)

    class Meta:
        model = ClueAssignment
        fields = ["id", "unit", "unit_name", "how", "assigned_by_name", "assigned_at", "note", "ended_at",
                  "refused_by_name", "refusal_reason"]


class TransitionSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.display_name", default="", read_only=True)

    class Meta:
        model = ClueTransition
        fields = ["from_state", "to_state", "actor_name", "reason", "at"]


class ClueDetailSerializer(ClueSerializer):
    description = serializers.CharField(read_only=True)
    notes = NoteSerializer(many=True, read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)
    extension_reason = serializers.CharField(read_only=True)

    class Meta(ClueSerializer.Meta):
        fields = ClueSerializer.Meta.fields + ["description", "extension_reason", "notes", "assignments",
                                               "transitions"]
        read_only_fields = fields


class ContactSerializer(serializers.Serializer):
    anonymous = serializers.BooleanField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()


class ClearanceRowSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ClearanceRow
        fields = ["unit", "unit_name", "received", "acknowledged_on_time", "concluded", "concluded_on_time", "open",
                  "overdue", "median_days"]


class ClearanceReportSerializer(serializers.ModelSerializer):
    rows = ClearanceRowSerializer(many=True, read_only=True)

    class Meta:
        model = ClearanceReport
        fields = ["id", "title", "period_start", "period_end", "generated_at", "published_at", "summary", "rows"]
