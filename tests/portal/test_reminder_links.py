"""Every reminder the ladder sends links to a page its recipient can open, and names the subject only to those who
may read it. Before, a supervisor told that a unit it watches was very late on a resident's clue or on a work task
got a link to a 403 page, and the reminders of a decision's reporting and a record's publication had no link at
all (Decision and CreditRecord had no page address)."""
import pytest
from django.test import Client

from workdays.models import Clock
from workdays.parties import _resolvers, clock_parties, credit_office_users
from workdays.services import reminder_subject

pytestmark = [pytest.mark.django_db]


def _recipients(clock):
    parties = clock_parties(clock)
    roles = {"handler": parties.handlers, "head": parties.heads, "supervisor": parties.supervisors,
             "office": list(credit_office_users())}
    return parties, [(role, user) for role, users in roles.items() for user in users]


def test_each_recipient_of_each_kind_of_clock_opens_the_reminders_link(demo):
    from django.utils import timezone

    from accounts.models import User
    from records.choices import RecordStatus, SubjectType
    from records.models import CreditRecord
    from records.services import record_flag_decision_changed

    # The demo has no record whose decision changed: one about a person (a supervisor of its provider may not
    # read it) and one about a unit.
    for subject_type in (SubjectType.PERSON, SubjectType.UNIT):
        record = CreditRecord.objects.filter(status=RecordStatus.PUBLISHED, subject_type=subject_type).first()
        record_flag_decision_changed(record=record, actor=User.objects.get(username="office"),
                                     on=timezone.localdate(), reason="原处罚决定经复议变更。")
    purposes, broken, checked = set(), [], set()
    for clock in Clock.objects.order_by("pk"):
        purposes.add(clock.purpose)
        parties, recipients = _recipients(clock)
        for role, user in recipients:
            if (clock.purpose, role, user.pk) in checked:
                continue
            checked.add((clock.purpose, role, user.pk))
            about, link = reminder_subject(clock, user, parties)
            client = Client()
            client.force_login(user)
            status = client.get(link).status_code if link else "no link"
            if status != 200 or not about:
                broken.append(f"{clock.purpose} → {role} {user.username}: {status} {link!r} {about!r}")
    assert purposes >= set(_resolvers), f"the demo has no clock of {set(_resolvers) - purposes}"
    assert {role for _purpose, role, _user in checked} == {"handler", "head", "supervisor", "office"}
    assert not broken, "\n".join(broken)


def test_a_supervisor_is_told_the_unit_not_the_clue(demo):
    from disputes.models import DisputeClue

    clue = DisputeClue.objects.filter(handling_unit__isnull=False, acknowledge_clock__isnull=False).first()
    parties = clock_parties(clue.acknowledge_clock)
    assert parties.supervisors, "the demo's clue has no supervisor to tell"
    about, link = reminder_subject(clue.acknowledge_clock, parties.supervisors[0], parties)
    assert clue.reference not in about and clue.description[:10] not in about
    assert clue.handling_unit.name in about
    assert link == f"/workspace/units/{clue.handling_unit_id}/"
    handler_about, handler_link = reminder_subject(clue.acknowledge_clock, parties.handlers[0], parties)
    assert clue.reference in handler_about and handler_link == clue.get_absolute_url()
