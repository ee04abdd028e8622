"""The demo data: every kind, the states the issue asks for, and safe to load twice."""
import pytest

from commitments.choices import CommitmentKind
from commitments.demo import seed_commitments
from commitments.models import Breach, Commitment, CommitmentChange, Milestone
from records.services import unit_head_appoint
from tests.factories import make_servant, make_unit, make_user

from .conftest import MADE

pytestmark = pytest.mark.django_db

UNIT_NAMES = ["区投资促进局", "区住房和城乡建设局", "区财政局", "凤城街道办事处", "区生态环境分局", "区行政审批服务局",
              "区市场监督管理局"]


def test_seed_commitments_is_complete_and_idempotent(cast):
    units = {name: make_unit(name, kind="street" if "街道" in name else "department") for name in UNIT_NAMES}
    make_servant(units["区市场监督管理局"], "刘建国")
    unit_head_appoint(unit=units["区市场监督管理局"], person_name="局长", start=MADE, actor=None)
    users = {"office": cast.office,
             "clerk": make_user("clerk", "clerk", unit=units["区市场监督管理局"], is_unit_head=True),
             "clerk2": make_user("clerk2", "clerk", unit=units["凤城街道办事处"])}

    count = seed_commitments(units=units, users=users)

    assert count == Commitment.objects.count() == 12
    assert set(Commitment.objects.values_list("kind", flat=True)) == set(CommitmentKind.values)
    assert Commitment.objects.filter(status="fulfilled").count() == 2
    assert CommitmentChange.objects.filter(compensation_amount__gt=0).exists()
    assert Commitment.objects.get(code="DEMO-2025-004").children.count() == 3
    assert Milestone.objects.filter(overdue=True).count() == 1
    breach = Breach.objects.get()
    assert breach.unit_record.status == breach.person_record.status == "draft"
    assert seed_commitments(units=units, users=users) == 0
    assert Commitment.objects.count() == 12
