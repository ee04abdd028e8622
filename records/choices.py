from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("区政府部门")
    TOWN = "town", _("镇")
    STREET = "street", _("街道")
    INSTITUTION = "institution", _("事业单位")
    GRASSROOTS = "grassroots", _("群众性基层自治组织")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    MERGED = "merged", _("已合并")
    RENAMED = "renamed", _("已更名")
    DISSOLVED = "dissolved", _("已撤销")


class ServantStatus(models.TextChoices):
    SERVING = "serving", _("在职")
    SECONDED = "seconded", _("借调")
    RETIRED = "retired", _("退休")
    LEFT = "left", _("离职")


class Rank(models.TextChoices):
    """公务员职级 (公务员职务与职级并行规定), the ones a district uses."""

    CLERK_2 = "clerk_2", _("二级科员")
    CLERK_1 = "clerk_1", _("一级科员")
    SECTION_4 = "section_4", _("四级主任科员")
    SECTION_3 = "section_3", _("三级主任科员")
    SECTION_2 = "section_2", _("二级主任科员")
    SECTION_1 = "section_1", _("一级主任科员")
    RESEARCHER_4 = "researcher_4", _("四级调研员")
    RESEARCHER_3 = "researcher_3", _("三级调研员")
    DEPUTY_SECTION = "deputy_section", _("乡科级副职")
    SECTION_HEAD = "section_head", _("乡科级正职")
    DEPUTY_COUNTY = "deputy_county", _("县处级副职")
    COUNTY_HEAD = "county_head", _("县处级正职")


class RecordKind(models.TextChoices):
    # dishonesty (失信) kinds — clauses 1, 2, 6, 12–18
    JUDICIAL_JUDGMENT = "judicial_judgment", _("司法判决")
    ADMINISTRATIVE_PENALTY = "administrative_penalty", _("行政处罚")
    GOVERNMENT_SANCTION = "government_sanction", _("政务处分")
    PARTY_SANCTION = "party_sanction", _("党纪处分")
    ACCOUNTABILITY = "accountability", _("问责")
    JUDGMENT_DEFAULTER = "judgment_defaulter", _("失信被执行人")
    PROCUREMENT = "procurement", _("政府采购领域失信")
    PPP = "ppp", _("政府和社会资本合作领域失信")
    INVESTMENT_PROMOTION = "investment_promotion", _("招商引资领域失信")
    PROPERTY_RIGHTS = "property_rights", _("产权保护领域失信")
    AIR_POLLUTION = "air_pollution", _("大气污染防治目标未完成")
    APPROVAL_TIME_LIMIT = "approval_time_limit", _("行政审批超时限、违规操作")
    STATISTICS = "statistics", _("统计造假或违规干预统计")
    COMMITMENT_BREACH = "commitment_breach", _("政务承诺未兑现")
    # neutral — the other half of 双公示 (clause 7)
    ADMINISTRATIVE_LICENCE = "administrative_licence", _("行政许可")
    # file entries — clauses 1 and 21
    FILE_REGISTRATION = "file_registration", _("个人档案填写登记")
    PERSONAL_MATTERS_CHECK = "personal_matters_check", _("个人事项报告查核")
    CLEAN_GOVERNMENT = "clean_government", _("廉政记录")
    ANNUAL_ASSESSMENT = "annual_assessment", _("年度考核结果")
    INTEGRITY_TRAINING = "integrity_training", _("诚信教育培训")


ENTRY_KINDS = frozenset({
    RecordKind.FILE_REGISTRATION, RecordKind.PERSONAL_MATTERS_CHECK, RecordKind.CLEAN_GOVERNMENT,
    RecordKind.ANNUAL_ASSESSMENT, RecordKind.INTEGRITY_TRAINING,
})
NEUTRAL_KINDS = frozenset({RecordKind.ADMINISTRATIVE_LICENCE})
DISHONESTY_KINDS = frozenset(set(RecordKind) - ENTRY_KINDS - NEUTRAL_KINDS)
# Credit repair (信用修复) applies to dishonesty records, never to a court's 失信被执行人 listing (delisted by the court).
REPAIRABLE_KINDS = DISHONESTY_KINDS - {RecordKind.JUDGMENT_DEFAULTER}
DUAL_PUBLICATION_KINDS = frozenset({RecordKind.ADMINISTRATIVE_PENALTY, RecordKind.ADMINISTRATIVE_LICENCE})
# Which subjects a kind may have.
PERSON_ONLY_KINDS = ENTRY_KINDS | {RecordKind.GOVERNMENT_SANCTION, RecordKind.PARTY_SANCTION,
                                   RecordKind.ACCOUNTABILITY}
UNIT_ONLY_KINDS = frozenset({RecordKind.ADMINISTRATIVE_LICENCE})
# Institutional records the public may see within their window (clause 7; province art. 20).
PUBLIC_KINDS = frozenset({RecordKind.ADMINISTRATIVE_PENALTY, RecordKind.ADMINISTRATIVE_LICENCE,
                          RecordKind.JUDGMENT_DEFAULTER})


