"""One snake_case field per column of the national standard (DESIGN.md §4 ``decisions/``)."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import Act, IdType, LicenceCategory, PenaltyCategory, PenaltySeverity, SubjectCategory, ValidityStatus
from ..models import Decision, DecisionTransition
from ..selectors import masked

STANDARD_FIELDS = [
    "act", "subject_category", "subject_name", "subject_code", "registration_number", "organisation_code",
    "tax_number", "institution_number", "social_org_number", "id_type", "id_number", "legal_representative",
    "representative_id_type", "representative_id_number", "document_name", "document_number", "decision_date",
    "violation_type", "violation_facts", "legal_basis", "penalty_categories", "severity", "content", "fine_amount",
    "confiscated_amount", "licence_suspended", "penalty_valid_until", "licence_category", "certificate_name",
    "certificate_number", "valid_from", "valid_to", "validity_status", "note",
]
STATE_FIELDS = ["id", "version", "previous", "status", "department", "department_name", "department_code",
                "source_unit_name", "source_unit_code", "subject", "published_at", "published_on_time",
                "disclosed", "not_disclosed_reason", "publication_starts", "publication_ends", "repairable_from",
                "completeness", "replaced_at", "created_at", "updated_at"]


class DecisionSerializer(serializers.ModelSerializer):
    """A decision as its department and the office read it. ID numbers are masked for everyone else
    (``context["sees_id"]``, from ``selectors.id_reader``)."""

    subject_code = serializers.CharField(source="subject.code", read_only=True)
    registration_number = serializers.CharField(source="subject.registration_number", read_only=True)
    organisation_code = serializers.CharField(source="subject.organisation_code", read_only=True)
    tax_number = serializers.CharField(source="subject.tax_number", read_only=True)
    institution_number = serializers.CharField(source="subject.institution_number", read_only=True)
    social_org_number = serializers.CharField(source="subject.social_org_number", read_only=True)
    id_type = serializers.CharField(source="subject.id_type", read_only=True)
    id_number = serializers.SerializerMethodField()
    representative_id_number = serializers.SerializerMethodField()
    department_name = serializers.CharField(source="department.name", read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True)
    source_unit_name = serializers.SerializerMethodField()
    source_unit_code = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = STANDARD_FIELDS + STATE_FIELDS
        read_only_fields = fields

    def _sees(self, decision) -> bool:
        sees = self.context.get("sees_id")
        return bool(sees and sees(decision))

    def get_id_number(self, decision) -> str:
        number = decision.subject.id_number
        return number if self._sees(decision) else masked(number)

    def get_representative_id_number(self, decision) -> str:
        number = decision.representative_id_number
        return number if self._sees(decision) else masked(number)

    def get_source_unit_name(self, decision) -> str:
        return (decision.source_unit or decision.department).name

    def get_source_unit_code(self, decision) -> str:
        return (decision.source_unit or decision.department).code


class PublicDecisionSerializer(DecisionSerializer):
    """What the public sees of a published decision: the standard's columns, ID numbers masked, nothing internal."""

    class Meta(DecisionSerializer.Meta):
        fields = STANDARD_FIELDS + ["id", "version", "department_name", "department_code", "source_unit_name",
                                    "source_unit_code", "subject", "publication_ends"]
        read_only_fields = fields

    def _sees(self, decision) -> bool:
        return False


class TransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionTransition
        fields = ["at", "from_state", "to_state", "reason"]


def _choice(choices, **kw):
    return serializers.CharField(required=False, allow_blank=True,
                                 help_text=_("代码或标准中的中文名称：") + "、".join(f"{c}（{label}）" for c, label in choices.choices),
                                 **kw)


class DecisionWriteSerializer(serializers.Serializer):
    """A row as entered: text as in the standard's files is accepted (dates, 万元 amounts, Chinese labels); the
    checks are ``decisions.validation.check_decision``'s, so a form, the API and the import agree."""

    act = _choice(Act)
    subject_category = _choice(SubjectCategory)
    subject_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    subject_code = serializers.CharField(required=False, allow_blank=True, max_length=18,
                                         help_text=_("统一社会信用代码（GB 32100 校验）"))
    registration_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    organisation_code = serializers.CharField(required=False, allow_blank=True, max_length=50)
    tax_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    institution_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    social_org_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    id_type = _choice(IdType)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    legal_representative = serializers.CharField(required=False, allow_blank=True, max_length=100)
    representative_id_type = _choice(IdType)
    representative_id_number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    document_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    document_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    decision_date = serializers.CharField(required=False, allow_blank=True, help_text="YYYY-MM-DD")
    violation_type = serializers.CharField(required=False, allow_blank=True, max_length=200)
    violation_facts = serializers.CharField(required=False, allow_blank=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    penalty_categories = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                               max_length=len(PenaltyCategory),
                                               help_text=_("处罚类别（可多选）：")
                                               + "、".join(f"{c}（{label}）" for c, label in PenaltyCategory.choices))
    severity = _choice(PenaltySeverity)
    content = serializers.CharField(required=False, allow_blank=True)
    fine_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=30,
                                        help_text=_("万元，数字"))
    confiscated_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=30,
                                               help_text=_("万元，数字"))
    licence_suspended = serializers.CharField(required=False, allow_blank=True, max_length=200)
    penalty_valid_until = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    licence_category = _choice(LicenceCategory)
    certificate_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    valid_from = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    valid_to = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    validity_status = _choice(ValidityStatus)
    note = serializers.CharField(required=False, allow_blank=True)


class PublishSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), allow_empty=False,
                                max_length=1000, help_text=_("本单位草稿的编号"))


class PublishedSerializer(serializers.Serializer):
    published = serializers.IntegerField()


class QualitySerializer(serializers.Serializer):
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    year = serializers.IntegerField()
    decisions = serializers.IntegerField(help_text=_("考核年度作出的决定数（首版）"))
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField(help_text=_("逾期仍未公示的决定数"))
    timely_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, help_text="%")
    checked = serializers.IntegerField()
    passed_first_check = serializers.IntegerField()
    compliance_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, help_text="%")
    completeness_rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, help_text="%")


class QualityQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2200)
