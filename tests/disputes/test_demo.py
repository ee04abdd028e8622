import pytest

from accounts.models import User
from disputes.choices import ClueState
from disputes.demo import demo_code, seed_disputes
from disputes.models import ClearanceReport, DisputeClue
from disputes.services import clue_by_code

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_is_idempotent(cast):
    units = {"区市场监督管理局": cast.unit_a, "凤城街道办事处": cast.unit_b}
    users = {"office": cast.office, "clerk": cast.head_a, "clerk2": cast.clerk_b}
    assert seed_disputes(units=units, users=users) == 8
    assert seed_disputes(units=units, users=users) == 0
    states = set(DisputeClue.objects.values_list("state", flat=True))
    assert states == set(ClueState.values)
    assert DisputeClue.objects.filter(anonymous=True).exists() and DisputeClue.objects.filter(anonymous=False).exists()
    rerouted = clue_by_code(demo_code("rerouted"))
    assert rerouted.assignments.filter(refused_by=cast.clerk_b).exists()
    assert clue_by_code(demo_code("overdue")).acknowledge_clock.state in ("overdue", "very_overdue")
    assert clue_by_code(demo_code("resolved")).breach_record_id
    assert ClearanceReport.objects.filter(published_at__isnull=False).exists()
    assert User.objects.count() >= 3
