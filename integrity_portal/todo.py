"""Each role's work: the open items the user must act on, one inbox per kind, each item a link to where it is done.

The start page shows the soonest-due items of every inbox together and each inbox's full count with a link to
all of it; ``/workspace/todo/`` lists every item. The inboxes are the apps' own scoped querysets (the same
``visible_to`` / ``handled_by`` / ``objection_inbox`` the apps' lists use), so the counts agree with them.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

START_PAGE_ROWS = 12  # the start page shows this many of the soonest-due items; each inbox links to all of it


@dataclass
class TodoItem:
    what: str
    subject: str
    url: str
    due: datetime.date | None = None
    clock: object | None = None  # the workdays Clock timing it, for its state


@dataclass
class Inbox:
    key: str
    title: str
    url: str  # the app's page that holds the whole inbox
    queryset: QuerySet
    to_item: Callable[[object], TodoItem]
    items: list[TodoItem] = field(default_factory=list)
    # Where the whole inbox is, when that depends on what it holds (read from its rows: no query of its own)
    url_for_rows: Callable[[list], str] | None = None

    @property
    def count(self) -> int:
        return len(self.items)

    def load(self) -> Inbox:
        rows = list(self.queryset)
        self.items = [self.to_item(row) for row in rows]
        if self.url_for_rows is not None and rows:
            self.url = self.url_for_rows(rows)
        return self


def _due(clock) -> datetime.date | None:
    return clock.due_date if clock is not None else None


def case_label(case, *, unit: bool) -> str:
    """A rectification case by its number and what it is about; ``unit``: and whose it is (the office's rows; a
    clerk's cases are all their own unit's)."""
    values = {"number": case.pk, "title": case.subject_title, "unit": case.unit}
    return (_("整改 #%(number)s（%(unit)s）：%(title)s") if unit else _("整改 #%(number)s：%(title)s")) % values


def _objections(user) -> list[Inbox]:
    from objections.choices import RepairState
    from objections.models import Repair
    from objections.selectors import objection_inbox

    inboxes = []
    if user.has_role(Role.CLERK):
        inboxes.append(Inbox(
            "objections", _("待答复的异议"), reverse("objections:objection_list"), objection_inbox(user),
            lambda o: TodoItem(_("答复异议"), o.record.title, reverse("objections:objection_detail", args=[o.pk]),
                               _due(o.clock), o.clock)))
    if user.is_office:
        repairs = (Repair.objects.visible_to(user).filter(state=RepairState.SUBMITTED)
                   .select_related("record", "decision").order_by("pk"))
        inboxes.append(Inbox(
            "repairs", _("待决定的信用修复"), reverse("objections:repair_list") + "?state=submitted", repairs,
            # A record's title, or a 双公示 decision's number and subject
            lambda r: TodoItem(_("决定信用修复"), r.subject_title, reverse("objections:repair_detail", args=[r.pk]))))
    return inboxes


def _clues(user) -> list[Inbox]:
    from disputes.choices import ClueState, ReopenState
    from disputes.models import DisputeClue, ReopenRequest

    clues = DisputeClue.objects.visible_to(user).select_related("acknowledge_clock", "conclude_clock")

    def clue_item(what):
        def to_item(clue):
            clock = clue.conclude_clock if clue.state == ClueState.ACKNOWLEDGED else clue.acknowledge_clock
            return TodoItem(what, str(clue), reverse("disputes:workspace_detail", args=[clue.pk]), _due(clock), clock)
        return to_item

    inboxes = []
    if user.has_role(Role.CLERK) and user.unit_id:
        handled = clues.filter(state__in=[ClueState.ASSIGNED, ClueState.ACKNOWLEDGED]).order_by("pk")
        inboxes.append(Inbox("clues", _("待办理的纠纷线索"), reverse("disputes:workspace_list"), handled,
                             clue_item(_("受理、办结线索"))))
    if user.is_office:
        triage = clues.filter(state=ClueState.TRIAGE).order_by("pk")
        inboxes.append(Inbox("clue_triage", _("待分办的纠纷线索"), reverse("disputes:workspace_list") + "?state=triage",
                             triage, clue_item(_("分办线索"))))
        reopen = ReopenRequest.objects.filter(state=ReopenState.PENDING).select_related("clue").order_by("pk")
        inboxes.append(Inbox(
            "clue_reopen", _("待决定的重新办理申请"), reverse("disputes:workspace_list") + "?reopen_pending=true", reopen,
            lambda r: TodoItem(_("决定是否重新办理"), str(r.clue),
                               reverse("disputes:reopen_decide", args=[r.clue_id, r.pk]))))
    return inboxes


def _rectification(user) -> list[Inbox]:
    from records.models import RectificationCase
    from records.models.punishment import RectificationState

    cases = (RectificationCase.objects.select_related("unit", "explanation_clock", "report_clock")
             .prefetch_related("records"))

    def to_item(*, unit: bool):
        def item(case):
            clock = case.explanation_clock if case.state == RectificationState.OPEN else case.report_clock
            what = {RectificationState.OPEN: _("报送书面说明"), RectificationState.RECTIFIED: _("验收整改报告")}.get(
                case.state, _("报送整改报告"))
            return TodoItem(what, case_label(case, unit=unit), reverse("punishment:case_detail", args=[case.pk]),
                            _due(clock), clock)
        return item

    inboxes = []
    if user.has_role(Role.CLERK):
        steps = cases.handled_by(user).filter(state__in=[
            RectificationState.OPEN, RectificationState.EXPLAINED, RectificationState.RETURNED]).order_by("pk")
        inboxes.append(Inbox("rectification", _("整改事项"), reverse("punishment:case_list"), steps,
                             to_item(unit=False)))
    if user.is_office:
        review = cases.filter(state=RectificationState.RECTIFIED).order_by("pk")
        inboxes.append(Inbox("rectification_review", _("待验收的整改报告"),
                             reverse("punishment:case_list") + "?state=rectified", review, to_item(unit=True)))
    return inboxes


def _tasks(user) -> list[Inbox]:
    from evaluation.choices import AssignmentState, QueryState
    from evaluation.labels import indicator_label
    from evaluation.models import ReplyQuery, TaskAssignment
    from evaluation.selectors import open_queries_url

    assignments = TaskAssignment.objects.visible_to(user).select_related("task", "unit", "clock")

    def to_item(what):
        return lambda a: TodoItem(what, gettext("%(task)s（%(unit)s）") % {"task": a.task.title, "unit": a.unit},
                                  reverse("evaluation:assignment_detail", args=[a.pk]), _due(a.clock), a.clock)

    inboxes = []
    if user.has_role(Role.CLERK):
        inboxes.append(Inbox("tasks", _("待报送的督办任务"), reverse("evaluation:task_list"),
                             assignments.open().order_by("pk"), to_item(_("报送督办任务"))))
    if user.is_office:
        inboxes.append(Inbox("task_review", _("待审核的督办任务"), reverse("evaluation:task_list"),
                             assignments.filter(state=AssignmentState.SUBMITTED).order_by("pk"),
                             to_item(_("审核督办任务"))))
        queries = ReplyQuery.objects.filter(state=QueryState.OPEN).select_related("score", "run__period").order_by("pk")
        inboxes.append(Inbox(
            "score_queries", _("待答复的考核反馈"), reverse("evaluation:workspace_home"), queries,
            # The period and the indicator queried, and the unit that queried it
            lambda q: TodoItem(_("答复考核反馈"), _("%(period)s %(indicator)s（%(unit)s）") % {
                "period": q.run.period.label, "indicator": indicator_label(q.indicator_key),
                "unit": q.score.unit_name}, reverse("evaluation:query_answer", args=[q.pk])),
            # The run's page, where the feedback is answered (the evaluation home when several runs have some)
            url_for_rows=lambda rows: open_queries_url(q.run_id for q in rows)))
    return inboxes


def _record_reporting(user) -> list[Inbox]:
    from records.selectors import record_clocks_open_for_unit

    if not (user.has_role(Role.CLERK) and user.unit_id):
        return []
    return [Inbox("record_reporting", _("记录报送与更新时限"), reverse("records:record_list"),
                  _with_subjects(record_clocks_open_for_unit(user.unit_id)), clock_item)]


def _decisions(user) -> list[Inbox]:
    """双公示: the department's drafts still to publish within the reporting period (running, due soon, overdue)."""
    from django.contrib.contenttypes.models import ContentType

    from decisions.choices import DecisionStatus
    from decisions.models import Decision
    from workdays.selectors import clock_list_open

    if not (user.has_role(Role.CLERK) and user.unit_id):
        return []
    drafts = Decision.objects.visible_to(user).filter(status=DecisionStatus.DRAFT).values("pk")
    clocks = clock_list_open().filter(content_type=ContentType.objects.get_for_model(Decision), object_id__in=drafts)
    return [Inbox("decisions", _("待公示的双公示决定"), reverse("decisions:list") + "?status=draft",
                  _with_subjects(clocks), clock_item)]


