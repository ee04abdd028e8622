"""objections/ and repairs/ through the API: the access rule across the cast, bad input, query counts,
and two racing decisions on PostgreSQL."""
import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from objections import services
from objections.models import Objection, Repair
from records.models import CreditRecord

from .conftest import file_objection, published_penalty

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def both(cast, objection_x, objection_b):
    return {"x": objection_x, "b": objection_b}


VISIBLE = {
    "office": {"x", "b"}, "clerk_a": {"x", "b"}, "head_a": {"x", "b"}, "clerk_b": {"b"}, "user_x": {"x"},
    "user_y": set(), "supervisor_in": {"x", "b"}, "supervisor_out": set(),
}


@pytest.mark.parametrize("who, expected", VISIBLE.items())
def test_the_list_is_scoped(api, cast, both, who, expected):
    response = api.as_(getattr(cast, who)).get("/api/v1/objections/")
    assert response.status_code == 200
    ids = {o["id"] for o in response.json()["results"]}
    assert ids == {both[k].pk for k in expected}
    for key, objection in both.items():
        detail = api.get(f"/api/v1/objections/{objection.pk}/")
        assert detail.status_code == (200 if key in expected else 404)


@pytest.mark.parametrize("who, status", [(None, 401), ("leader", 403), ("cadre", 403), ("api_client", 403)])
def test_roles_that_never_see_objections(api, cast, both, who, status):
    assert api.as_(getattr(cast, who) if who else None).get("/api/v1/objections/").status_code == status


