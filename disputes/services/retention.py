"""Submitters' contact details are kept only while they may be needed: erased a policy period after the clue
was closed (``dispute_contact_retention``, default 1 year, set by the office). The clue itself stays; each
erasure is an audit row (which fields, never their values) sealed by the ledger."""
import datetime

from django.db import transaction
from django.utils import timezone

from accounts.services import audit_log
from workdays import services as workdays
from workdays.calendar import add_period

from ..choices import CLOSED_CLUE_STATES
from ..models import DisputeClue

__all__ = ["CONTACT_RETENTION_POLICY", "clue_contact_erase_due", "contacts_erase_expired"]

CONTACT_RETENTION_POLICY = "dispute_contact_retention"
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


def clue_contact_erase_due(clue: DisputeClue) -> datetime.date | None:
    """The day a closed clue's contact details are erased (the day the retention period has passed)."""
    if clue.concluded_on is None or clue.state not in CLOSED_CLUE_STATES:
        return None
    policy = workdays.policy_current(CONTACT_RETENTION_POLICY)
    return add_period(clue.concluded_on, policy.value, policy.unit, roll_forward=False).date


def contacts_erase_expired(*, today: datetime.date | None = None) -> int:
    """The daily job: erase the contact details of every clue closed longer than the retention period."""
    today = today or timezone.localdate()
    policy = workdays.policy_current(CONTACT_RETENTION_POLICY)
    candidates = (DisputeClue.objects.filter(state__in=CLOSED_CLUE_STATES, concluded_on__lte=today,
                                             contact_erased_on__isnull=True)
                  .exclude(contact_name="", contact_phone="", contact_email="").only("pk", "concluded_on"))
    erased = 0
    for candidate in candidates.iterator():
        if add_period(candidate.concluded_on, policy.value, policy.unit, roll_forward=False).date > today:
            continue
        with transaction.atomic():
            clue = DisputeClue.objects.select_for_update().get(pk=candidate.pk)
            if clue.contact_erased_on is not None or clue.state not in CLOSED_CLUE_STATES:
                continue
            fields = [name for name in CONTACT_FIELDS if getattr(clue, name)]
            for name in CONTACT_FIELDS:
                setattr(clue, name, "")
            clue.share_contact, clue.contact_erased_on = False, today
            clue.save(update_fields=[*CONTACT_FIELDS, "share_contact", "contact_erased_on", "updated_at"])
            audit_log(actor=None, action="clue_contact_erase", subject=clue,
                      changes={"erased": fields, "policy": f"{policy.key} v{policy.version}",
                               "concluded_on": clue.concluded_on.isoformat()},
                      reason=str(policy))
            erased += 1
    return erased