def _overdue(user) -> list[Inbox]:
    """The office watches every deadline: everything overdue, wherever it is."""
    from workdays.choices import ClockState
    from workdays.selectors import clock_list_open

    if not user.is_office:
        return []
    overdue = clock_list_open().filter(state__in=[ClockState.OVERDUE, ClockState.VERY_OVERDUE])
    return [Inbox("overdue", _("已逾期事项"), reverse("workspace-todo") + "#overdue", _with_subjects(overdue),
                  clock_item)]


# The page where each kind of clock subject is worked on.
SUBJECT_PAGES = {
    "objections.objection": "objections:objection_detail",
    "records.rectificationcase": "punishment:case_detail",
    "evaluation.taskassignment": "evaluation:assignment_detail",
    "disputes.disputeclue": "disputes:workspace_detail",
    "records.creditrecord": "records:record_detail",
    "decisions.decision": "decisions:detail",
}


def _with_subjects(clocks):
    """Each clock's subject, one query per kind of subject."""
    from django.contrib.contenttypes.prefetch import GenericPrefetch

    from decisions.models import Decision
    from disputes.models import DisputeClue
    from evaluation.models import TaskAssignment
    from objections.models import Objection
    from records.models import CreditRecord, RectificationCase

    return clocks.prefetch_related(GenericPrefetch("subject", [
        Objection.objects.select_related("record"), RectificationCase.objects.select_related("unit")
        .prefetch_related("records"),
        TaskAssignment.objects.select_related("task", "unit"), DisputeClue.objects.all(), CreditRecord.objects.all(),
        Decision.objects.all()]))


