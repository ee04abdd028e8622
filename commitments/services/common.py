"""Helpers every commitment use case shares: lock, transition check, event row, platform outbox row."""
import datetime
import decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from notifications.choices import Channel
from notifications.services import outbox_enqueue

from ..choices import COMMITMENT_TRANSITIONS, CommitmentStatus
from ..models import Commitment, CommitmentEvent

HUNDRED = decimal.Decimal(100)
CENT = decimal.Decimal("0.01")


def actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def lock(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_for_update().select_related("unit").get(pk=commitment.pk)


def require(commitment: Commitment, target: str) -> None:
    if target not in COMMITMENT_TRANSITIONS[CommitmentStatus(commitment.status)]:
        raise TransitionNotAllowed(
            _("承诺当前状态为“%(status)s”，不能转为“%(target)s”。")
            % {"status": commitment.get_status_display(), "target": CommitmentStatus(target).label}
        )


def event(commitment, action, *, actor, from_status="", to_status="", changes=None, reason="") -> CommitmentEvent:
    return CommitmentEvent.objects.create(
        commitment=commitment, action=action, actor=actor_or_none(actor), from_status=from_status,
        to_status=to_status, changes=changes or {}, reason=reason,
    )


def jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def platform_payload(commitment: Commitment) -> dict:
    """The credit-commitment data set (DESIGN.md §5) as the city platform receives it."""
    unit = commitment.unit
    return {
        "承诺编码": commitment.code, "承诺名称": commitment.title,
        "承诺人名称": unit.name, "承诺人类别": unit.get_kind_display(), "承诺人代码": unit.code,
        "承诺类型": commitment.get_kind_display(), "承诺事由": commitment.reason, "承诺内容": commitment.content,
        "违诺责任": commitment.liability, "承诺作出日期": jsonable(commitment.committed_on),
        "有效期": jsonable(commitment.valid_until) or "长期",
        "履行状态": commitment.get_status_display(), "未履行内容": commitment.unfulfilled_content,
        "认定日期": jsonable(commitment.concluded_on), "受理单位": commitment.accepting_unit,
        "承诺对象名称": commitment.counterparty_name, "承诺对象代码": commitment.counterparty_code,
        "公开类型": commitment.get_publication_type_display(), "publication_type": commitment.publication_type,
        "id": commitment.pk, "status": commitment.status,
    }


def share(commitment: Commitment, what: str) -> None:
    """Clause 8: report the commitment to the city credit platform (an outbox row, delivered after commit)."""
    outbox_enqueue(key=f"platform:commitment:{commitment.pk}:{what}", channel=Channel.PLATFORM,
                   payload={"type": "commitment", "event": what, "data": platform_payload(commitment)})


def touch_public(commitment: Commitment) -> None:
    commitment.public_updated_at = timezone.now()


def recompute_progress(commitment: Commitment) -> decimal.Decimal:
    """Leaf: weighted share of its milestones done. Programme: weighted average of its children.

    Saves the value (0–100, two decimals) and walks up to the programme.
    """
    children = commitment.children.exclude(status=CommitmentStatus.TERMINATED)
    if children.exists():
        total = weighted = decimal.Decimal(0)
        for weight, progress in children.values_list("weight", "progress"):
            total += weight
            weighted += weight * progress
        value = weighted / total if total else decimal.Decimal(0)
    else:
        totals = commitment.milestones.aggregate(all=Sum("weight"), done=Sum("weight", filter=Q(done_on__isnull=False)))
        value = HUNDRED * (totals["done"] or 0) / totals["all"] if totals["all"] else decimal.Decimal(0)
    value = min(HUNDRED, max(decimal.Decimal(0), decimal.Decimal(value).quantize(CENT)))
    if value != commitment.progress:
        Commitment.objects.filter(pk=commitment.pk).update(progress=value, updated_at=timezone.now())
        commitment.progress = value
    if commitment.parent_id:
        recompute_progress(Commitment.objects.get(pk=commitment.parent_id))
    return value

