"""Choices of the commitments app (seed clauses 8, 9, 13, 14, 16, 17, 19)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.choices import RecordKind


class CommitmentKind(models.TextChoices):
    INVESTMENT_PROMOTION = "investment_promotion", _("招商引资政策承诺")
    PPP = "ppp", _("政府和社会资本合作（PPP）项目")
    ENTERPRISE_CONTRACT = "enterprise_contract", _("重要涉企合同协议")
    PUBLIC_SERVICE = "public_service", _("镇（街道）公共服务承诺")
    AIR_POLLUTION = "air_pollution", _("大气污染防治目标任务承诺")
    APPROVAL_TIME_LIMIT = "approval_time_limit", _("行政审批办理时限承诺")


class ServiceArea(models.TextChoices):
    """Clause 19: the public services a town or street commits to."""

    EMPLOYMENT = "employment", _("就业")
    PROPERTY_MANAGEMENT = "property_management", _("物业")
    SCHOOLING = "schooling", _("就学")
    HEALTH = "health", _("卫生计生")
    ELDERLY_CARE = "elderly_care", _("养老")
    DISABILITY = "disability", _("助残")
    POVERTY = "poverty", _("扶贫")
    MEDICAL_INSURANCE = "medical_insurance", _("医保")
    HOUSING = "housing", _("住房")
    TRANSPORT = "transport", _("出行")
    PARKING = "parking", _("停车")
    SAFETY = "safety", _("防火防盗")
    MILITARY_FAMILIES = "military_families", _("拥军优属")
    OTHER = "other", _("其他")


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_FORCE = "in_force", _("履行中")
    CHANGED = "changed", _("依法变更后履行中")
    FULFILLED = "fulfilled", _("全部履行")
    PARTLY_FULFILLED = "partly_fulfilled", _("部分履行")
    UNFULFILLED = "unfulfilled", _("未履行")
    TERMINATED = "terminated", _("依法终止")


# A changed commitment is back in force under its new terms.
IN_FORCE_STATUSES = frozenset({CommitmentStatus.IN_FORCE, CommitmentStatus.CHANGED})
CONCLUDED_STATUSES = frozenset({CommitmentStatus.FULFILLED, CommitmentStatus.PARTLY_FULFILLED,
                                CommitmentStatus.UNFULFILLED})
_FROM_IN_FORCE = {CommitmentStatus.FULFILLED, CommitmentStatus.PARTLY_FULFILLED, CommitmentStatus.UNFULFILLED,
                  CommitmentStatus.CHANGED, CommitmentStatus.TERMINATED}
COMMITMENT_TRANSITIONS = {
    CommitmentStatus.DRAFT: {CommitmentStatus.IN_FORCE},
    CommitmentStatus.IN_FORCE: _FROM_IN_FORCE,
    CommitmentStatus.CHANGED: _FROM_IN_FORCE,
    CommitmentStatus.FULFILLED: set(),
    CommitmentStatus.PARTLY_FULFILLED: set(),
    CommitmentStatus.UNFULFILLED: set(),
    CommitmentStatus.TERMINATED: set(),
}
# A breach may be found while the commitment runs or once it is concluded as not (fully) kept.
BREACH_STATUSES = IN_FORCE_STATUSES | {CommitmentStatus.PARTLY_FULFILLED, CommitmentStatus.UNFULFILLED}


class PublicationType(models.TextChoices):
    """公开类型 of the credit-commitment data standard."""

    PUBLIC = "public", _("向社会公开")
    LIMITED = "limited", _("特定范围公开")
    NOT_PUBLIC = "not_public", _("不公开")


class CounterpartyType(models.TextChoices):
    ORGANISATION = "organisation", _("法人及非法人组织")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    NATURAL_PERSON = "natural_person", _("自然人")
    THE_PUBLIC = "the_public", _("社会公众")


ORGANISATION_TYPES = frozenset({CounterpartyType.ORGANISATION, CounterpartyType.INDIVIDUAL_BUSINESS})


class PppStage(models.TextChoices):
    """Clause 13: the stages of a PPP project; labels match the PPP record's ``stage`` choice."""

    PREPARATION = "preparation", _("项目筹备")
    BIDDING = "bidding", _("招标投标")
    PROCUREMENT = "procurement", _("政府采购")
    FINANCING = "financing", _("融资")
    IMPLEMENTATION = "implementation", _("实施")


class ChangeKind(models.TextChoices):
    CHANGE = "change", _("变更")
    TERMINATE = "terminate", _("终止")


class LegalBasis(models.TextChoices):
    """Clause 9: the only grounds on which a commitment may be changed."""

    NATIONAL_INTEREST = "national_interest", _("国家利益需要")
    PUBLIC_INTEREST = "public_interest", _("公共利益需要")
    STATUTORY_CAUSE = "statutory_cause", _("其他法定事由")


# Clause 9: "不得以政府换届、相关责任人更替等理由不予履行". Any of these in the stated basis refuses it.
RESHUFFLE_WORDS = (
    "换届", "届满", "领导更替", "领导变更", "领导调整", "领导变动", "领导班子", "班子调整", "新领导", "前任",
    "责任人更替", "责任人变更", "责任人调整", "负责人更替", "负责人变更", "负责人调整", "人事变动", "人事调整",
    "人员变动", "人员调整", "机构改革", "调离", "离任",
)

# The dishonesty record a breach opens (records.choices.RecordKind), with the details its field set needs.
BREACH_RECORD_KINDS = {
    CommitmentKind.INVESTMENT_PROMOTION: RecordKind.INVESTMENT_PROMOTION,
    CommitmentKind.PPP: RecordKind.PPP,
    CommitmentKind.ENTERPRISE_CONTRACT: RecordKind.PROPERTY_RIGHTS,
    CommitmentKind.AIR_POLLUTION: RecordKind.AIR_POLLUTION,
    CommitmentKind.APPROVAL_TIME_LIMIT: RecordKind.APPROVAL_TIME_LIMIT,
    # No record kind fits a town's public-service promise yet; see the report to the lead.
}


#: What each ``CommitmentEvent.action`` means, as the timeline and the admin show it.
ACTION_LABELS = {
    "create": _("登记"), "edit": _("修改草稿"), "publish": _("公开"), "conclude": _("履行认定"),
    "change": _("依法变更"), "terminate": _("依法终止"), "official": _("调整责任人"),
    "milestone_add": _("新增节点"), "milestone_done": _("节点完成"), "milestone_overdue": _("节点逾期"),
    "evidence": _("上传材料"), "breach": _("认定违诺"),
}
