"""Categories, states and the transition table of dispute clues (涉政纠纷案件线索, seed clause 9)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClueCategory(models.TextChoices):
    ARREARS = "arrears", _("拖欠企业账款")
    CONTRACT = "contract", _("不履行合同、协议")
    PROMISE = "promise", _("不兑现政策承诺")
    PROPERTY_RIGHTS = "property_rights", _("产权纠纷")
    PROCUREMENT = "procurement", _("政府采购纠纷")
    OTHER = "other", _("其他涉政纠纷")


class ClueState(models.TextChoices):
    TRIAGE = "triage", _("待分办")
    ASSIGNED = "assigned", _("已分办，待受理")
    ACKNOWLEDGED = "acknowledged", _("已受理，办理中")
    RESOLVED = "resolved", _("已办结")
    REJECTED = "rejected", _("不予受理")
    MERGED = "merged", _("已合并办理")


OPEN_CLUE_STATES = (ClueState.TRIAGE, ClueState.ASSIGNED, ClueState.ACKNOWLEDGED)
CLOSED_CLUE_STATES = (ClueState.RESOLVED, ClueState.REJECTED, ClueState.MERGED)
CLUE_TRANSITIONS = {
    ClueState.TRIAGE: {ClueState.ASSIGNED, ClueState.REJECTED, ClueState.MERGED},
    ClueState.ASSIGNED: {ClueState.ASSIGNED, ClueState.TRIAGE, ClueState.ACKNOWLEDGED, ClueState.REJECTED,
                         ClueState.MERGED},
    ClueState.ACKNOWLEDGED: {ClueState.ASSIGNED, ClueState.TRIAGE, *CLOSED_CLUE_STATES},
    # A closed clue reopens only when the office grants the submitter's request.
    ClueState.RESOLVED: {ClueState.ACKNOWLEDGED},
    ClueState.REJECTED: {ClueState.ACKNOWLEDGED},
    ClueState.MERGED: set(),
}


class ClueOutcome(models.TextChoices):
    RESOLVED = "resolved", _("已办结（问题已解决）")
    REJECTED = "rejected", _("不予受理（须说明理由）")
    MERGED = "merged", _("并入其他线索办理")


class AssignmentHow(models.TextChoices):
    INTAKE = "intake", _("提交后进入区信用办待分办")
    RULE = "rule", _("按分办规则自动分办")
    OFFICE = "office", _("区信用办分办或改派")
    NOT_OURS = "not_ours", _("单位退回区信用办")
    FORWARDED = "forwarded", _("单位转交有权处理的单位")
    REOPEN = "reopen", _("重新办理")


class NoteVisibility(models.TextChoices):
    PUBLIC = "public", _("公开（提交人可见）")
    INTERNAL = "internal", _("内部（仅工作人员可见）")


class NoteKind(models.TextChoices):
    PROGRESS = "progress", _("办理进展")
    SUBMITTER = "submitter", _("提交人补充")
    SYSTEM = "system", _("系统记录")


class ReopenState(models.TextChoices):
    PENDING = "pending", _("待区信用办决定")
    GRANTED = "granted", _("同意重新办理")
    REFUSED = "refused", _("不同意重新办理")


#: The dishonesty record a breach opens, by clue category (clause 9 → clauses 12–15).
BREACH_RECORD_KIND = {
    ClueCategory.ARREARS: "property_rights",
    ClueCategory.CONTRACT: "property_rights",
    ClueCategory.PROMISE: "investment_promotion",
    ClueCategory.PROPERTY_RIGHTS: "property_rights",
    ClueCategory.PROCUREMENT: "procurement",
    ClueCategory.OTHER: "property_rights",
}

