"""Enumerations of the national 双公示 data standards (行政许可、行政处罚信息数据规范) and of the decision's life."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Act(models.TextChoices):
    LICENCE = "licence", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    ENFORCEMENT = "enforcement", _("行政强制")
    CONFIRMATION = "confirmation", _("行政确认")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")


#: The two halves of 双公示 with the full national field sets; the other four share a smaller set.
DUAL_PUBLICATION_ACTS = (Act.LICENCE, Act.PENALTY)


class SubjectCategory(models.TextChoices):
    LEGAL_PERSON = "legal_person", _("法人及非法人组织")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    NATURAL_PERSON = "natural_person", _("自然人")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("身份证")
    PASSPORT = "passport", _("护照号")
    HK_MACAO_PASS = "hk_macao_pass", _("港澳居民来往内地通行证")
    TAIWAN_PASS = "taiwan_pass", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")


class LicenceCategory(models.TextChoices):
    GENERAL = "general", _("普通")
    FRANCHISE = "franchise", _("特许")
    RECOGNITION = "recognition", _("认可")
    APPROVAL = "approval", _("核准")
    REGISTRATION = "registration", _("登记")
    OTHER = "other", _("其他")


class PenaltyCategory(models.TextChoices):
    """《中华人民共和国行政处罚法》第九条, plus 其他 of the data standard."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATE_GAINS = "confiscate_gains", _("没收违法所得")
    CONFISCATE_PROPERTY = "confiscate_property", _("没收非法财物")
    SUSPEND_LICENCE = "suspend_licence", _("暂扣许可证件")
    LOWER_QUALIFICATION = "lower_qualification", _("降低资质等级")
    REVOKE_LICENCE = "revoke_licence", _("吊销许可证件")
    RESTRICT_BUSINESS = "restrict_business", _("限制开展生产经营活动")
    SUSPEND_BUSINESS = "suspend_business", _("责令停产停业")
    CLOSE = "close", _("责令关闭")
    RESTRICT_PRACTICE = "restrict_practice", _("限制从业")
    DETENTION = "detention", _("行政拘留")
    OTHER = "other", _("其他")


#: A penalty of only these categories is not published (国家发展改革委令 2023 年第 58 号).
REPRIMAND_ONLY = frozenset({PenaltyCategory.WARNING, PenaltyCategory.CRITICISM})


class ValidityStatus(models.TextChoices):
    """当前状态 of the data standard."""

    VALID = "valid", _("有效")
    INVALID = "invalid", _("无效")


class PenaltySeverity(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("严重")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公示")
    REVOKED = "revoked", _("已撤销")
    REPAIRED = "repaired", _("已修复")
    EXPIRED = "expired", _("公示期满")


DECISION_TRANSITIONS = {
    DecisionStatus.DRAFT: {DecisionStatus.PUBLISHED},
    DecisionStatus.PUBLISHED: {DecisionStatus.REVOKED, DecisionStatus.REPAIRED, DecisionStatus.EXPIRED},
    DecisionStatus.REVOKED: set(),
    DecisionStatus.REPAIRED: set(),
    DecisionStatus.EXPIRED: set(),
}


class CheckChannel(models.TextChoices):
    FORM = "form", _("表单录入")
    API = "api", _("接口报送")
    IMPORT = "import", _("批量导入")
