"""The demo joint punishment: cases in every state, a court import with a match, flags; twice is once."""
import pytest
from django.core.management import call_command

from accounts.models import User
from records.demo_punishment import seed_punishment
from records.models import CourtListImport, PunishmentNotice, RectificationCase, RestrictionFlag, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_every_case_state_a_court_match_and_flags_and_loads_twice(capsys):
    call_command("seed_demo", password="demo-pass-1")
    units = {unit.name: unit for unit in Unit.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in=["clerk", "clerk2", "office"])}
    seed_punishment(units=units, **users)
    counts = (RectificationCase.objects.count(), CourtListImport.objects.count(), PunishmentNotice.objects.count())
    cases = seed_punishment(units=units, **users)
    assert (RectificationCase.objects.count(), CourtListImport.objects.count(),
            PunishmentNotice.objects.count()) == counts  # the second run adds nothing
    assert cases["returned"].state == "returned"
    assert cases["accepted"].state == "accepted"
    assert cases["open"].state == "open" and cases["open"].unit == users["clerk"].unit
    assert cases["overdue"].state == "open"
    cases["overdue"].explanation_clock.refresh_from_db()
    assert cases["overdue"].explanation_clock.state == "very_overdue"
    assert RectificationCase.objects.count() >= 4
    job = CourtListImport.objects.get()
    assert job.status == "done" and job.created_count == 1 and job.entries.filter(outcome="unmatched").count() == 1
    listed = units["苗山镇人民政府"]
    assert RestrictionFlag.objects.filter(unit=listed, until__isnull=True).count() == 4
    assert PunishmentNotice.objects.count() == 1
