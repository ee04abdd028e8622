"""Submitters' contact details are erased a policy period after the clue is closed (issue 15 item 6): the
``dispute_contact_retention`` row (1 year, set by the office) decides; a daily job erases; each erasure is
logged without the values; the clue stays."""
import datetime

import pytest

from accounts.models import AuditEntry
from disputes import services, tasks
from disputes.models import DisputeClue
from workdays.models import Policy
from workdays.services import policy_revise

from .conftest import D, submit

pytestmark = pytest.mark.django_db

CLOSED = D(2026, 4, 1)


@pytest.fixture
def closed(cast, acknowledged):
    clue, _code = acknowledged
    return services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="resolved", reason="已协调解决",
                                  today=CLOSED)


def test_the_retention_period_is_a_policy_row_set_by_the_office(db):
    policy = Policy.objects.get(key="dispute_contact_retention", is_current=True)
    assert (policy.value, policy.unit) == (1, "years") and "区信用办" in policy.legal_basis


def test_contacts_stay_until_the_period_has_passed_then_go_and_the_clue_stays(cast, closed):
    assert services.clue_contact_erase_due(closed) == D(2027, 4, 1)
    assert services.contacts_erase_expired(today=D(2027, 3, 31)) == 0
    closed.refresh_from_db()
    assert closed.contact_phone == "13900000000"

    assert services.contacts_erase_expired(today=D(2027, 4, 1)) == 1
    clue = DisputeClue.objects.get(pk=closed.pk)
    assert (clue.contact_name, clue.contact_phone, clue.contact_email, clue.share_contact) == ("", "", "", False)
    assert clue.contact_erased_on == D(2027, 4, 1) and clue.description and clue.state == "resolved"
    entry = AuditEntry.objects.get(action="clue_contact_erase", object_id=str(clue.pk))
    assert entry.changes["erased"] == ["contact_name", "contact_phone"]
    assert "13900000000" not in str(entry.changes) + entry.reason  # the log never keeps what it erased
    assert services.contacts_erase_expired(today=D(2027, 5, 1)) == 0  # once


def test_an_open_clue_keeps_its_contacts_and_the_office_sets_the_period(cast, routed, closed):
    policy_revise(key="dispute_contact_retention", value=6, unit="months", legal_basis="区信用办通知", actor=cast.office)
    assert services.clue_contact_erase_due(closed) == D(2026, 10, 1)
    still_open, _code = submit(body_unit=cast.unit_a, body_name="", contact_phone="13800000000")
    assert services.clue_contact_erase_due(still_open) is None
    assert services.contacts_erase_expired(today=D(2026, 10, 1)) == 1  # the closed one only
    still_open.refresh_from_db()
    assert still_open.contact_phone == "13800000000"


def test_the_daily_task_erases_what_is_due_today(cast, closed, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: CLOSED + datetime.timedelta(days=365))
    assert tasks.erase_expired_contacts() == 1
