"""Fulfilment: milestones, their evidence, completion, and the daily overdue job."""
import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import User
from integrity_portal.errors import TransitionNotAllowed
from notifications.services import notice_send_many
from records.uploads import ALLOWED_TYPES, UploadTooLarge, upload_check

from ..choices import IN_FORCE_STATUSES, CommitmentStatus
from ..models import Commitment, Evidence, Milestone
from .common import actor_or_none, event, lock, recompute_progress, touch_public

__all__ = ["milestone_add", "milestone_complete", "evidence_attach", "milestones_mark_overdue",
           "EvidenceTooLarge", "ALLOWED_EVIDENCE_TYPES"]

ALLOWED_EVIDENCE_TYPES = ALLOWED_TYPES
EDITABLE_STATUSES = IN_FORCE_STATUSES | {CommitmentStatus.DRAFT}


EvidenceTooLarge = UploadTooLarge  # mapped to 413 by the views


def _check_open(commitment: Commitment) -> None:
    if commitment.status not in EDITABLE_STATUSES:
        raise TransitionNotAllowed(_("承诺已“%(status)s”，不能再调整履行节点。")
                                   % {"status": commitment.get_status_display()})
    if commitment.children.exists():
        raise ValidationError({"__all__": [_("承诺清单的进度由各子项计算，请在子项中登记履行节点。")]})


@transaction.atomic
def milestone_add(*, commitment: Commitment, actor, title: str, due_date: datetime.date, weight: int = 1,
                  ) -> Milestone:
    commitment = lock(commitment)
    _check_open(commitment)
    errors = {}
    if due_date and due_date < commitment.committed_on:
        errors["due_date"] = [_("计划完成日期不能早于承诺作出日期（%(d)s）。") % {"d": commitment.committed_on}]
    if due_date and commitment.valid_until and due_date > commitment.valid_until:
        errors["due_date"] = [_("计划完成日期不能晚于承诺有效期（%(d)s）。") % {"d": commitment.valid_until}]
    if weight is None or not 1 <= int(weight) <= 100:
        errors["weight"] = [_("权重须在 1 到 100 之间。")]
    if errors:
        raise ValidationError(errors)
    milestone = Milestone(commitment=commitment, title=(title or "").strip(), due_date=due_date, weight=weight)
    milestone.full_clean()
    milestone.save()
    event(commitment, "milestone_add", actor=actor,
          changes={"milestone": [None, milestone.title], "due_date": [None, due_date.isoformat()],
                   "weight": [None, weight]})
    recompute_progress(commitment)
    return milestone


def _attach(milestone: Milestone, actor, name: str, data: bytes) -> Evidence:
    content_type = upload_check(name, data)
    evidence = Evidence(milestone=milestone, original_name=name[:200], content_type=content_type, size=len(data),
                        sha256=Evidence.digest(data), uploaded_by=actor_or_none(actor))
    evidence.file.save(name, ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_attach(*, milestone: Milestone, actor, name: str, data: bytes) -> Evidence:
    """Evidence upload: extension, magic number and size are checked; nothing saved on failure."""
    upload_check(name, data)
    commitment = lock(milestone.commitment)
    _check_open(commitment)
    evidence = _attach(milestone, actor, name, data)
    event(commitment, "evidence", actor=actor, changes={"milestone": [None, milestone.title], "file": [None, name]})
    return evidence


@transaction.atomic
def milestone_complete(*, milestone: Milestone, actor, done_on: datetime.date, note: str = "",
                       files: list[tuple[str, bytes]] = (), today: datetime.date | None = None) -> Milestone:
    """A milestone is done when its evidence is in; the progress moves (and the programme's with it)."""
    today = today or timezone.localdate()
    for name, data in files:
        upload_check(name, data)
    commitment = lock(milestone.commitment)
    if commitment.status not in IN_FORCE_STATUSES:
        raise TransitionNotAllowed(_("只有已公开且在履行中的承诺可以登记节点完成。"))
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_on:
        raise TransitionNotAllowed(_("该节点已于 %(d)s 完成。") % {"d": milestone.done_on})
    errors = {}
    if done_on > today:
        errors["done_on"] = [_("完成日期不能晚于今天。")]
    elif done_on < commitment.committed_on:
        errors["done_on"] = [_("完成日期不能早于承诺作出日期。")]
    if not files and not milestone.evidence.exists():
        errors["file"] = [_("请上传履行证明材料。")]
    if errors:
        raise ValidationError(errors)
    for name, data in files:
        _attach(milestone, actor, name, data)
    milestone.done_on, milestone.note = done_on, (note or "").strip()
    milestone.save(update_fields=["done_on", "note"])
    event(commitment, "milestone_done", actor=actor,
          changes={"milestone": [None, milestone.title], "done_on": [None, done_on.isoformat()],
                   "files": [None, [name for name, _data in files]]})
    touch_public(commitment)
    commitment.save(update_fields=["public_updated_at", "updated_at"])
    recompute_progress(commitment)
    return milestone


def milestones_mark_overdue(*, today: datetime.date | None = None) -> int:
    """Daily: a milestone past its due date without evidence turns overdue. Safe to run twice."""
    today = today or timezone.localdate()
    due = (Milestone.objects.filter(done_on__isnull=True, overdue=False, due_date__lt=today,
                                    commitment__status__in=IN_FORCE_STATUSES)
           .exclude(Exists(Evidence.objects.filter(milestone=OuterRef("pk"))))
           .values_list("pk", flat=True))
    marked = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Milestone.objects.filter(pk=pk, overdue=False, done_on__isnull=True).update(
                overdue=True, overdue_since=today)
            if not claimed:
                continue
            milestone = Milestone.objects.select_related("commitment__unit").get(pk=pk)
            commitment = milestone.commitment
            event(commitment, "milestone_overdue", actor=None, changes={"milestone": [None, milestone.title]},
                  reason=_("计划完成日期 %(d)s 已过，未见履行证明材料。") % {"d": milestone.due_date})
            clerks = User.objects.filter(unit=commitment.unit.current_successor(), groups__name=Role.CLERK,
                                         is_active=True)
            notice_send_many(recipients=clerks, key=f"commitment-milestone-overdue:{pk}", level="warning",
                             title=_("承诺履行节点已逾期：%(title)s") % {"title": milestone.title},
                             body=_("承诺“%(c)s”的节点“%(m)s”计划于 %(d)s 完成，尚未登记完成。")
                             % {"c": commitment.title, "m": milestone.title, "d": milestone.due_date},
                             link=f"/workspace/commitments/{commitment.pk}/")
            marked += 1
    return marked