class SubjectType(models.TextChoices):
    PERSON = "person", _("公务员")
    UNIT = "unit", _("单位")


class Severity(models.TextChoices):
    MINOR = "minor", _("轻微")
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("严重")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    REVOKED = "revoked", _("已撤销")
    REPAIRED = "repaired", _("已修复")
    EXPIRED = "expired", _("已到期")


RECORD_TRANSITIONS = {
    RecordStatus.DRAFT: {RecordStatus.PUBLISHED},
    RecordStatus.PUBLISHED: {RecordStatus.REVOKED, RecordStatus.REPAIRED, RecordStatus.EXPIRED},
    RecordStatus.REVOKED: set(),
    RecordStatus.REPAIRED: set(),
    RecordStatus.EXPIRED: set(),
}


class SanctionType(models.TextChoices):
    # 政务处分 (公职人员政务处分法 第七条)
    WARNING = "warning", _("警告")
    DEMERIT = "demerit", _("记过")
    MAJOR_DEMERIT = "major_demerit", _("记大过")
    DEMOTION = "demotion", _("降级")
    DISMISSAL_FROM_POST = "dismissal_from_post", _("撤职")
    EXPULSION = "expulsion", _("开除")
    # 党纪处分 (中国共产党纪律处分条例 第八条)
    PARTY_WARNING = "party_warning", _("党内警告")
    PARTY_SERIOUS_WARNING = "party_serious_warning", _("党内严重警告")
    PARTY_REMOVAL_FROM_POST = "party_removal_from_post", _("撤销党内职务")
    PARTY_PROBATION = "party_probation", _("留党察看")
    PARTY_EXPULSION = "party_expulsion", _("开除党籍")


GOVERNMENT_SANCTIONS = frozenset({SanctionType.WARNING, SanctionType.DEMERIT, SanctionType.MAJOR_DEMERIT,
                                  SanctionType.DEMOTION, SanctionType.DISMISSAL_FROM_POST, SanctionType.EXPULSION})
PARTY_SANCTIONS = frozenset(set(SanctionType) - GOVERNMENT_SANCTIONS)
# The policy whose value is the sanction's effect period; None = permanent.
SANCTION_POLICY = {
    SanctionType.WARNING: "sanction_warning",
    SanctionType.DEMERIT: "sanction_demerit",
    SanctionType.MAJOR_DEMERIT: "sanction_major_demerit",
    SanctionType.DEMOTION: "sanction_demotion",
    SanctionType.DISMISSAL_FROM_POST: "sanction_dismissal_from_post",
    SanctionType.EXPULSION: None,
    SanctionType.PARTY_WARNING: "party_sanction_warning",
    SanctionType.PARTY_SERIOUS_WARNING: "party_sanction_serious_warning",
    SanctionType.PARTY_REMOVAL_FROM_POST: "party_sanction_removal_from_post",
    SanctionType.PARTY_PROBATION: "party_sanction_probation",
    SanctionType.PARTY_EXPULSION: None,
}


class AssessmentGrade(models.TextChoices):
    """公务员法 第三十八条."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class Punishment(models.TextChoices):
    """Clause 11: 可从轻或免于实施失信惩戒措施 — what a repair decision leaves of a record's punitive effect.

    Kept on the record (``CreditRecord.repair_punishment``) so ``records.effects`` can weigh it without
    reading the objections app; the weights are policy rows (``repair_weight_lighter`` / ``_waived``)."""

    UNCHANGED = "unchanged", _("惩戒措施不变")
    LIGHTER = "lighter", _("从轻：影响期缩短至最短期限")
    WAIVED = "waived", _("免于惩戒：惩戒效力即时终止")


class CadreCheckPurpose(models.TextChoices):
    APPOINTMENT = "appointment", _("任前审查")
    ASSESSMENT = "assessment", _("考核")
    AWARD = "award", _("评先评优")


class EventAudience(models.TextChoices):
    """Who may read a history event of a record they can see (issue 16): the reason of an objection is for
    those who may read the objection; a draft's content and edits are the provider's own business."""

    RECORD_READERS = "record_readers", _("有权查看记录者")
    OBJECTION_READERS = "objection_readers", _("可查看该记录异议或修复申请者")
    PROVIDER = "provider", _("信息提供单位和区信用办")


# What each RecordEvent action means, for every page that shows a record's history.
RECORD_EVENT_LABELS = {
    "create": _("录入"), "edit": _("修改草稿"), "publish": _("发布"), "revoke": _("撤销"), "correct": _("更正"),
    "repair": _("信用修复"), "decision_changed": _("原决定撤销或变更"), "expire": _("公示期届满"),
    "attach": _("补充证明材料"), "objection_opened": _("提出异议"), "objection_closed": _("异议办结"),
    "repair_terms": _("修复后惩戒期限调整"),
}


#: How a personal file was seen (``FileAccess.channel``), as the person's own page and the admin name it.
FILE_ACCESS_CHANNEL_LABELS = {"html": _("网页"), "api": _("接口"), "report": _("信用报告")}
