"""Reads of the commitments app: the public listing, a commitment's timeline, a unit's record."""
import datetime
import decimal
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.models import CreditRecord, Unit

from .choices import ACTION_LABELS, CONCLUDED_STATUSES, CommitmentStatus
from .models import Commitment, CommitmentChange, CommitmentEvent, Evidence, Milestone, units_answered_for

# The event actions shown on the public timeline (the rest is the internal audit trail).
PUBLIC_ACTIONS = {
    "publish": _("承诺公开"),
    "conclude": _("履行认定"),
}


def public_commitments(user):
    """Everything the public site lists for this visitor, with what a row shows joined."""
    return Commitment.objects.published_for(user).select_related("unit", "unit__successor")


# What a row of the public list shows: the wide text columns (reason, content, liability) are not read.
ROW_FIELDS = ("id", "code", "title", "unit_id", "kind", "service_area", "committed_on", "status", "progress",
              "publication_type")


def commitment_years() -> list[int]:
    """Every year from the earliest commitment's to this year (or the latest's, if dated later), newest first:
    one MIN/MAX query over the committed_on index. Over every commitment, not the reader's: the year select and
    the API accept the same years for everyone (a year reveals no commitment)."""
    span = Commitment.objects.aggregate(first=Min("committed_on"), last=Max("committed_on"))
    this_year = timezone.localdate().year
    first = span["first"].year if span["first"] else this_year
    last = max(span["last"].year, this_year) if span["last"] else this_year
    return list(range(last, first - 1, -1))


def commitment_row_fields(qs):
    return qs.only(*ROW_FIELDS)


def public_commitment_rows(user):
    """The public list's rows: ``public_commitments`` with only the columns a row shows."""
    return public_commitments(user).only(*ROW_FIELDS, "unit__name", "unit__successor_id", "unit__successor__name")


def commitment_detail_queryset(qs):
    """One commitment with its children, milestones and evidence, changes: a fixed number of queries."""
    return qs.select_related("unit", "unit__successor", "parent").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")))),
        Prefetch("changes", queryset=CommitmentChange.objects.order_by("approved_on", "id")),
    )


@dataclass
class TimelineEntry:
    day: datetime.date
    kind: str  # milestone | change | event
    label: str
    obj: object


def commitment_timeline(commitment: Commitment, *, public: bool) -> list[TimelineEntry]:
    """Milestones, changes and (public) status events in date order; uses prefetched milestones and changes."""
    entries = []
    for milestone in commitment.milestones.all():
        entries.append(TimelineEntry(milestone.done_on or milestone.due_date, "milestone", milestone.title, milestone))
    for change in commitment.changes.all():
        entries.append(TimelineEntry(change.approved_on, "change", change.get_kind_display(), change))
    events = CommitmentEvent.objects.filter(commitment=commitment)
    if public:
        events = events.filter(action__in=list(PUBLIC_ACTIONS))
    else:
        events = events.select_related("actor")
    for row in events:
        label = ACTION_LABELS.get(row.action, row.action)
        if row.action == "conclude" and row.to_status:
            label = gettext("%(action)s：%(status)s") % {"action": label, "status": CommitmentStatus(row.to_status).label}
        entries.append(TimelineEntry(timezone.localtime(row.at).date(), "event", str(label), row))
    order = {"event": 0, "change": 1, "milestone": 2}
    entries.sort(key=lambda e: (e.day, order[e.kind]))
    return entries


@dataclass
class UnitRecord:
    total: int
    in_force: int
    fulfilled: int
    partly: int
    unfulfilled: int
    concluded: int
    fulfilment_rate: decimal.Decimal | None


def unit_record(commitments) -> UnitRecord:
    """Counts by status and the fulfilment rate (fulfilled among concluded, partly counts half)."""
    counts = commitments.aggregate(
        total=Count("pk"),
        in_force=Count("pk", filter=Q(status__in=[CommitmentStatus.IN_FORCE, CommitmentStatus.CHANGED])),
        fulfilled=Count("pk", filter=Q(status=CommitmentStatus.FULFILLED)),
        partly=Count("pk", filter=Q(status=CommitmentStatus.PARTLY_FULFILLED)),
        unfulfilled=Count("pk", filter=Q(status=CommitmentStatus.UNFULFILLED)),
        concluded=Count("pk", filter=Q(status__in=CONCLUDED_STATUSES)),
    )
    rate = None
    if counts["concluded"]:
        kept = decimal.Decimal(counts["fulfilled"]) + decimal.Decimal(counts["partly"]) / 2
        rate = (100 * kept / counts["concluded"]).quantize(decimal.Decimal("0.1"))
    return UnitRecord(fulfilment_rate=rate, **counts)


def unit_commitments(unit: Unit, user):
    """A unit's published commitments, including those it took over from units merged into it."""
    return public_commitments(user).filter(unit_id__in=units_answered_for(unit.pk))


def unit_disclosures(unit: Unit, limit: int = 10):
    """The unit's institutional disclosures (双公示, judgment-defaulter listing) open today."""
    return CreditRecord.objects.public(timezone.localdate()).filter(subject_unit=unit).order_by("-decision_date")[:limit]


def units_matching(q: str, limit: int = 10):
    return Unit.objects.filter(Q(name__icontains=q) | Q(code__iexact=q)).order_by("name")[:limit]
