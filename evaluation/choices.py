"""Choices of the evaluation app (seed clauses 2, 3, 15, 16, 19, 20)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from records.choices import UnitKind


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("已启用")


class IndicatorSource(models.TextChoices):
    COMPUTED = "computed", _("平台数据自动计算")
    IMPORTED = "imported", _("导入或录入")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("越高越好")
    LOWER_BETTER = "lower_better", _("越低越好")


class ScoringRule(models.TextChoices):
    LINEAR = "linear", _("区间线性计分")
    THRESHOLDS = "thresholds", _("分档计分")
    DEDUCTION = "deduction", _("按项扣分（封顶）")


class AppliesTo(models.TextChoices):
    ALL = "all", _("全部被考核单位")
    TOWNS = "towns", _("镇（街道）")
    DEPARTMENTS = "departments", _("区直部门")


TOWN_KINDS = (UnitKind.TOWN, UnitKind.STREET)
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT,)
#: Clause 2: the district evaluates its towns/streets and its departments.
EVALUATED_KINDS = (*DEPARTMENT_KINDS, *TOWN_KINDS)
APPLIES_TO_KINDS = {
    AppliesTo.ALL: EVALUATED_KINDS,
    AppliesTo.TOWNS: TOWN_KINDS,
    AppliesTo.DEPARTMENTS: DEPARTMENT_KINDS,
}


class RunStatus(models.TextChoices):
    RUNNING = "running", _("计算中")
    DRAFT = "draft", _("待发布（反馈期）")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被新版本取代")
    FAILED = "failed", _("计算失败")


RUN_TRANSITIONS = {
    RunStatus.RUNNING: {RunStatus.DRAFT, RunStatus.FAILED},
    RunStatus.DRAFT: {RunStatus.PUBLISHED, RunStatus.SUPERSEDED},
    RunStatus.PUBLISHED: {RunStatus.SUPERSEDED},
    RunStatus.SUPERSEDED: set(),
    RunStatus.FAILED: set(),
}
FINISHED_RUN_STATUSES = (RunStatus.DRAFT, RunStatus.PUBLISHED, RunStatus.SUPERSEDED)


class RunTrigger(models.TextChoices):
    BEAT = "beat", _("定时任务")
    OFFICE = "office", _("区信用办发起")
    COMMAND = "command", _("命令行")
    RERUN = "rerun", _("答复反馈后重算")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class QueryState(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class QueryOutcome(models.TextChoices):
    MAINTAINED = "maintained", _("维持原值")
    CORRECTED = "corrected", _("予以更正（重新计算）")


class TaskKind(models.TextChoices):
    """Clause 20: what the office asks units for; each kind's period is a policy row."""

    WORK_PLAN = "work_plan", _("报送工作方案")
    RECTIFICATION_REPORT = "rectification_report", _("报送整改报告")
    FIGURES = "figures", _("报送数据")
    OTHER = "other", _("其他督办事项")


TASK_POLICIES = {
    TaskKind.WORK_PLAN: "work_task_work_plan",
    TaskKind.RECTIFICATION_REPORT: "work_task_rectification_report",
    TaskKind.FIGURES: "work_task_figures",
    TaskKind.OTHER: "work_task_other",
}


class AssignmentState(models.TextChoices):
    OPEN = "open", _("待报送")
    SUBMITTED = "submitted", _("已报送，待审核")
    RETURNED = "returned", _("退回重报")
    ACCEPTED = "accepted", _("已办结")


ASSIGNMENT_TRANSITIONS = {
    AssignmentState.OPEN: {AssignmentState.SUBMITTED},
    AssignmentState.SUBMITTED: {AssignmentState.ACCEPTED, AssignmentState.RETURNED},
    AssignmentState.RETURNED: {AssignmentState.SUBMITTED},
    AssignmentState.ACCEPTED: set(),
}
OPEN_ASSIGNMENT_STATES = (AssignmentState.OPEN, AssignmentState.RETURNED)


class InputKind(models.TextChoices):
    """The imported sources (clauses 3, 15, 16): one Excel template each."""

    HOTLINE = "hotline", _("12345 热线工作绩效")
    TV_SUPERVISION = "tv_supervision", _("电视问政曝光问题")
    AIR_QUALITY = "air_quality", _("空气质量目标完成情况")
    PROPERTY_RIGHTS = "property_rights", _("产权纠纷处置情况")


class DemonstrationCategory(models.TextChoices):
    """Clause 19: 诚信街道、诚信乡镇、诚信社区."""

    STREET = "street", _("诚信示范街道")
    TOWN = "town", _("诚信示范乡镇")
    COMMUNITY = "community", _("诚信示范社区")