def clock_item(clock) -> TodoItem:
    subject = clock.subject
    model = f"{clock.content_type.app_label}.{clock.content_type.model}"
    name = SUBJECT_PAGES.get(model)
    label = getattr(subject, "title", None) or str(subject or "—")  # a decision: "行政处罚 文号：相对人"
    if model == "objections.objection" and subject is not None:
        label = subject.record.title
    elif model == "records.rectificationcase" and subject is not None:
        label = case_label(subject, unit=True)  # the office's overdue list
    return TodoItem(clock.policy.name, label, reverse(name, args=[clock.object_id]) if name else "",
                    clock.due_date, clock)


BUILDERS: Iterable[Callable] = (_objections, _clues, _rectification, _tasks, _record_reporting, _decisions, _overdue)


def inboxes_for(user) -> list[Inbox]:
    """The user's inboxes, each with all its items (an inbox holds what is open now: tens, not thousands)."""
    return [inbox.load() for builder in BUILDERS for inbox in builder(user)]


def soonest(inboxes: list[Inbox], limit: int | None = START_PAGE_ROWS) -> list[TodoItem]:
    """Every inbox's items together, soonest due first (undated last)."""
    items = sorted((item for inbox in inboxes for item in inbox.items),
                   key=lambda item: (item.due is None, item.due or datetime.date.max))
    return items if limit is None else items[:limit]
