"""Work tasks (clause 20): issue to units with a clock, submit documents, accept or return, extend."""
import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.errors import TransitionNotAllowed
from objections.services.common import check_evidence
from workdays import services as workdays

from ..choices import ASSIGNMENT_TRANSITIONS, TASK_POLICIES, AssignmentState, TaskKind
from ..models import AssignmentTransition, TaskAssignment, TaskDocument, WorkTask
from .common import actor_or_none, tell_office, tell_unit

WORK_TASK_CLOCK = "work_task"


def _move(assignment: TaskAssignment, to_state: str, *, actor, reason: str = "") -> None:
    if to_state not in ASSIGNMENT_TRANSITIONS[AssignmentState(assignment.state)]:
        raise TransitionNotAllowed(_("当前状态（%(s)s）不能执行此操作。") % {"s": assignment.get_state_display()})
    AssignmentTransition.objects.create(assignment=assignment, actor=actor_or_none(actor),
                                        from_state=assignment.state, to_state=to_state, reason=reason)
    assignment.state = to_state


def _lock(assignment: TaskAssignment) -> TaskAssignment:
    return TaskAssignment.objects.select_for_update(of=("self",)).select_related("task", "clock").get(pk=assignment.pk)


@transaction.atomic
def task_issue(*, actor, title: str, kind: str, description: str, units, issued_on: datetime.date | None = None,
               today: datetime.date | None = None) -> WorkTask:
    """The office issues a task to units; each unit's due date comes from the clock engine (policy per kind)."""
    issued_on = issued_on or timezone.localdate()
    units = list(units)
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写任务名称。")]
    if kind not in TaskKind.values:
        errors["kind"] = [_("请选择任务类别。")]
    if not units:
        errors["units"] = [_("请至少选择一个承办单位。")]
    if errors:
        raise ValidationError(errors)
    task = WorkTask(title=title.strip(), kind=kind, description=(description or "").strip(), issued_on=issued_on,
                    issued_by=actor_or_none(actor))
    task.full_clean()
    task.save()
    for unit in units:
        assignment = TaskAssignment.objects.create(task=task, unit=unit, due_date=issued_on)
        clock = workdays.clock_start(subject=assignment, purpose=WORK_TASK_CLOCK, policy_key=TASK_POLICIES[kind],
                                     start_date=issued_on, actor=actor, today=today)
        assignment.clock = clock  # the engine has written the due date (workdays.mirrors)
        assignment.save(update_fields=["clock"])
        AssignmentTransition.objects.create(assignment=assignment, actor=actor_or_none(actor),
                                            to_state=AssignmentState.OPEN, reason=_("下达任务"))
        tell_unit([unit.pk], title=_("督办任务：%(t)s") % {"t": task.title},
                  body=_("请于 %(due)s 前报送。") % {"due": clock.due_date}, link=assignment.get_absolute_url(),
                  key=f"work-task:{assignment.pk}:issued")
    return task


@transaction.atomic
def task_submit(*, assignment: TaskAssignment, actor, note: str, files=(),
                today: datetime.date | None = None) -> TaskAssignment:
    """The unit submits its documents. The first submission fixes on-time or late; the clock stops."""
    today = today or timezone.localdate()
    assignment = _lock(assignment)
    if not (actor.unit_id == assignment.unit_id and actor.has_role(Role.CLERK)):
        raise ValidationError(_("只有承办单位经办人可以报送。"))
    checked = check_evidence(files)
    if not checked and not assignment.documents.exists():
        raise ValidationError({"files": [_("请上传报送材料。")]})
    _move(assignment, AssignmentState.SUBMITTED, actor=actor, reason=(note or "").strip())
    if assignment.submitted_on is None:
        assignment.submitted_on, assignment.submitted_at = today, timezone.now()
        assignment.on_time = today <= assignment.due_date
    assignment.note = (note or "").strip()
    if assignment.clock and assignment.clock.is_open:
        workdays.clock_stop(clock=assignment.clock, actor=actor, reason=_("已报送"))
    assignment.save()
    for name, data, content_type in checked:
        document = TaskDocument(assignment=assignment, original_name=name, content_type=content_type,
                                size=len(data), sha256=TaskDocument.digest(data), uploaded_by=actor)
        document.file.save(name, ContentFile(data), save=False)
        document.save()
    tell_office(title=_("督办任务已报送：%(u)s") % {"u": assignment.unit.name}, body=assignment.task.title,
                link=assignment.get_absolute_url(), key=f"work-task:{assignment.pk}:submitted:{today}")
    return assignment


@transaction.atomic
def task_review(*, assignment: TaskAssignment, actor, accept: bool, note: str,
                today: datetime.date | None = None) -> TaskAssignment:
    """The office accepts a submission (done) or returns it to be submitted again (reason required)."""
    assignment = _lock(assignment)
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": [_("退回须说明理由。")]})
    _move(assignment, AssignmentState.ACCEPTED if accept else AssignmentState.RETURNED, actor=actor, reason=note)
    assignment.review_note = note
    if accept:
        assignment.closed_on = today or timezone.localdate()
    assignment.save()
    tell_unit([assignment.unit_id], title=(_("督办任务已办结") if accept else _("督办任务被退回，请重新报送")),
              body=note or assignment.task.title, link=assignment.get_absolute_url(),
              key=f"work-task:{assignment.pk}:{assignment.state}:{assignment.transitions.count()}")
    return assignment


@transaction.atomic
def task_extend(*, assignment: TaskAssignment, actor, days: int, reason: str) -> TaskAssignment:
    """The office extends an open task's due date by working days (through the clock engine)."""
    assignment = _lock(assignment)
    if not assignment.is_open or assignment.clock is None or not assignment.clock.is_open:
        raise TransitionNotAllowed(_("只有未报送的任务可以延期。"))
    assignment.clock = workdays.clock_extend(clock=assignment.clock, actor=actor, reason=reason, days=days)
    assignment.due_date = assignment.clock.due_date  # the row is written by the engine (workdays.mirrors)
    return assignment
