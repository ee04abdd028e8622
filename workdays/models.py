"""The official calendar, the policies (rules as data) and the clocks that time deadlines."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .choices import (
    ACTIVE_CLOCK_STATES,
    OPEN_CLOCK_STATES,
    CalendarYearStatus,
    ClockAction,
    ClockState,
    ExceptionKind,
    PolicyUnit,
    ReminderStep,
)


class CalendarYear(models.Model):
    """One year of the official calendar. A year without an official row is provisional (weekends only)."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CalendarYearStatus.choices, default=CalendarYearStatus.OFFICIAL
    )
    source_notice = models.CharField(
        _("依据通知"), max_length=200, blank=True, help_text=_("例如：国务院办公厅关于2026年部分节假日安排的通知。")
    )
    revision = models.PositiveIntegerField(_("修订版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["-year"]

    def __str__(self):
        return gettext("%(year)s（%(status)s，第%(revision)s版）") % {
            "year": self.year, "status": self.get_status_display(), "revision": self.revision}

    @property
    def is_official(self) -> bool:
        return self.status == CalendarYearStatus.OFFICIAL


class CalendarException(models.Model):
    """A dated exception to the weekend rule: a statutory holiday or a make-up working day (调休上班)."""

    year = models.ForeignKey(CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=ExceptionKind.choices)
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：国庆节；国庆节调休上班。"))

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self):
        return gettext("%(date)s %(name)s（%(kind)s）") % {
            "date": f"{self.date:%Y-%m-%d}", "name": self.name, "kind": self.get_kind_display()}

    def clean(self):
        if self.date and self.year_id and self.date.year != self.year.year:
            raise ValidationError({"date": _("日期必须在所属年度内。")})


class Policy(models.Model):
    """A rule as data: one row per version; a clock keeps the exact version it was computed with."""

    key = models.SlugField(_("规则键"), max_length=64, help_text=_("例如：objection_answer。"))
    scope = models.CharField(
        _("适用范围"), max_length=100, blank=True, default="",
        help_text=_("空为默认规则；例如 kind=judgment_defaulter。"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    name = models.CharField(_("规则名称"), max_length=100)
    value = models.PositiveIntegerField(_("期限数值"))
    unit = models.CharField(_("期限单位"), max_length=20, choices=PolicyUnit.choices)
    start_event = models.CharField(_("起算事件"), max_length=200, blank=True)
    applies_to = models.CharField(_("适用对象"), max_length=200, blank=True)
    legal_basis = models.TextField(_("法律依据"))
    is_current = models.BooleanField(_("现行版本"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("时限规则")
        verbose_name_plural = _("时限规则")
        ordering = ["key", "scope", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "scope", "version"], name="policy_key_scope_version_unique"),
            models.UniqueConstraint(
                fields=["key", "scope"], condition=Q(is_current=True), name="policy_one_current_per_key_scope",
                violation_error_message=_("同一规则在同一适用范围内只能有一个现行版本。"),
            ),
        ]

    def __str__(self):
        scope = f"[{self.scope}]" if self.scope else ""
        return gettext("%(name)s v%(version)s：%(quantity)s") % {
            "name": f"{self.name}{scope}", "version": self.version, "quantity": self.quantity}

    @property
    def quantity(self) -> str:
        """The value with its unit, e.g. 10 工作日 / 10 working days."""
        return quantity_text(self.value, self.unit)


def quantity_text(value, unit: str) -> str:
    """A policy's value with its unit in the active language, in the plural where the language has one:
    10 工作日 / 10 working days, 1 working day; 6 个月 (not 6 月, which reads as June) / 6 months.
    A unit that is none of ``PolicyUnit``'s raises ValueError (policy rows are validated against its choices)."""
    n = int(value)
    if unit == PolicyUnit.WORKING_DAYS:
        text = ngettext("%(n)s 工作日", "%(n)s 工作日", n)
    elif unit == PolicyUnit.CALENDAR_DAYS:
        text = ngettext("%(n)s 自然日", "%(n)s 自然日", n)
    elif unit == PolicyUnit.MONTHS:
        text = ngettext("%(n)s 个月", "%(n)s 个月", n)
    elif unit == PolicyUnit.YEARS:
        text = ngettext("%(n)s 年", "%(n)s 年", n)
    elif unit == PolicyUnit.PERCENT:
        text = gettext("%(n)s%%")
    elif unit == PolicyUnit.MULTIPLE:
        text = gettext("%(n)s 倍")
    elif unit == PolicyUnit.YUAN:
        text = ngettext("%(n)s 元", "%(n)s 元", n)
    else:  # a unit added to PolicyUnit without its words here: never printed as yuan
        raise ValueError(f"quantity_text: no words for the unit {unit!r}")
    return text % {"n": value}


class Clock(models.Model):
    """A deadline for something (an objection, a clue, a rectification…), computed once and stored."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = GenericForeignKey("content_type", "object_id")
    purpose = models.SlugField(_("计时用途"), max_length=64)
    policy = models.ForeignKey(Policy, verbose_name=_("规则版本"), on_delete=models.PROTECT, related_name="clocks")
    start_date = models.DateField(_("起算日"))
    due_date = models.DateField(_("截止日"), help_text=_("最后一日（含）；次日起逾期。"))
    very_overdue_date = models.DateField(_("严重逾期日"), help_text=_("期限乘以严重逾期倍数（时限规则）的最后一日；次日起严重逾期。"))
    adjustment = models.IntegerField(
        _("顺延天数"), default=0, help_text=_("暂停与延期累计顺延的天数（按规则的期限单位，月、年按自然日）。")
    )
    calendar_revision = models.CharField(_("日历版本"), max_length=200, blank=True)
    provisional = models.BooleanField(_("暂定"), default=False, help_text=_("涉及尚未正式公布的年度，仅按周末计算。"))
    state = models.CharField(_("状态"), max_length=20, choices=ClockState.choices, default=ClockState.RUNNING)
    paused_on = models.DateField(_("暂停日"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计时")
        verbose_name_plural = _("计时")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="clock_state_due_idx"),
            models.Index(fields=["content_type", "object_id"], name="clock_subject_idx"),
            # Due-date filters of the inboxes (objections, clues) in any state (issue 10).
            models.Index(fields=["due_date", "id"], name="clock_due_idx"),
            # The clocks still counting past their due date (selectors.clocks_past_due: the leadership dashboard's
            # overdue cards and the lists they open) of one purpose and kind of subject, read from the index alone
            # with their subjects' ids (issue 18): at 1M the office overview's 答复逾期 read 10,107 clocks' rows.
            models.Index(fields=["purpose", "content_type", "due_date"], include=["object_id"],
                         condition=Q(state__in=ACTIVE_CLOCK_STATES), name="clock_active_due_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "purpose"], condition=Q(state__in=OPEN_CLOCK_STATES),
                name="clock_one_open_per_subject_purpose",
                violation_error_message=_("该对象已有同一用途的进行中计时。"),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")), name="clock_due_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(very_overdue_date__gte=models.F("due_date")), name="clock_very_overdue_after_due",
            ),
        ]

    def __str__(self):
        """Named by the rule it counts (双公示信息报送期限), not by its ``purpose`` key (dual_publication)."""
        return gettext("%(rule)s #%(id)s：%(start)s → %(due)s（%(state)s）") % {
            "rule": self.policy.name if self.policy_id or "policy" in self._state.fields_cache else self.purpose,
            "id": self.object_id, "start": self.start_date, "due": self.due_date,
            "state": self.get_state_display()}

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CLOCK_STATES


class ClockEvent(models.Model):
    """Every transition, recompute, extension and pause of a clock."""

    clock = models.ForeignKey(Clock, verbose_name=_("计时"), on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    action = models.CharField(_("操作"), max_length=20, choices=ClockAction.choices)
    from_state = models.CharField(_("原状态"), max_length=20, choices=ClockState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=ClockState.choices, blank=True)
    old_due = models.DateField(_("原截止日"), null=True, blank=True)
    new_due = models.DateField(_("新截止日"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("计时记录")
        verbose_name_plural = _("计时记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.get_from_state_display() or '—'}→{self.get_to_state_display() or '—'}"


class ClockReminder(models.Model):
    """One row per reminder step sent: the database makes each step fire once."""

    clock = models.ForeignKey(Clock, verbose_name=_("计时"), on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("提醒阶段"), max_length=20, choices=ReminderStep.choices)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("到期提醒")
        verbose_name_plural = _("到期提醒")
        ordering = ["sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["clock", "step"], name="clock_reminder_step_once")]

    def __str__(self):
        return f"{self.clock_id} {self.get_step_display()}"
