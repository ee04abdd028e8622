"""Clause 9 (lawful change only, never for a reshuffle), clause 13–14 (breach → draft records naming the
official of the time), and commitments surviving a reshuffle."""
import datetime

import pytest

from commitments import services
from commitments.models import Breach, Commitment, CommitmentChange
from records.models import CreditRecord
from records.services import unit_head_appoint, unit_succeed
from tests.factories import make_servant, make_unit

from .conftest import MADE, TODAY, make_commitment

pytestmark = pytest.mark.django_db

GOOD_CHANGE = {
    "kind": "change", "legal_basis": "public_interest",
    "legal_basis_text": "项目用地被纳入城市防洪工程规划，依据《防洪法》第二十九条须调整选址",
    "approved_by": "区人民政府常务会议", "approved_on": TODAY.isoformat(),
    "compensation": "对企业已投入的前期费用依法据实补偿", "compensation_amount": "120.50",
    "new_terms": "改为在高新区提供同等面积标准厂房并减免租金三年",
}


def url(commitment, action):
    return f"/api/v1/commitments/{commitment.pk}/{action}/"


def test_a_lawful_change_records_its_basis_and_brings_new_terms_into_force(cast, api):
    commitment = make_commitment(cast, publish=True)
    response = api.as_(cast.clerk_a).post(url(commitment, "change"), GOOD_CHANGE, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "changed"
    assert response.data["content"] == GOOD_CHANGE["new_terms"]
    change = CommitmentChange.objects.get()
    assert change.old_terms == "对新落户企业三年内减免标准厂房租金"
    assert str(change.compensation_amount) == "120.50"


@pytest.mark.parametrize("override, field", [
    ({"legal_basis": ""}, "legal_basis"),
    ({"compensation": ""}, "compensation"),
    ({"approved_by": ""}, "approved_by"),
    ({"new_terms": ""}, "new_terms"),
    ({"compensation_amount": "-1"}, "compensation_amount"),
])
def test_a_change_without_basis_approval_or_compensation_is_refused(cast, api, override, field):
    commitment = make_commitment(cast, publish=True)
    response = api.as_(cast.clerk_a).post(url(commitment, "change"), {**GOOD_CHANGE, **override}, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert not CommitmentChange.objects.exists()
    assert Commitment.objects.get(pk=commitment.pk).status == "in_force"


@pytest.mark.parametrize("reason", ["因政府换届，新一届政府决定不再执行该优惠政策",
                                    "原分管领导调离，相关责任人更替，不再履行"])
def test_a_reshuffle_is_refused_as_a_reason_citing_clause_9(cast, api, reason):
    commitment = make_commitment(cast, publish=True)
    response = api.as_(cast.clerk_a).post(url(commitment, "change"), {**GOOD_CHANGE, "kind": "terminate",
                                                                      "legal_basis_text": reason}, format="json")
    assert response.status_code == 400
    assert "第9条" in response.data["legal_basis_text"][0]
    assert not CommitmentChange.objects.exists()
    assert Commitment.objects.get(pk=commitment.pk).status == "in_force"


def test_a_draft_cannot_be_changed(cast, api):
    commitment = make_commitment(cast)
    response = api.as_(cast.clerk_a).post(url(commitment, "change"), GOOD_CHANGE, format="json")
    assert response.status_code == 409


def test_termination_ends_the_commitment(cast, api):
    commitment = make_commitment(cast, publish=True)
    response = api.as_(cast.clerk_a).post(url(commitment, "change"), {**GOOD_CHANGE, "kind": "terminate",
                                                                      "new_terms": ""}, format="json")
    assert response.status_code == 200
    assert response.data["status"] == "terminated"
    assert api.post(url(commitment, "change"), GOOD_CHANGE, format="json").status_code == 409


def test_a_breach_opens_draft_records_naming_the_official_in_charge_that_day(cast, api):
    commitment = make_commitment(cast, publish=True)
    successor_servant = make_servant(cast.unit_a, "王新")
    services.official_assign(commitment=commitment, actor=cast.clerk_a, person_name="张明", start=MADE,
                             civil_servant=cast.servant_x, title="副局长")
    services.official_assign(commitment=commitment, actor=cast.clerk_a, person_name="王新",
                             start=TODAY - datetime.timedelta(days=30), civil_servant=successor_servant)
    breached_on = TODAY - datetime.timedelta(days=60)  # under the first official

    response = api.as_(cast.clerk_a).post(url(commitment, "breach"), {
        "breached_on": breached_on.isoformat(), "unfulfilled_content": "第二年租金未按期减免"}, format="json")

    assert response.status_code == 201, response.data
    assert response.data["official_name"] == "张明"
    breach = Breach.objects.get()
    unit_record, person_record = breach.unit_record, breach.person_record
    assert (unit_record.status, unit_record.subject_unit, unit_record.kind) == ("draft", cast.unit_a,
                                                                                "investment_promotion")
    assert (person_record.status, person_record.civil_servant) == ("draft", cast.servant_x)
    assert person_record.act_start == breached_on
    assert CreditRecord.objects.count() == 2
    # The office-appointed earlier official's period was closed with a date, not overwritten.
    assert list(commitment.officials.order_by("start").values_list("end", flat=True)) == [
        TODAY - datetime.timedelta(days=31), None]


def test_a_ppp_breach_traces_the_stage_official(cast):
    commitment = make_commitment(cast, kind="ppp", title="污水处理厂PPP项目", publish=True)
    services.official_assign(commitment=commitment, actor=cast.clerk_a, person_name="融资负责人", stage="financing",
                             start=MADE, civil_servant=cast.servant_x)
    services.official_assign(commitment=commitment, actor=cast.clerk_a, person_name="实施负责人",
                             stage="implementation", start=MADE)
    breach = services.commitment_breach(commitment=commitment, actor=cast.clerk_a, stage="financing",
                                        breached_on=TODAY - datetime.timedelta(days=5),
                                        unfulfilled_content="政府方出资未按期到位")
    assert breach.official_name == "融资负责人"
    assert breach.unit_record.details["stage"] == "融资"
    assert breach.person_record.civil_servant == cast.servant_x


def test_without_officials_the_breach_names_the_unit_head_of_the_time(cast):
    commitment = make_commitment(cast, publish=True)
    unit_head_appoint(unit=cast.unit_a, person_name="老局长", start=MADE, actor=None, civil_servant=cast.servant_x)
    unit_head_appoint(unit=cast.unit_a, person_name="新局长", start=TODAY - datetime.timedelta(days=10), actor=None)
    breach = services.commitment_breach(commitment=commitment, actor=cast.clerk_a,
                                        breached_on=TODAY - datetime.timedelta(days=20), unfulfilled_content="未兑现")
    assert breach.official_name == "老局长"
    assert breach.person_record.civil_servant == cast.servant_x


def test_a_ppp_official_needs_a_stage(cast, api):
    commitment = make_commitment(cast, kind="ppp")
    response = api.as_(cast.clerk_a).post(url(commitment, "officials"), {"person_name": "某人",
                                                                        "start": MADE.isoformat()}, format="json")
    assert response.status_code == 400
    assert "stage" in response.data


def test_a_commitment_passes_to_the_successor_of_its_unit(cast, api):
    commitment = make_commitment(cast, publish=True)
    successor = make_unit("区市场监督管理局（新）")
    unit_succeed(unit=cast.unit_a, successor=successor, status="merged", on=TODAY, actor=cast.office,
                 reason="机构改革方案")
    cast.clerk_a.refresh_from_db()
    assert cast.clerk_a.unit == successor

    response = api.as_(cast.clerk_a).patch(f"/api/v1/commitments/{commitment.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 409  # in scope (not 404): it is the successor's now, but no longer a draft
    public = api.as_(None).get(f"/api/v1/commitments/?unit={successor.pk}")
    assert [row["id"] for row in public.data["results"]] == [commitment.pk]
    breach = services.commitment_breach(commitment=commitment, actor=cast.clerk_a, breached_on=TODAY,
                                        unfulfilled_content="未兑现")
    assert breach.unit_record.subject_unit == successor
