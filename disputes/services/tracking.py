"""What the submitter does with the receipt code: see progress, add information, rate, ask to reopen (the office
decides). The tracking view never carries internal notes, contact details or staff names."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from workdays import services as workdays

from ..choices import (
    CLOSED_CLUE_STATES,
    OPEN_CLUE_STATES,
    AssignmentHow,
    ClueState,
    NoteKind,
    NoteVisibility,
    ReopenState,
)
from ..models import ClueAssignment, ClueNote, DisputeClue, ReopenRequest
from .common import actor_or_none, check_files, lock, office_users, require, save_files, tell, transition, unit_users
from .intake import CONCLUDE_CLOCK

__all__ = ["tracking_view", "clue_add_info", "clue_rate", "reopen_request", "reopen_decide", "can_reopen",
           "can_rate"]

RATEABLE_STATES = (ClueState.RESOLVED, ClueState.REJECTED)
REOPEN_WINDOW_POLICY = "dispute_reopen_window"


def can_rate(clue: DisputeClue) -> bool:
    return clue.state in RATEABLE_STATES and clue.rating is None


def can_reopen(clue: DisputeClue, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (clue.state in RATEABLE_STATES and clue.concluded_on is not None
            and today <= workdays.policy_end(REOPEN_WINDOW_POLICY, clue.concluded_on)
            and not clue.reopen_requests.filter(state=ReopenState.PENDING).exists())


def tracking_view(clue: DisputeClue, today: datetime.date | None = None) -> dict:
    """The public answer for a receipt code: status, dates, the handling unit (not a person), public notes."""
    clue = (DisputeClue.objects.select_related("handling_unit", "merged_into", "acknowledge_clock",
                                               "conclude_clock").get(pk=clue.pk))
    notes = clue.notes.filter(visibility=NoteVisibility.PUBLIC).select_related("author_unit").order_by("at", "id")
    if clue.state == ClueState.ACKNOWLEDGED and clue.conclude_clock:
        due = clue.conclude_clock.due_date
    elif clue.state in (ClueState.TRIAGE, ClueState.ASSIGNED) and clue.acknowledge_clock:
        due = clue.acknowledge_clock.due_date
    else:
        due = None
    pending = clue.reopen_requests.filter(state=ReopenState.PENDING).exists()
    last_reopen = clue.reopen_requests.exclude(state=ReopenState.PENDING).order_by("-decided_at").first()
    return {
        "reference": clue.reference,
        "category": clue.category, "category_label": clue.get_category_display(),
        "state": clue.state, "state_label": clue.get_state_display(), "is_open": clue.state in OPEN_CLUE_STATES,
        "body": clue.body_display,
        "handling_unit": clue.handling_unit.name if clue.handling_unit_id else _("区信用办（分办中）"),
        "submitted_on": clue.submitted_on, "acknowledged_on": clue.acknowledged_on, "due_date": due,
        "extended": clue.extended_on is not None, "concluded_on": clue.concluded_on,
        "outcome_reason": clue.outcome_reason if clue.state in CLOSED_CLUE_STATES else "",
        "merged_into": clue.merged_into.reference if clue.merged_into_id else "",
        "notes": [{"at": n.at, "kind": n.kind, "kind_label": n.get_kind_display(), "body": n.body,
                   "unit": n.author_unit.name if n.author_unit_id and n.kind != NoteKind.SUBMITTER else ""}
                  for n in notes],
        "rating": clue.rating, "rating_comment": clue.rating_comment,
        "can_rate": can_rate(clue), "can_add_info": clue.state in OPEN_CLUE_STATES,
        "can_reopen": not pending and can_reopen(clue, today), "reopen_pending": pending,
        "reopen_decision": ({"state": last_reopen.state, "state_label": last_reopen.get_state_display(),
                             "reason": last_reopen.decision_reason} if last_reopen else None),
    }


def _tell_handlers(clue: DisputeClue, title: str, body: str, key: str) -> None:
    users = unit_users(clue.handling_unit) if clue.handling_unit_id else office_users()
    tell(users, title=title, body=body, link=clue.get_absolute_url(), key=key)


@transaction.atomic
def clue_add_info(*, clue: DisputeClue, body: str, files=()) -> ClueNote:
    """The submitter adds information to an open clue (a note the handlers see, shown back on tracking)."""
    body = (body or "").strip()
    checked = check_files(files)
    if not body and not checked:
        raise ValidationError({"body": [_("请填写补充内容或上传材料。")]})
    clue = lock(clue)
    if clue.state not in OPEN_CLUE_STATES:
        raise TransitionNotAllowed(_("线索已办结，如有异议请申请重新办理。"))
    note = ClueNote.objects.create(clue=clue, kind=NoteKind.SUBMITTER, visibility=NoteVisibility.PUBLIC,
                                   body=body or _("（补充材料）"))
    save_files(checked, clue=clue, note=note, from_submitter=True)
    _tell_handlers(clue, _("线索 %(ref)s 有提交人补充的信息") % {"ref": clue.reference}, body[:200],
                   f"clue:{clue.pk}:info:{note.pk}")
    return note


@transaction.atomic
def clue_rate(*, clue: DisputeClue, rating: int, comment: str = "") -> DisputeClue:
    """The submitter rates the handling of a concluded clue (1–5), once per conclusion."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("请选择 1 到 5 的评价。")]})
    clue = lock(clue)
    if not can_rate(clue):
        raise TransitionNotAllowed(_("只能对已办结的线索评价一次。"))
    clue.rating, clue.rating_comment, clue.rated_at = rating, (comment or "").strip(), timezone.now()
    clue.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    return clue


