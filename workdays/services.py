"""Use cases of the workdays app: policies, the calendar, and the clocks that time deadlines.

Every write is keyword-only and transactional; clock transitions lock the row (or use a
conditional update) and write a ``ClockEvent``. Reminders go through the notification outbox.
"""
import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_log
from integrity_portal.errors import TransitionNotAllowed
from notifications.services import notice_send

from .calendar import Calendar, get_calendar
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
from .mirrors import mirror_due_dates
from .models import CalendarException, CalendarYear, Clock, ClockEvent, ClockReminder, Policy
from .parties import clock_parties, credit_office_users

logger = logging.getLogger(__name__)

DUE_SOON_LEAD_KEY = "due_soon_lead"
VERY_OVERDUE_KEY = "very_overdue_factor"
#: The reminder ladder after the due date: each step N (working or calendar) days after it, a policy row.
LADDER_POLICY = {ReminderStep.DUE_DATE: "ladder_unit_head", ReminderStep.OVERDUE: "ladder_office",
                 ReminderStep.SUPERVISOR: "ladder_supervisor"}


# --- policies ----------------------------------------------------------------

def policy_current(key: str, scope: str = "") -> Policy:
    """The current version of a rule for a scope, falling back to the default scope ""."""
    rows = {p.scope: p for p in Policy.objects.filter(key=key, scope__in={scope, ""}, is_current=True)}
    policy = rows.get(scope) or rows.get("")
    if policy is None:
        raise Policy.DoesNotExist(f"no current policy {key!r} (scope {scope!r})")
    return policy


def policy_end(key: str, start: datetime.date, scope: str = "") -> datetime.date:
    """The last day of a window the policy row in force sets from ``start`` (no roll-forward: a window, not a
    deadline), e.g. the clue reopen window or the cadre-check access."""
    policy = policy_current(key, scope)
    return get_calendar().add_period(start, policy.value, policy.unit, roll_forward=False).date


def policy_text(key: str, scope: str = "") -> str:
    """The row in force in words for labels, help texts and notices, e.g. ``10 工作日`` (never a literal)."""
    return policy_current(key, scope).quantity


@transaction.atomic
def policy_revise(
    *, key: str, scope: str = "", value: int, unit: str, legal_basis: str, actor,
    name: str | None = None, start_event: str | None = None, applies_to: str | None = None,
) -> Policy:
    """Write a new version of a rule; the previous version stays (clocks keep the one they used)."""
    current = Policy.objects.select_for_update().filter(key=key, scope=scope, is_current=True).first()
    if current is None and not name:
        raise ValidationError({"name": _("新规则须填写规则名称。")})
    last_version = Policy.objects.filter(key=key, scope=scope).order_by("-version").values_list("version", flat=True)
    policy = Policy(
        key=key, scope=scope, version=(last_version.first() or 0) + 1,
        name=name or current.name, value=value, unit=unit, legal_basis=legal_basis,
        start_event=current.start_event if start_event is None and current else (start_event or ""),
        applies_to=current.applies_to if applies_to is None and current else (applies_to or ""),
        is_current=True, created_by=actor if actor is not None and actor.pk else None,
    )
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    policy.full_clean()
    policy.save()
    audit_log(
        actor=policy.created_by, action="policy_revise", subject=policy,
        changes={
            "version": [current.version if current else None, policy.version],
            "value": [current.value if current else None, policy.value],
            "unit": [current.unit if current else None, policy.unit],
        },
    )
    return policy


# --- clocks ------------------------------------------------------------------

def _today() -> datetime.date:
    return timezone.localdate()


