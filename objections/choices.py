"""States, outcomes and the transition tables of objections (异议) and credit repairs (信用修复)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.choices import Punishment  # noqa: F401  (re-exported: the decision lives on the record)


class ObjectionState(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    UNDER_REVIEW = "under_review", _("核查中")
    UPHELD = "upheld", _("异议成立")
    PARTLY_UPHELD = "partly_upheld", _("异议部分成立")
    REJECTED = "rejected", _("异议不成立")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_OBJECTION_STATES = (ObjectionState.SUBMITTED, ObjectionState.UNDER_REVIEW)
DECIDED_OBJECTION_STATES = (ObjectionState.UPHELD, ObjectionState.PARTLY_UPHELD, ObjectionState.REJECTED)
OBJECTION_TRANSITIONS = {
    ObjectionState.SUBMITTED: {ObjectionState.UNDER_REVIEW, ObjectionState.WITHDRAWN},
    ObjectionState.UNDER_REVIEW: {*DECIDED_OBJECTION_STATES, ObjectionState.WITHDRAWN},
    ObjectionState.UPHELD: set(),
    ObjectionState.PARTLY_UPHELD: set(),
    ObjectionState.REJECTED: set(),
    ObjectionState.WITHDRAWN: set(),
}


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("异议成立")
    PARTLY_UPHELD = "partly_upheld", _("异议部分成立")
    REJECTED = "rejected", _("异议不成立")


class RecordAction(models.TextChoices):
    """What an upheld (or partly upheld) objection does to the record."""

    CORRECT = "correct", _("更正记录（生成新版本）")
    REVOKE = "revoke", _("撤销记录")


class AnswerPolicy(models.TextChoices):
    """The answer periods an objection clock may run on (policies in the workdays table)."""

    # The number of days is the policy row's (``answer_policy_choices`` shows it), never written here.
    DISTRICT = "objection_answer", _("异议答复期限（实施方案第十条）")
    PROVINCIAL = "objection_answer_provincial", _("异议核查答复期限（省条例第三十九条）")
    PROVINCIAL_VERIFY = "objection_answer_provincial_verify", _("需其他单位核实（省条例第三十九条）")


class RepairState(models.TextChoices):
    SUBMITTED = "submitted", _("已申请")
    APPROVED = "approved", _("准予修复")
    REJECTED = "rejected", _("不予修复")


OPEN_REPAIR_STATES = (RepairState.SUBMITTED,)
REPAIR_TRANSITIONS = {
    RepairState.SUBMITTED: {RepairState.APPROVED, RepairState.REJECTED},
    RepairState.APPROVED: set(),
    RepairState.REJECTED: set(),
}


class RepairOutcome(models.TextChoices):
    APPROVED = "approved", _("准予修复")
    REJECTED = "rejected", _("不予修复")
