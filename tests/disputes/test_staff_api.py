"""Scope of every staff endpoint (anonymous 401, a role never allowed 403, another unit 404, the handling unit and
the office allowed), and the number of queries of the lists."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes import services
from disputes.models import ContactReveal

from .conftest import submit

pytestmark = pytest.mark.django_db
CLUES = "/api/v1/disputes/clues/"


def url(clue, action=""):
    return f"{CLUES}{clue.pk}/" + (f"{action}/" if action else "")


def test_reads_follow_the_access_rule(cast, api, routed):
    clue, _ = routed
    assert api.as_(None).get(CLUES).status_code == 401
    assert api.as_(cast.leader).get(CLUES).status_code == 403
    assert api.as_(cast.user_x).get(url(clue)).status_code == 403
    assert api.as_(cast.clerk_b).get(url(clue)).status_code == 404
    assert api.as_(cast.clerk_b).get(CLUES).json()["count"] == 0
    mine = api.as_(cast.clerk_a).get(url(clue))
    assert mine.status_code == 200 and mine.json()["reference"] == clue.reference
    assert "contact_phone" not in mine.content.decode() and "13900000000" not in mine.content.decode()
    assert api.as_(cast.office).get(CLUES).json()["count"] == 1


@pytest.mark.parametrize("action, data", [
    ("acknowledge", {}), ("not-ours", {"reason": "不归我们"}), ("notes", {"body": "进展", "visibility": "public"}),
    ("conclude", {"outcome": "rejected", "reason": "不属实"}), ("extend", {"reason": "复杂"}),
    ("link", {"commitment": None}), ("contact", None), ("route", {"unit": 1}), ("reopen-decide", {"grant": True,
                                                                                                 "reason": "x"}),
])
def test_another_units_clerk_gets_404_and_anonymous_401_on_every_action(cast, api, routed, action, data):
    clue, _ = routed
    if data is None:
        assert api.as_(None).get(url(clue, action)).status_code == 401
        assert api.as_(cast.clerk_b).get(url(clue, action)).status_code == 404
    else:
        assert api.as_(None).post(url(clue, action), data, format="json").status_code == 401
        expected = 403 if action in ("route", "reopen-decide") else 404
        assert api.as_(cast.clerk_b).post(url(clue, action), data, format="json").status_code == expected


def test_the_handling_unit_works_the_clue_through_the_api(cast, api, routed):
    clue, _ = routed
    client = api.as_(cast.clerk_a)
    assert client.post(url(clue, "route"), {"unit": cast.unit_b.pk}, format="json").status_code == 403
    ack = client.post(url(clue, "acknowledge"), {"note": "受理"}, format="json")
    assert ack.status_code == 200 and ack.json()["state"] == "acknowledged"
    assert client.post(url(clue, "acknowledge"), {}, format="json").status_code == 409
    note = client.post(url(clue, "notes"), {"body": "内部说明", "visibility": "internal"}, format="json")
    assert note.status_code == 201
    assert client.post(url(clue, "extend"), {"reason": "需核实"}, format="json").status_code == 200
    assert client.post(url(clue, "extend"), {"reason": "再延"}, format="json").status_code == 409
    contact = client.get(url(clue, "contact"))
    assert contact.status_code == 200 and contact.json()["contact_phone"] == "13900000000"
    assert ContactReveal.objects.filter(viewer=cast.clerk_a, channel="api").count() == 1
    done = client.post(url(clue, "conclude"), {"outcome": "resolved", "reason": "已支付", "breach": True},
                       format="json")
    assert done.status_code == 200 and done.json()["breach_record"]
    assert client.delete(url(clue)).status_code == 405


def test_contact_without_consent_is_403_for_the_unit_but_open_to_the_office(cast, api, rule_a):
    clue, _ = submit(body_unit=cast.unit_a, body_name="", contact_phone="13700000000")
    assert api.as_(cast.clerk_a).get(url(clue, "contact")).status_code == 403
    assert api.as_(cast.office).get(url(clue, "contact")).status_code == 200


def test_the_office_routes_and_a_refusing_unit_loses_sight_of_the_clue(cast, api):
    clue, _ = submit()
    routed = api.as_(cast.office).post(url(clue, "route"), {"unit": cast.unit_b.pk, "note": "街道先办"}, format="json")
    assert routed.status_code == 200 and routed.json()["handling_unit"] == cast.unit_b.pk
    refused = api.as_(cast.clerk_b).post(url(clue, "not-ours"), {"reason": ""}, format="json")
    assert refused.status_code == 400
    refused = api.as_(cast.clerk_b).post(url(clue, "not-ours"), {"reason": "不属本街道"}, format="json")
    assert refused.status_code == 204
    assert api.as_(cast.clerk_b).get(url(clue)).status_code == 404
    detail = api.as_(cast.office).get(url(clue)).json()
    assert detail["state"] == "triage"
    assert [a["refused_by_name"] for a in detail["assignments"]] == ["", "clerk_b", ""]


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_clue_list_costs_the_same_queries_for_1_or_10_clues(cast, api, rule_a):
    submit(body_unit=cast.unit_a, body_name="")
    client = api.as_(cast.clerk_a)
    _count(client, CLUES)  # warm: the user's roles are cached on the (force-authenticated) user
    one = _count(client, CLUES)
    for _ in range(9):
        submit(body_unit=cast.unit_a, body_name="")
    # the units the clerk answers for (predecessors), the count, the page (clues with units and clocks joined)
    assert _count(client, CLUES) == one == 3


def test_the_clue_detail_has_a_fixed_number_of_queries(cast, api, acknowledged):
    clue, _ = acknowledged
    client = api.as_(cast.office)
    _count(client, url(clue))  # warm the user's roles
    before = _count(client, url(clue))
    for i in range(5):
        services.clue_note_add(clue=clue, actor=cast.clerk_a, body=f"进展 {i}", visibility="public")
    assert _count(client, url(clue)) == before


def test_published_reports_are_public_and_drafts_only_for_the_office_and_leaders(cast, api, routed):
    import datetime

    report = services.clearance_report_build(period_start=datetime.date(2026, 3, 1),
                                             period_end=datetime.date(2026, 3, 31))
    assert api.as_(None).get("/api/v1/disputes/reports/").json()["count"] == 0
    assert api.as_(cast.leader).get("/api/v1/disputes/reports/").json()["count"] == 1
    assert api.as_(cast.leader).post(f"/api/v1/disputes/reports/{report.pk}/publish/").status_code == 403
    assert api.as_(cast.office).post(f"/api/v1/disputes/reports/{report.pk}/publish/").status_code == 200
    public = api.as_(None).get("/api/v1/disputes/reports/")
    assert public.json()["count"] == 1 and public.json()["results"][0]["rows"][0]["unit_name"] == "区市场监督管理局"
    assert api.as_(None).get("/api/v1/disputes/reports/", data={"page_size": 5}).status_code == 200
