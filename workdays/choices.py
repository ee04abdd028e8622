from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYearStatus(models.TextChoices):
    OFFICIAL = "official", _("正式（国务院办公厅通知）")
    PROVISIONAL = "provisional", _("暂定（仅按周末计算）")


class ExceptionKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（放假）")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班")


class PolicyUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("自然日")
    MONTHS = "months", _("月")
    YEARS = "years", _("年")
    # Not periods: factors and thresholds kept as policy rows too (never constants in code).
    PERCENT = "percent", _("%")
    MULTIPLE = "multiple", _("倍")
    YUAN = "yuan", _("元")


#: Units a clock can count in (the others are factors and thresholds).
PERIOD_UNITS = (PolicyUnit.WORKING_DAYS, PolicyUnit.CALENDAR_DAYS, PolicyUnit.MONTHS, PolicyUnit.YEARS)


class ClockState(models.TextChoices):
    RUNNING = "running", _("计时中")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    VERY_OVERDUE = "very_overdue", _("严重逾期")
    PAUSED = "paused", _("已暂停")
    STOPPED = "stopped", _("已结束")


#: States in which a clock is counting (the periodic job moves them along).
ACTIVE_CLOCK_STATES = (ClockState.RUNNING, ClockState.DUE_SOON, ClockState.OVERDUE, ClockState.VERY_OVERDUE)
#: States of a clock that is not finished.
OPEN_CLOCK_STATES = (*ACTIVE_CLOCK_STATES, ClockState.PAUSED)


class ClockAction(models.TextChoices):
    START = "start", _("开始计时")
    ADVANCE = "advance", _("状态推进")
    PAUSE = "pause", _("暂停")
    RESUME = "resume", _("恢复")
    EXTEND = "extend", _("延期")
    STOP = "stop", _("结束")
    RECOMPUTE = "recompute", _("日历修订后重新计算")


class ReminderStep(models.TextChoices):
    DUE_SOON = "due_soon", _("到期前提醒经办人")
    DUE_DATE = "due_date", _("到期日提醒单位主要负责人")
    OVERDUE = "overdue", _("逾期提醒区信用办")
    SUPERVISOR = "supervisor", _("逾期后提醒监督单位")
