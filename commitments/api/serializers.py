from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.choices import STAFF_ROLES
from records.models import CivilServant, Unit, person_file_scope

from ..choices import CONCLUDED_STATUSES, ChangeKind, LegalBasis, PppStage
from ..models import Commitment, CommitmentChange, Evidence, Milestone, ResponsibleOfficial, is_staff_reader


class CommitmentListSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    publication_type_display = serializers.CharField(source="get_publication_type_display", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id", "code", "title", "unit", "unit_name", "unit_code", "kind", "kind_display", "service_area",
            "reason", "content", "liability", "committed_on", "valid_until", "amount", "publication_type",
            "publication_type_display", "counterparty_name", "counterparty_type", "counterparty_code",
            "accepting_unit", "parent", "weight", "status", "status_display", "progress", "unfulfilled_content",
            "concluded_on", "published_at", "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not is_staff_reader(getattr(request, "user", None)):
            data["counterparty_name"] = instance.public_counterparty_name  # a natural person: 张** (issue 16)
        return data


class CommitmentEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class CommitmentMilestoneSerializer(serializers.ModelSerializer):
    evidence = CommitmentEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "weight", "done_on", "overdue", "overdue_since", "note", "evidence"]
        read_only_fields = ["done_on", "overdue", "overdue_since", "note", "evidence"]


class CommitmentChangeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    legal_basis_display = serializers.CharField(source="get_legal_basis_display", read_only=True)

    class Meta:
        model = CommitmentChange
        fields = ["id", "kind", "kind_display", "legal_basis", "legal_basis_display", "legal_basis_text",
                  "approved_by", "approval_document", "approved_on", "compensation", "compensation_amount",
                  "old_terms", "new_terms", "old_valid_until", "new_valid_until", "created_at"]


class CommitmentOfficialSerializer(serializers.ModelSerializer):
    civil_servant = serializers.SerializerMethodField()

    class Meta:
        model = ResponsibleOfficial
        fields = ["id", "stage", "person_name", "title", "civil_servant", "start", "end"]

    def get_civil_servant(self, obj) -> int | None:
        """The person only to those whose record scope covers them (issue 16); others get name and post."""
        covered = self.context.get("covered_servants")
        if covered is None:
            request = self.context.get("request")
            covered = servants_covered(getattr(request, "user", None), [obj])
        return obj.civil_servant_id if obj.civil_servant_id in covered else None


def servants_covered(user, officials) -> set[int]:
    """Of the officials' civil servants, those whose personal file ``user`` may read (one query)."""
    ids = {o.civil_servant_id for o in officials if o.civil_servant_id}
    if not ids or not (user and user.is_authenticated):
        return set()
    return set(CivilServant.objects.filter(person_file_scope(user), pk__in=ids).values_list("pk", flat=True))


class CommitmentDetailSerializer(CommitmentListSerializer):
    milestones = CommitmentMilestoneSerializer(many=True, read_only=True)
    changes = CommitmentChangeSerializer(many=True, read_only=True)
    children = serializers.SerializerMethodField()
    officials = serializers.SerializerMethodField()

    class Meta(CommitmentListSerializer.Meta):
        fields = [*CommitmentListSerializer.Meta.fields, "milestones", "changes", "children", "officials"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, obj):
        return [{"id": c.pk, "title": c.title, "weight": c.weight, "progress": str(c.progress), "status": c.status}
                for c in obj.children.all()]

    @extend_schema_field(CommitmentOfficialSerializer(many=True, allow_null=True))
    def get_officials(self, obj):
        """Responsible officials (clause 13 traceback) are for staff, not the public."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES))):
            return None
        officials = list(obj.officials.all())
        return CommitmentOfficialSerializer(officials, many=True, context={
            **self.context, "covered_servants": servants_covered(user, officials)}).data


class WritableCommitmentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return Commitment.objects.writable_by(request.user if request else None)


class CommitmentWriteSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False,
                                              label=_("承诺单位（仅区信用办可指定）"))
    parent = WritableCommitmentField(required=False, allow_null=True, label=_("所属承诺清单"))

    class Meta:
        model = Commitment
        fields = ["code", "title", "unit", "kind", "service_area", "reason", "content", "liability", "committed_on",
                  "valid_until", "amount", "publication_type", "counterparty_name", "counterparty_type",
                  "counterparty_code", "accepting_unit", "parent", "weight"]
        # Uniqueness, checksums and constraints are checked by the service's full_clean().
        extra_kwargs = {"code": {"validators": [], "required": False},
                        "counterparty_code": {"validators": []}}
        validators = []


class CommitmentUpdateSerializer(CommitmentWriteSerializer):
    class Meta(CommitmentWriteSerializer.Meta):
        fields = [f for f in CommitmentWriteSerializer.Meta.fields if f != "unit"]


class CommitmentConcludeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=sorted(CONCLUDED_STATUSES), label=_("履行结果"))
    on = serializers.DateField(required=False, label=_("认定日期"))
    unfulfilled_content = serializers.CharField(required=False, allow_blank=True, label=_("未履行内容"))


class ChangeWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices, required=False, allow_blank=True)
    legal_basis_text = serializers.CharField(required=False, allow_blank=True)
    approved_by = serializers.CharField(required=False, allow_blank=True)
    approval_document = serializers.CharField(required=False, allow_blank=True)
    approved_on = serializers.DateField(required=False, allow_null=True)
    compensation = serializers.CharField(required=False, allow_blank=True)
    compensation_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    new_terms = serializers.CharField(required=False, allow_blank=True)
    new_valid_until = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        # Missing fields reach the service as blanks: its messages cite clause 9.
        for name in ("legal_basis", "legal_basis_text", "approved_by", "compensation"):
            attrs.setdefault(name, "")
        attrs.setdefault("approved_on", None)
        return attrs


class CommitmentBreachSerializer(serializers.Serializer):
    breached_on = serializers.DateField(label=_("违诺日期"))
    found_on = serializers.DateField(required=False, label=_("认定日期"))
    unfulfilled_content = serializers.CharField(label=_("未履行内容"))
    stage = serializers.ChoiceField(choices=PppStage.choices, required=False, allow_blank=True)


class MilestoneWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    weight = serializers.IntegerField()


class OfficialWriteSerializer(serializers.Serializer):
    person_name = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    stage = serializers.ChoiceField(choices=PppStage.choices, required=False, allow_blank=True)
    start = serializers.DateField()
    civil_servant = serializers.PrimaryKeyRelatedField(queryset=CivilServant.objects.all(), required=False,
                                                       allow_null=True)

    def validate_civil_servant(self, value):
        request = self.context.get("request")
        if value is not None and not CivilServant.objects.visible_to(request.user).filter(pk=value.pk).exists():
            raise serializers.ValidationError(_("无此公务员或您无权查看。"))
        return value