def test_filing_through_the_api_answers_with_the_deadline(api, cast, sanction_x):
    response = api.as_(cast.user_x).post("/api/v1/objections/", {"record": sanction_x.pk, "reason": "处分种类有误"},
                                         format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "submitted" and body["deadline"] == body["clock"]["due_date"]
    assert body["explanation"]["counted"]
    assert CreditRecord.objects.get(pk=sanction_x.pk).objection_open


def test_bad_filings(api, cast, sanction_x, penalty_b, settings):
    from tests.records.test_record_lifecycle import sanction

    client = api.as_(cast.user_x)
    draft = sanction(cast)
    assert client.post("/api/v1/objections/", {"record": penalty_b.pk, "reason": "x"}).status_code == 404
    assert client.post("/api/v1/objections/", {"record": sanction_x.pk, "reason": ""}).status_code == 400
    assert client.post("/api/v1/objections/", {"record": draft.pk, "reason": "x"}).status_code == 409
    settings.MAX_ATTACHMENT_BYTES = 50
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("证明.pdf", b"%PDF" + b"0" * 100, content_type="application/pdf")
    response = client.post("/api/v1/objections/", {"record": sanction_x.pk, "reason": "x", "evidence": [big]},
                           format="multipart")
    assert response.status_code == 413
    assert not Objection.objects.exists()
    assert client.post("/api/v1/objections/", {"record": sanction_x.pk, "reason": "x"}).status_code == 201
    assert client.post("/api/v1/objections/", {"record": sanction_x.pk, "reason": "again"}).status_code == 409
    assert api.as_(cast.clerk_a).post("/api/v1/objections/", {"record": sanction_x.pk, "reason": "x"}).status_code == 404
    assert api.as_(cast.office).post("/api/v1/objections/", {"record": sanction_x.pk, "reason": "x"}).status_code == 403


def test_review_decide_withdraw_scope_and_states(api, cast, both):
    x, b = both["x"], both["b"]
    assert api.as_(cast.clerk_b).post(f"/api/v1/objections/{x.pk}/review/").status_code == 404
    assert api.as_(cast.clerk_b).post(f"/api/v1/objections/{b.pk}/review/").status_code == 404  # the applicant
    assert api.as_(cast.user_x).post(f"/api/v1/objections/{x.pk}/review/").status_code == 403
    assert api.as_(cast.office).post(f"/api/v1/objections/{x.pk}/decide/", {}).status_code == 403
    clerk = api.as_(cast.clerk_a)
    assert clerk.post(f"/api/v1/objections/{x.pk}/decide/", {"outcome": "rejected", "reason": "x"}).status_code == 409
    assert clerk.post(f"/api/v1/objections/{x.pk}/review/").json()["state"] == "under_review"
    assert clerk.post(f"/api/v1/objections/{x.pk}/decide/", {"outcome": "rejected", "reason": ""}).status_code == 400
    decide = {"outcome": "upheld", "reason": "核实有误", "record_action": "correct",
              "corrections": {"sanction_type": "warning"}}
    response = clerk.post(f"/api/v1/objections/{x.pk}/decide/", decide, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "upheld" and response.json()["current_record_version"] == 2
    assert clerk.post(f"/api/v1/objections/{x.pk}/decide/", decide, format="json").status_code == 409
    assert api.as_(cast.user_x).post(f"/api/v1/objections/{x.pk}/withdraw/").status_code == 409
    assert api.as_(cast.user_y).post(f"/api/v1/objections/{b.pk}/withdraw/").status_code == 404
    assert api.as_(cast.clerk_b).post(f"/api/v1/objections/{b.pk}/withdraw/", {"reason": "撤回"}).status_code == 200
    assert api.as_(cast.clerk_b).delete(f"/api/v1/objections/{b.pk}/").status_code == 405


def test_the_office_extends_with_a_reason(api, cast, objection_x):
    office = api.as_(cast.office)
    assert office.post(f"/api/v1/objections/{objection_x.pk}/extend/", {"days": 2, "reason": ""}).status_code == 400
    response = office.post(f"/api/v1/objections/{objection_x.pk}/extend/", {"days": 2, "reason": "需外单位核实"})
    assert response.status_code == 200 and response.json()["deadline"] == "2026-10-20"
    assert api.as_(cast.clerk_a).post(f"/api/v1/objections/{objection_x.pk}/extend/",
                                      {"days": 2, "reason": "x"}).status_code == 403


def test_filters_by_state_clock_state_and_unit(api, cast, both):
    office = api.as_(cast.office)
    services.objection_review(objection=both["x"], actor=cast.clerk_a)
    ids = lambda q: {o["id"] for o in office.get(f"/api/v1/objections/?{q}").json()["results"]}  # noqa: E731
    assert ids("state=under_review") == {both["x"].pk}
    assert ids(f"unit={cast.unit_b.pk}") == {both["b"].pk}
    assert ids("clock_state=running") == {both["x"].pk, both["b"].pk}
    assert ids("clock_state=overdue&clock_state=very_overdue") == set()
    assert ids("filed_from=2026-09-29") == set()


def test_the_list_costs_a_fixed_number_of_queries(api, cast, sanction_x):
    client = api.as_(cast.office)
    file_objection(sanction_x, cast.user_x)
    client.get("/api/v1/objections/")  # warm the calendar cache
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/objections/")
    for n in range(3):
        file_objection(published_penalty(cast, title=f"处罚{n}"), cast.clerk_b)
    with CaptureQueriesContext(connection) as four:
        assert len(client.get("/api/v1/objections/").json()["results"]) == 4
    # the count, the page (record, provider, applicant, clock joined), the evidence, the calendar's
    # signature (once per page); the forced user's roles are already cached
    assert len(four) == len(one) == 4


def test_repairs_api(api, cast, penalty_b):
    body = {"record": penalty_b.pk, "statement": "已退还", "losses_recovered": True}
    assert api.as_(cast.clerk_a).post("/api/v1/repairs/", body).status_code == 404
    response = api.as_(cast.clerk_b).post("/api/v1/repairs/", body)
    assert response.status_code == 201, response.json()
    repair_id = response.json()["id"]
    assert api.as_(cast.clerk_b).post(f"/api/v1/repairs/{repair_id}/decide/", {}).status_code == 403
    assert api.as_(cast.user_y).get(f"/api/v1/repairs/{repair_id}/").status_code == 404
    assert api.as_(cast.clerk_a).get(f"/api/v1/repairs/{repair_id}/").status_code == 200
    decide = {"outcome": "approved", "reason": "整改到位", "punishment": "lighter"}
    response = api.as_(cast.office).post(f"/api/v1/repairs/{repair_id}/decide/", decide)
    assert response.status_code == 200 and response.json()["record_status"] == "repaired"
    assert api.as_(cast.office).post(f"/api/v1/repairs/{repair_id}/decide/", decide).status_code == 409


def test_an_early_repair_is_409_with_the_date(api, cast):
    record = published_penalty(cast, decision_date=datetime.date.today() - datetime.timedelta(days=10))
    response = api.as_(cast.clerk_b).post("/api/v1/repairs/", {"record": record.pk, "statement": "x",
                                                                 "harm_stopped": True})
    assert response.status_code == 409
    assert response.json()["earliest_date"] == services.repair_earliest_date(record).isoformat()
    assert not Repair.objects.exists()


@pytest.mark.requires("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_racing_decisions_one_wins_the_other_gets_409(cast):
    record = published_penalty(cast)
    objection = file_objection(record, cast.clerk_b)
    services.objection_review(objection=objection, actor=cast.clerk_a)
    barrier, results = threading.Barrier(2), []

    def decide(user, outcome):
        from django.db import connections

        client = APIClient()
        client.force_authenticate(user=user)
        barrier.wait()
        body = {"outcome": outcome, "reason": "并发答复", **({"record_action": "revoke"} if outcome != "rejected"
                                                              else {})}
        results.append(client.post(f"/api/v1/objections/{objection.pk}/decide/", body, format="json").status_code)
        connections.close_all()

    threads = [threading.Thread(target=decide, args=(cast.clerk_a, "upheld")),
               threading.Thread(target=decide, args=(cast.head_a, "rejected"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [200, 409]
    objection.refresh_from_db()
    assert objection.transitions.filter(to_state__in=["upheld", "rejected"]).count() == 1
