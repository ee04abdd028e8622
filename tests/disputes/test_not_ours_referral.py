""""Not ours" names who is competent (issue 15 item 6): a unit of the district gets the clue forwarded directly;
a body outside the district is recorded and the submitter is told where to go; naming nobody sends the clue back
to the office's triage queue as before."""
import pytest
from django.core.exceptions import ValidationError

from disputes import services
from disputes.choices import AssignmentHow, ClueState
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

NOT_OURS = "/api/v1/disputes/clues/{}/not-ours/"


def test_naming_a_unit_of_the_district_forwards_the_clue_to_it(cast, api, routed):
    clue, _code = routed
    response = api.as_(cast.clerk_a).post(NOT_OURS.format(clue.pk), {
        "reason": "属街道辖区内的工程款纠纷", "competent_unit": cast.unit_b.pk}, format="json")
    assert response.status_code == 204  # the clue left unit A's scope
    clue.refresh_from_db()
    assert clue.state == ClueState.ASSIGNED and clue.handling_unit == cast.unit_b
    assignment = clue.assignments.order_by("-assigned_at", "-id").first()
    assert assignment.how == AssignmentHow.FORWARDED and assignment.unit == cast.unit_b
    keys = list(OutboxMessage.objects.values_list("key", flat=True))  # the notices, through the outbox
    assert any(f"clue:{clue.pk}:assigned:2" in key for key in keys)  # unit B is told
    assert any(f"clue:{clue.pk}:forwarded:2" in key for key in keys)  # and the office


def test_naming_a_body_outside_the_district_closes_the_clue_and_tells_the_submitter_where_to_go(cast, routed):
    clue, code = routed
    clue = services.clue_not_ours(clue=clue, actor=cast.clerk_a, reason="系市级部门职责",
                                  competent_body="市住房和城乡建设局", guidance="可拨打 12345 或到市政务服务中心三楼反映。")
    assert clue.state == ClueState.REJECTED and clue.referred_to == "市住房和城乡建设局"
    assert "请向市住房和城乡建设局反映" in clue.outcome_reason and "12345" in clue.outcome_reason
    assert "市住房和城乡建设局" in str(services.tracking_view(clue))  # what the submitter reads with the code


def test_naming_nobody_sends_it_back_to_the_office_and_both_at_once_is_refused(cast, routed):
    clue, _code = routed
    with pytest.raises(ValidationError):
        services.clue_not_ours(clue=clue, actor=cast.clerk_a, reason="x", competent_unit=cast.unit_b,
                               competent_body="市某局")
    clue = services.clue_not_ours(clue=clue, actor=cast.clerk_a, reason="不属本单位")
    assert clue.state == ClueState.TRIAGE and clue.handling_unit is None
