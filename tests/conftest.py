"""The shared cast (STYLE.md §8): office, clerk and unit head of unit A, clerk of unit B,
servants X (unit A) and Y (unit B), leader, supervisors in and out of scope, cadre
reviewer, api client, anonymous."""
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from accounts.choices import Role
from tests.factories import make_servant, make_unit, make_user


@pytest.fixture
def cast(db):
    discipline = make_unit("区纪委监委")
    audit = make_unit("区审计局")
    office_unit = make_unit("区发展和改革局")
    unit_a = make_unit("区市场监督管理局", discipline_unit=discipline, audit_unit=audit)
    unit_b = make_unit("凤城街道办事处", kind="street")
    other_supervisor_unit = make_unit("另一监督单位")
    servant_x = make_servant(unit_a, "张明")
    servant_y = make_servant(unit_b, "李华")
    return SimpleNamespace(
        unit_a=unit_a, unit_b=unit_b, discipline=discipline, audit=audit, office_unit=office_unit,
        servant_x=servant_x, servant_y=servant_y,
        office=make_user("office", Role.CREDIT_OFFICE, unit=office_unit, is_staff=True),
        clerk_a=make_user("clerk_a", Role.CLERK, unit=unit_a),
        head_a=make_user("head_a", Role.CLERK, unit=unit_a, is_unit_head=True),
        clerk_b=make_user("clerk_b", Role.CLERK, unit=unit_b),
        user_x=make_user("servant_x", Role.CIVIL_SERVANT, civil_servant=servant_x),
        user_y=make_user("servant_y", Role.CIVIL_SERVANT, civil_servant=servant_y),
        leader=make_user("leader", Role.LEADER),
        supervisor_in=make_user("supervisor_in", Role.SUPERVISOR, unit=discipline),
        supervisor_out=make_user("supervisor_out", Role.SUPERVISOR, unit=other_supervisor_unit),
        cadre=make_user("cadre", Role.CADRE_REVIEWER),
        api_client=make_user("apiclient", Role.API_CLIENT),
    )


@pytest.fixture
def api():
    """An API client; ``api.as_(user)`` authenticates (None = anonymous)."""
    client = APIClient()

    def as_(user):
        client.force_authenticate(user=None)
        client.logout()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    client.as_ = as_
    return client
