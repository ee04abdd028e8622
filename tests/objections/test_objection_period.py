"""The office sets one case's answer period (3, 7 or 10 working days, with a reason; issue 15 item 3)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from integrity_portal.errors import TransitionNotAllowed
from objections import services
from objections.models import ObjectionTransition
from workdays.services import policy_revise

from .conftest import file_objection

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_office_sets_seven_working_days_for_a_case_another_unit_must_verify(cast, sanction_x):
    objection = file_objection(sanction_x, cast.user_x, today=D(2026, 9, 28))
    old_clock = objection.clock
    assert old_clock.due_date == D(2026, 10, 16)  # the district's 10 working days
    objection = services.objection_set_period(objection=objection, actor=cast.office,
                                              policy_key="objection_answer_provincial_verify",
                                              reason="需区人社局核实处分决定", today=D(2026, 9, 29))
    old_clock.refresh_from_db()
    assert old_clock.state == "stopped"
    assert objection.policy_key == "objection_answer_provincial_verify"
    assert (objection.clock.policy.value, objection.clock.start_date) == (7, D(2026, 9, 28))
    assert objection.clock.due_date == D(2026, 10, 13)  # 7 working days, National Day skipped
    row = ObjectionTransition.objects.filter(objection=objection).order_by("at", "id").last()
    assert row.actor == cast.office and "需区人社局核实处分决定" in row.reason and "2026-10-16" in row.reason


def test_setting_the_period_needs_a_reason_and_an_open_case(cast, sanction_x):
    objection = file_objection(sanction_x, cast.user_x, today=D(2026, 9, 28))
    with pytest.raises(ValidationError):
        services.objection_set_period(objection=objection, actor=cast.office, policy_key="objection_answer_provincial",
                                      reason=" ")
    services.objection_withdraw(objection=objection, actor=cast.user_x, reason="不再异议")
    with pytest.raises(TransitionNotAllowed):
        services.objection_set_period(objection=objection, actor=cast.office, policy_key="objection_answer_provincial",
                                      reason="x")


def test_the_choices_show_the_days_of_the_row_in_force(cast, sanction_x, client):
    policy_revise(key="objection_answer_provincial", value=5, unit="working_days", legal_basis="区信用办确定",
                  actor=cast.office)
    objection = file_objection(sanction_x, cast.user_x, today=D(2026, 9, 28))
    client.force_login(cast.office)
    page = client.get(reverse("objections:objection_period", args=[objection.pk])).content.decode()
    assert "5 工作日" in page and "3 工作日" not in page
    response = client.post(reverse("objections:objection_period", args=[objection.pk]),
                           {"policy_key": "objection_answer_provincial", "reason": "案情简单"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.clock.policy.value == 5