@transaction.atomic
def reopen_request(*, clue: DisputeClue, reason: str, today: datetime.date | None = None) -> ReopenRequest:
    """Within the reopen window after closing (policy row ``dispute_reopen_window``), the submitter asks to
    reopen; the office decides."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请说明申请重新办理的理由。")]})
    clue = lock(clue)
    if not can_reopen(clue, today):
        raise TransitionNotAllowed(_("只能在办结后 %(period)s内申请重新办理一次。")
                                   % {"period": workdays.policy_text(REOPEN_WINDOW_POLICY)})
    try:
        with transaction.atomic():
            request = ReopenRequest.objects.create(clue=clue, reason=reason)
    except IntegrityError:
        raise TransitionNotAllowed(_("已有待决定的重新办理申请。"))
    tell(office_users(), title=_("线索 %(ref)s 的提交人申请重新办理") % {"ref": clue.reference}, body=reason[:200],
         link=clue.get_absolute_url(), key=f"clue:{clue.pk}:reopen:{request.pk}", level="warning")
    return request


@transaction.atomic
def reopen_decide(*, request: ReopenRequest, actor, grant: bool, reason: str,
                  today: datetime.date | None = None) -> ReopenRequest:
    """The office grants (the clue goes back to the handling unit with a new conclusion clock) or refuses."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写决定理由。")]})
    today = today or timezone.localdate()
    request = ReopenRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ReopenState.PENDING:
        raise TransitionNotAllowed(_("该申请已作出决定。"))
    request.state = ReopenState.GRANTED if grant else ReopenState.REFUSED
    request.decided_at, request.decided_by, request.decision_reason = timezone.now(), actor_or_none(actor), reason
    request.save()
    clue = lock(request.clue)
    if grant:
        require(clue, ClueState.ACKNOWLEDGED)
        if clue.handling_unit is None:
            raise TransitionNotAllowed(_("线索没有承办单位，请先分办。"))
        transition(clue, ClueState.ACKNOWLEDGED, actor=actor, reason=_("同意重新办理：%(r)s") % {"r": reason})
        ClueAssignment.objects.filter(clue=clue, ended_at__isnull=True).update(ended_at=timezone.now())
        ClueAssignment.objects.create(clue=clue, unit=clue.handling_unit, how=AssignmentHow.REOPEN,
                                      assigned_by=actor_or_none(actor), note=reason)
        clue.concluded_on = clue.concluded_on_time = None
        clue.rating, clue.rating_comment, clue.rated_at = None, "", None
        clue.conclude_clock = workdays.clock_start(subject=clue, purpose=CONCLUDE_CLOCK, policy_key="dispute_conclude",
                                                   scope=f"category={clue.category}", start_date=today, actor=actor,
                                                   today=today)
        clue.save()
        _tell_handlers(clue, _("线索 %(ref)s 重新办理") % {"ref": clue.reference}, reason,
                       f"clue:{clue.pk}:reopened:{request.pk}")
    ClueNote.objects.create(clue=clue, kind=NoteKind.SYSTEM, visibility=NoteVisibility.PUBLIC,
                            author=actor_or_none(actor), author_unit=getattr(actor, "unit", None),
                            body=(_("区信用办同意重新办理：%(r)s") if grant else _("区信用办不同意重新办理：%(r)s"))
                            % {"r": reason})
    return request