def _actor(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _event(clock: Clock, action: str, *, actor=None, from_state="", to_state="", old_due=None, new_due=None,
           reason="") -> ClockEvent:
    return ClockEvent.objects.create(
        clock=clock, actor=_actor(actor), action=action, from_state=from_state, to_state=to_state,
        old_due=old_due, new_due=new_due, reason=reason,
    )


def _due_soon_lead() -> tuple[int, str]:
    policy = policy_current(DUE_SOON_LEAD_KEY)
    return policy.value, policy.unit


def _very_overdue_factor() -> int:
    """Very overdue = this many times the period past the start (a policy row, at least 1)."""
    return max(1, policy_current(VERY_OVERDUE_KEY).value)


def ladder_offsets() -> dict[str, tuple[int, str]]:
    """{step: (value, unit)} of the steps after the due date, from the policy rows in force."""
    return {step: (p.value, p.unit) for step, p in ((step, policy_current(key)) for step, key in LADDER_POLICY.items())}


def _due_soon_from(cal: Calendar, due: datetime.date, lead: tuple[int, str]) -> datetime.date:
    value, unit = lead
    if unit == PolicyUnit.WORKING_DAYS:
        return cal.working_day_before(due, value)
    return due - datetime.timedelta(days=value)


def clock_state_on(clock: Clock, today: datetime.date, *, cal: Calendar | None = None, lead=None) -> str:
    """The state an open, counting clock should be in on ``today``."""
    if clock.state in (ClockState.PAUSED, ClockState.STOPPED):
        return clock.state
    if today > clock.very_overdue_date:
        return ClockState.VERY_OVERDUE
    if today > clock.due_date:
        return ClockState.OVERDUE
    cal = cal or get_calendar()
    if today >= _due_soon_from(cal, clock.due_date, lead or _due_soon_lead()):
        return ClockState.DUE_SOON
    return ClockState.RUNNING


def _lock(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().select_related("policy").get(pk=clock.pk)


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由。")})
    return reason


def policy_required(key: str, scope: str = "") -> Policy:
    """``policy_current``, or the field error a clock without a current rule is refused with."""
    try:
        return policy_current(key, scope)
    except Policy.DoesNotExist:
        raise ValidationError({"policy_key": _("没有现行的时限规则：%(key)s。") % {"key": key}}) from None


def _clock_new(*, content_type, object_id: int, purpose: str, policy: Policy, start_date: datetime.date,
               cal: Calendar, today: datetime.date, lead=None, factor: int | None = None) -> Clock:
    """An unsaved clock: the due date computed once, with the calendar revision it used."""
    due = cal.add_period(start_date, policy.value, policy.unit)
    very = cal.add_period(start_date, (factor or _very_overdue_factor()) * policy.value, policy.unit)
    # Only the days counted up to the due date make a deadline provisional (or name a calendar revision).
    clock = Clock(
        content_type=content_type, object_id=object_id, purpose=purpose, policy=policy,
        start_date=start_date, due_date=due.date, very_overdue_date=max(very.date, due.date),
        calendar_revision=cal.revision_label(start_date, due.date),
        provisional=cal.is_provisional(start_date, due.date), state=ClockState.RUNNING,
    )
    clock.state = clock_state_on(clock, today, cal=cal, lead=lead)
    return clock


def _start_reason(policy: Policy) -> str:
    return f"{policy.name} v{policy.version}：{policy.quantity}"


@transaction.atomic
def clock_start(*, subject, purpose: str, policy_key: str, start_date: datetime.date, scope: str = "",
                actor=None, today: datetime.date | None = None) -> Clock:
    """Start timing ``subject``: the due date is computed once here and stored with what it used."""
    if subject is None or subject.pk is None:
        raise ValidationError({"subject": _("计时对象必须已保存。")})
    policy = policy_required(policy_key, scope)
    content_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    if Clock.objects.filter(content_type=content_type, object_id=subject.pk, purpose=purpose,
                            state__in=OPEN_CLOCK_STATES).exists():
        raise TransitionNotAllowed(_("该对象已有同一用途的进行中计时。"))
    clock = _clock_new(content_type=content_type, object_id=subject.pk, purpose=purpose, policy=policy,
                       start_date=start_date, cal=get_calendar(), today=today or _today())
    clock.full_clean(validate_constraints=False)
    clock.save()
    _event(clock, ClockAction.START, actor=actor, to_state=clock.state, new_due=clock.due_date,
           reason=_start_reason(policy))
    mirror_due_dates([clock], subjects=[subject])
    return clock


@transaction.atomic
def clocks_start_bulk(*, starts: list[tuple], purpose: str, policy_key: str, scope: str = "", actor=None,
                      today: datetime.date | None = None, batch_size: int = 2000) -> list[Clock]:
    """``clock_start`` for many saved subjects of one model at once: ``starts`` is [(subject, start_date)].

    The same rows as one ``clock_start`` per subject (clock and start event), with the policy, the
    calendar and the due-soon lead taken once, the open-clock check in one query and the rows written
    with ``bulk_create``. The subjects and the policy are rows that exist, so no per-row look-up.
    """
    if not starts:
        return []
    if any(subject is None or subject.pk is None for subject, _start in starts):
        raise ValidationError({"subject": _("计时对象必须已保存。")})
    policy = policy_required(policy_key, scope)
    content_type = ContentType.objects.get_for_model(starts[0][0], for_concrete_model=False)
    ids = {subject.pk for subject, _start in starts}
    open_ids = set(Clock.objects.filter(content_type=content_type, purpose=purpose, state__in=OPEN_CLOCK_STATES,
                                        object_id__range=(min(ids), max(ids))).values_list("object_id", flat=True))
    if open_ids & ids or len(ids) != len(starts):
        raise TransitionNotAllowed(_("该对象已有同一用途的进行中计时。"))
    cal, today, lead, factor = get_calendar(), today or _today(), _due_soon_lead(), _very_overdue_factor()
    clocks = []
    for subject, start_date in starts:
        clock = _clock_new(content_type=content_type, object_id=subject.pk, purpose=purpose, policy=policy,
                           start_date=start_date, cal=cal, today=today, lead=lead, factor=factor)
        clock.full_clean(exclude=["content_type", "policy"], validate_constraints=False)
        clocks.append(clock)
    Clock.objects.bulk_create(clocks, batch_size=batch_size)
    reason, who = _start_reason(policy), _actor(actor)
    ClockEvent.objects.bulk_create(
        [ClockEvent(clock=clock, actor=who, action=ClockAction.START, from_state="", to_state=clock.state,
                    old_due=None, new_due=clock.due_date, reason=reason) for clock in clocks],
        batch_size=batch_size)
    mirror_due_dates(clocks, subjects=[subject for subject, _start in starts])
    return clocks


@transaction.atomic
def clock_pause(*, clock: Clock, actor, reason: str, today: datetime.date | None = None) -> Clock:
    reason = _require_reason(reason)
    clock = _lock(clock)
    if clock.state not in ACTIVE_CLOCK_STATES:
        raise TransitionNotAllowed(_("只有计时中的期限可以暂停（当前：%(state)s）。") % {"state": clock.get_state_display()})
    old_state = clock.state
    clock.state, clock.paused_on = ClockState.PAUSED, today or _today()
    clock.save(update_fields=["state", "paused_on"])
    _event(clock, ClockAction.PAUSE, actor=actor, from_state=old_state, to_state=clock.state,
           old_due=clock.due_date, new_due=clock.due_date, reason=reason)
    return clock


def _paused_days(cal: Calendar, clock: Clock, today: datetime.date) -> int:
    if clock.policy.unit == PolicyUnit.WORKING_DAYS:
        return max(0, cal.working_days_between(clock.paused_on, today))
    return max(0, (today - clock.paused_on).days)


def _move_later(cal: Calendar, clock: Clock, days: int) -> None:
    unit = clock.policy.unit
    clock.due_date = cal.shift(clock.due_date, days, unit)
    clock.very_overdue_date = cal.shift(clock.very_overdue_date, days, unit)
    clock.adjustment += days
    clock.provisional = cal.is_provisional(clock.start_date, clock.due_date)
    clock.calendar_revision = cal.revision_label(clock.start_date, clock.due_date)


@transaction.atomic
def clock_resume(*, clock: Clock, actor, reason: str = "", today: datetime.date | None = None) -> Clock:
    """Resume a paused clock; the due date moves later by the (working) days it was paused."""
    clock = _lock(clock)
    if clock.state != ClockState.PAUSED:
        raise TransitionNotAllowed(_("只有已暂停的期限可以恢复（当前：%(state)s）。") % {"state": clock.get_state_display()})
    today = today or _today()
    cal = get_calendar()
    old_due = clock.due_date
    _move_later(cal, clock, _paused_days(cal, clock, today))
    clock.paused_on = None
    clock.state = ClockState.RUNNING
    clock.state = clock_state_on(clock, today, cal=cal)
    clock.save()
    _event(clock, ClockAction.RESUME, actor=actor, from_state=ClockState.PAUSED, to_state=clock.state,
           old_due=old_due, new_due=clock.due_date, reason=reason)
    if clock.due_date != old_due:
        mirror_due_dates([clock])
    return clock


@transaction.atomic
def clock_extend(*, clock: Clock, actor, reason: str, days: int, today: datetime.date | None = None) -> Clock:
    """Extend by ``days`` in the clock's unit (working days, else calendar days)."""
    reason = _require_reason(reason)
    if not isinstance(days, int) or days <= 0:
        raise ValidationError({"days": _("延期天数必须为正整数。")})
    clock = _lock(clock)
    if clock.state not in ACTIVE_CLOCK_STATES:
        raise TransitionNotAllowed(_("该期限当前不能延期（当前：%(state)s）。") % {"state": clock.get_state_display()})
    cal = get_calendar()
    old_state, old_due = clock.state, clock.due_date
    _move_later(cal, clock, days)
    clock.state = clock_state_on(clock, today or _today(), cal=cal)
    clock.save()
    _event(clock, ClockAction.EXTEND, actor=actor, from_state=old_state, to_state=clock.state,
           old_due=old_due, new_due=clock.due_date, reason=reason)
    mirror_due_dates([clock])
    return clock


@transaction.atomic
def clock_stop(*, clock: Clock, actor, reason: str = "") -> Clock:
    """The timed thing is done (answered, concluded, withdrawn…)."""
    clock = _lock(clock)
    if clock.state == ClockState.STOPPED:
        raise TransitionNotAllowed(_("该期限已经结束。"))
    old_state = clock.state
    clock.state, clock.stopped_at = ClockState.STOPPED, timezone.now()
    clock.save(update_fields=["state", "stopped_at"])
    _event(clock, ClockAction.STOP, actor=actor, from_state=old_state, to_state=clock.state,
           old_due=clock.due_date, new_due=clock.due_date, reason=reason)
    return clock


def clock_explain(clock: Clock) -> dict:
    """How the due date was found: days counted, holidays and weekends skipped, 调休 used, adjustments."""
    cal = get_calendar()
    policy = clock.policy
    data = cal.add_period(clock.start_date, policy.value, policy.unit).as_dict()
    data.update(
        policy={
            "key": policy.key, "scope": policy.scope, "version": policy.version, "name": policy.name,
            "value": policy.value, "unit": policy.unit, "legal_basis": policy.legal_basis,
        },
        computed_date=data["date"],
        due_date=clock.due_date.isoformat(),
        very_overdue_date=clock.very_overdue_date.isoformat(),
        stored_calendar_revision=clock.calendar_revision,
        stored_provisional=clock.provisional,
        adjustments=[
            {"at": e.at.isoformat(), "action": e.action, "old_due": e.old_due.isoformat(),
             "new_due": e.new_due.isoformat(), "reason": e.reason}
            for e in clock.events.order_by("at", "id")
            if e.old_due and e.new_due and e.old_due != e.new_due
        ],
    )
    return data


# --- the calendar -----------------------------------------------------------

def _clean_exceptions(year: int, exceptions) -> list[tuple[datetime.date, str, str]]:
    cleaned, seen, errors = [], set(), []
    for day, kind, name in exceptions:
        if day.year != year:
            errors.append(_("%(date)s 不在 %(year)s 年内。") % {"date": day, "year": year})
        if kind not in ExceptionKind.values:
            errors.append(_("%(date)s 的类型无效：%(kind)s。") % {"date": day, "kind": kind})
        if day in seen:
            errors.append(_("%(date)s 重复。") % {"date": day})
        if not (name or "").strip():
            errors.append(_("%(date)s 缺少名称。") % {"date": day})
        seen.add(day)
        cleaned.append((day, str(kind), (name or "").strip()))
    if errors:
        raise ValidationError({"exceptions": errors})
    return sorted(cleaned)


@transaction.atomic
def calendar_year_save(*, year: int, status: str, source_notice: str, exceptions, actor,
                       today: datetime.date | None = None) -> CalendarYear:
    """Enter or revise a year (revision + 1) and its exceptions, then recompute the open clocks it touches."""
    if status not in CalendarYearStatus.values:
        raise ValidationError({"status": _("状态无效。")})
    rows = _clean_exceptions(year, exceptions)
    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    if calendar_year is None:
        calendar_year = CalendarYear(year=year, revision=1)
        old = None
    else:
        old = {"status": calendar_year.status, "revision": calendar_year.revision}
        calendar_year.revision += 1
    calendar_year.status, calendar_year.source_notice = status, source_notice
    calendar_year.full_clean()
    calendar_year.save()
    calendar_year.exceptions.all().delete()
    CalendarException.objects.bulk_create(
        [CalendarException(year=calendar_year, date=day, kind=kind, name=name) for day, kind, name in rows]
    )
    audit_log(
        actor=_actor(actor), action="calendar_year_save", subject=calendar_year,
        changes={"status": [old and old["status"], status], "revision": [old and old["revision"],
                                                                          calendar_year.revision],
                 "exceptions": len(rows)},
    )
    clocks_recompute(year=year, actor=actor, calendar_year=calendar_year, today=today)
    return calendar_year


@transaction.atomic
def clocks_recompute(*, year: int, actor=None, calendar_year: CalendarYear | None = None,
                     today: datetime.date | None = None) -> int:
    """Recompute open clocks whose [start, very overdue] window touches ``year``.

    The later date stands: a running deadline is never shortened. Each change is logged old → new,
    the clock's handlers and heads are told and the subjects that keep the date (``mirrors``) are updated.
    """
    cal = get_calendar()
    today = today or _today()
    calendar_year = calendar_year or CalendarYear.objects.filter(year=year).first()
    label = f"{year}r{calendar_year.revision}" if calendar_year else f"{year}p"
    status = calendar_year.get_status_display() if calendar_year else _("暂定")
    reason = _("%(year)s 年日历修订（第 %(rev)s 版，%(status)s）") % {
        "year": year, "rev": calendar_year.revision if calendar_year else 0, "status": status,
    }
    window = Q(start_date__lte=datetime.date(year, 12, 31), very_overdue_date__gte=datetime.date(year, 1, 1))
    ids = list(Clock.objects.filter(window, state__in=OPEN_CLOCK_STATES).values_list("pk", flat=True))
    changed, moved = 0, []
    lead, factor = _due_soon_lead(), _very_overdue_factor()
    for clock in Clock.objects.select_for_update().select_related("policy").filter(pk__in=ids).order_by("pk"):
        policy = clock.policy
        unit = policy.unit
        due = cal.shift(cal.add_period(clock.start_date, policy.value, unit).date, clock.adjustment, unit)
        very = cal.shift(cal.add_period(clock.start_date, factor * policy.value, unit).date, clock.adjustment, unit)
        old_due, old_state = clock.due_date, clock.state
        clock.due_date = max(old_due, due)
        clock.very_overdue_date = max(clock.very_overdue_date, very, clock.due_date)
        clock.provisional = cal.is_provisional(clock.start_date, clock.due_date)
        clock.calendar_revision = cal.revision_label(clock.start_date, clock.due_date)
        clock.state = clock_state_on(clock, today, cal=cal, lead=lead)
        clock.save(update_fields=["due_date", "very_overdue_date", "provisional", "calendar_revision", "state"])
        _event(clock, ClockAction.RECOMPUTE, actor=actor, from_state=old_state, to_state=clock.state,
               old_due=old_due, new_due=clock.due_date, reason=reason)
        changed += 1
        if clock.due_date != old_due:
            moved.append(clock)
            parties = clock_parties(clock)
            title = _("期限因日历修订顺延：%(name)s") % {"name": policy.name}
            body = _("截止日由 %(old)s 调整为 %(new)s。%(reason)s") % {
                "old": old_due, "new": clock.due_date, "reason": reason,
            }
            for user in _unique_users(parties.handlers + parties.heads):
                about, link = reminder_subject(clock, user, parties)
                notice_send(recipient=user, title=title, body=f"{about}{body}", link=link,
                            key=f"clock:{clock.pk}:recompute:{label}")
    mirror_due_dates(moved)
    return changed


def _unique_users(users) -> list:
    seen, result = set(), []
    for user in users:
        if user is not None and user.pk not in seen and user.is_active:
            seen.add(user.pk)
            result.append(user)
    return result


def _subject_link(clock: Clock) -> str:
    subject = clock.subject
    getter = getattr(subject, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return getter()
    except NoReverseMatch:
        return ""


# --- the periodic jobs -------------------------------------------------------

REMINDER_TITLES = {
    ReminderStep.DUE_SOON: "期限即将到期：{name}（截止 {due}）",
    ReminderStep.DUE_DATE: "今日为截止日：{name}（截止 {due}）",
    ReminderStep.OVERDUE: "期限已逾期：{name}（截止 {due}）",
    ReminderStep.SUPERVISOR: "期限逾期仍未办结：{name}（截止 {due}）",
}
REMINDER_LEVELS = {
    ReminderStep.DUE_SOON: "info", ReminderStep.DUE_DATE: "warning",
    ReminderStep.OVERDUE: "danger", ReminderStep.SUPERVISOR: "danger",
}


def ladder_dates(clock: Clock, *, cal: Calendar | None = None, lead=None, offsets=None) -> dict[str, datetime.date]:
    """The day each reminder step of ``clock`` falls due: the handler ``due_soon_lead`` before the due date, the
    other steps their policy's offset after it (0 = on the due date)."""
    cal = cal or get_calendar()
    dates = {ReminderStep.DUE_SOON: _due_soon_from(cal, clock.due_date, lead or _due_soon_lead())}
    for step, (value, unit) in (offsets or ladder_offsets()).items():
        dates[step] = cal.add_period(clock.due_date, value, unit, roll_forward=False).date if value else clock.due_date
    return dates


def _steps_due(clock: Clock, today: datetime.date, dates: dict[str, datetime.date]) -> list[str]:
    steps = []
    if dates[ReminderStep.DUE_SOON] <= today <= clock.due_date:
        steps.append(ReminderStep.DUE_SOON)
    steps += [step for step in LADDER_POLICY if today >= dates[step]]
    return steps


def _recipients(clock: Clock, step: str, parties) -> list:
    if step == ReminderStep.OVERDUE:
        return _unique_users(credit_office_users())
    if step == ReminderStep.DUE_SOON:
        return _unique_users(parties.handlers)
    if step == ReminderStep.DUE_DATE:
        return _unique_users(parties.heads)
    return _unique_users(parties.supervisors)


def _fire_reminder(clock: Clock, step: str) -> bool:
    """Record the step (once per clock, by the unique constraint) and send its notices."""
    try:
        with transaction.atomic():
            _reminder, created = ClockReminder.objects.get_or_create(clock=clock, step=step)
    except IntegrityError:
        return False
    if not created:
        return False
    title = REMINDER_TITLES[step].format(name=clock.policy.name, due=clock.due_date)
    dates = _("起算日 %(start)s，截止日 %(due)s（含当日）。") % {"start": clock.start_date, "due": clock.due_date}
    parties = clock_parties(clock)
    for user in _recipients(clock, step, parties):
        about, link = reminder_subject(clock, user, parties)
        notice_send(recipient=user, title=title, body=f"{about}{dates}" if about else dates, link=link,
                    key=f"clock:{clock.pk}:{step}", level=REMINDER_LEVELS[step])
    return True


def reminder_subject(clock: Clock, user, parties) -> tuple[str, str]:
    """What a reminder to ``user`` names and links to: the clock's subject and its page when the user may open it;
    otherwise the unit that answers for it and the unit's page. A supervisor is told when a unit it watches is
    very late, also on what it may not read (a resident's clue, a work task, a draft decision, a record about
    someone outside its scope): it learns the unit, never the subject, and a link it can open."""
    subject = clock.subject
    if subject is not None and _may_open(subject, user):
        return _("事项：%(subject)s。") % {"subject": subject}, _subject_link(clock)
    unit = parties.unit
    if unit is None:
        return "", ""
    link = reverse("records:unit_detail", args=[unit.pk]) if _may_open(unit, user) else ""
    return _("责任单位：%(unit)s。") % {"unit": unit.name}, link


def _may_open(obj, user) -> bool:
    """``obj`` is in ``user``'s read scope (its model's ``visible_to``, the scope its pages read from)."""
    manager = type(obj)._default_manager
    if not hasattr(manager, "visible_to"):
        return True
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def clocks_advance(*, today: datetime.date | None = None) -> dict:
    """The periodic job: move each counting clock to today's state and fire the reminder ladder.

    Idempotent: states change by conditional update, each reminder step is recorded once.
    Each clock is handled in its own transaction.
    """
    today = today or _today()
    cal = get_calendar()
    lead, offsets = _due_soon_lead(), ladder_offsets()
    value, unit = lead
    if unit == PolicyUnit.WORKING_DAYS:
        bound = cal.add_working_days(today, value + 1).date
    else:
        bound = today + datetime.timedelta(days=value + 1)
    done = ClockReminder.objects.filter(step=ReminderStep.SUPERVISOR).values("clock_id")
    candidates = list(
        Clock.objects.filter(state__in=ACTIVE_CLOCK_STATES, due_date__lt=bound)
        .exclude(Q(state=ClockState.VERY_OVERDUE) & Q(pk__in=done))
        .values_list("pk", flat=True)
    )
    transitions = reminders = 0
    for pk in candidates:
        with transaction.atomic():
            clock = Clock.objects.select_related("policy").filter(pk=pk, state__in=ACTIVE_CLOCK_STATES).first()
            if clock is None:
                continue
            target = clock_state_on(clock, today, cal=cal, lead=lead)
            if target != clock.state:
                if Clock.objects.filter(pk=pk, state=clock.state).update(state=target) == 1:
                    _event(clock, ClockAction.ADVANCE, from_state=clock.state, to_state=target,
                           old_due=clock.due_date, new_due=clock.due_date, reason=str(today))
                    transitions += 1
                    clock.state = target
                else:
                    continue  # someone else moved it; the next run sees the new state
            dates = ladder_dates(clock, cal=cal, lead=lead, offsets=offsets)
            sent = {s for s in clock.reminders.values_list("step", flat=True)}
            for step in _steps_due(clock, today, dates):
                if step not in sent and _fire_reminder(clock, step):
                    reminders += 1
    return {"clocks": len(candidates), "transitions": transitions, "reminders": reminders}


def calendar_warn_missing_next_year(*, today: datetime.date | None = None) -> int:
    """From 1 October, warn the office weekly while next year's official calendar is missing."""
    today = today or _today()
    if today.month < 10:
        return 0
    next_year = today.year + 1
    if CalendarYear.objects.filter(year=next_year, status=CalendarYearStatus.OFFICIAL).exists():
        return 0
    iso_year, iso_week, _weekday = today.isocalendar()
    title = _("请录入 %(year)s 年正式节假日安排") % {"year": next_year}
    body = _(
        "%(year)s 年的节假日安排尚未录入，涉及该年度的期限暂按周末计算并标记为“暂定”。"
        "国务院办公厅通知发布后请及时录入。"
    ) % {"year": next_year}
    try:
        link = reverse("admin:workdays_calendaryear_changelist")
    except NoReverseMatch:
        link = ""
    count = 0
    with transaction.atomic():
        for user in credit_office_users():
            notice_send(recipient=user, title=title, body=body, link=link, level="warning",
                        key=f"calendar-missing:{next_year}:{iso_year}-W{iso_week:02d}")
            count += 1
    return count
