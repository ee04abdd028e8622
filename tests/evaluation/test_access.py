"""Scope (a unit sees only its own draft scores; the public only what is published), the pages and the API,
with query counts that do not grow with the number of rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import services
from evaluation.choices import QueryOutcome
from records import services as records
from tests.factories import make_unit
from tests.records.test_record_lifecycle import sanction

from .conftest import run

pytestmark = pytest.mark.django_db
D = datetime.date
SCORES = "/api/v1/evaluations/scores/"
PERIODS = "/api/v1/evaluations/periods/"


@pytest.fixture
def draft(cast, scheme):
    return run()


def publish(version):
    services.run_publish(run=version, actor=None, today=version.reply_until + datetime.timedelta(days=1))
    return version


def test_api_scope_of_draft_scores(api, cast, draft):
    assert api.as_(cast.office).get(SCORES).json()["count"] == 6
    assert api.as_(cast.leader).get(SCORES).json()["count"] == 6
    mine = api.as_(cast.clerk_a).get(SCORES).json()
    assert [row["unit"] for row in mine["results"]] == [cast.unit_a.pk]
    assert api.as_(None).get(SCORES).json()["count"] == 0
    assert api.as_(cast.user_x).get(SCORES).json()["count"] == 0
    other = draft.scores.get(unit=cast.unit_b)
    assert api.as_(cast.clerk_a).get(f"{SCORES}{other.pk}/").status_code == 404
    assert api.as_(cast.office).delete(f"{SCORES}{other.pk}/").status_code == 405


def test_api_public_sees_published_scores_and_periods(api, cast, draft):
    assert api.as_(None).get(PERIODS).json()["count"] == 0
    publish(draft)
    body = api.as_(None).get(f"{SCORES}?period=2025Q3").json()
    assert body["count"] == 6
    assert {"key", "points", "value", "evidence_count", "held_out_count"} <= set(body["results"][0]["items"][0])
    periods = api.as_(None).get(PERIODS).json()["results"]
    assert periods[0]["code"] == "2025Q3" and [r["status"] for r in periods[0]["runs"]] == ["published"]


def test_api_lists_have_constant_query_counts(api, cast, draft):
    client = api.as_(cast.office)
    client.get(SCORES)  # warm the per-process caches (content types, the user's roles)
    with CaptureQueriesContext(connection) as few:
        client.get(SCORES)
        client.get(PERIODS)
    for index in range(4):
        make_unit(f"新增部门{index}")
    run()
    with CaptureQueriesContext(connection) as many:
        assert client.get(SCORES).json()["count"] == 16
        client.get(PERIODS)
    assert len(many) == len(few)


def test_a_clerk_sees_only_their_own_draft_score_pages(client, cast, draft):
    own, other = draft.scores.get(unit=cast.unit_a), draft.scores.get(unit=cast.unit_b)
    client.force_login(cast.clerk_a)
    page = client.get(reverse("evaluation:run_detail", args=[draft.pk])).content.decode()
    assert cast.unit_a.name in page and cast.unit_b.name not in page
    assert client.get(reverse("evaluation:score_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("evaluation:score_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("evaluation:indicator_detail", args=[other.pk, "dishonesty_records"])).status_code == 404
    assert client.get(reverse("evaluation:dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("evaluation:score_detail", args=[own.pk])).status_code == 302
    assert client.get(reverse("evaluation:public_score", args=[own.pk])).status_code == 404


def test_a_clerk_queries_from_the_score_page(client, cast, draft):
    own = draft.scores.get(unit=cast.unit_a)
    client.force_login(cast.clerk_a)
    url = reverse("evaluation:score_query", args=[own.pk])
    response = client.post(url, {"indicator_key": "dishonesty_records", "reason": "本单位无此记录"})
    if draft.reply_until >= datetime.date.today():
        assert response.status_code == 302
    else:  # the window closed (the test runs on a real clock): a 409 page
        assert response.status_code == 409


def test_the_leader_drills_from_the_dashboard_to_the_records_behind_a_rank(client, cast, scheme):
    record = records.record_publish(record=sanction(cast, decision_date=D(2025, 8, 1)), actor=cast.clerk_a,
                                    today=D(2025, 8, 2))
    version = run()
    client.force_login(cast.leader)
    dashboard = client.get(reverse("evaluation:dashboard")).content.decode()
    score = version.scores.get(unit=cast.unit_a)
    link = reverse("evaluation:score_detail", args=[score.pk])
    assert f'class="bars__item bars__link" href="{link}"' in dashboard and "<script" not in dashboard.split("</main>")[0]
    assert client.get(link).status_code == 200
    drill = client.get(reverse("evaluation:indicator_detail", args=[score.pk, "dishonesty_records"])).content.decode()
    # A personal record: the leader sees that it counted, not whose it is (personal credit information).
    assert "另有 1 条公务员个人信用记录" in drill and record.title not in drill
    client.force_login(cast.office)
    drill = client.get(reverse("evaluation:indicator_detail", args=[score.pk, "dishonesty_records"])).content.decode()
    assert record.title in drill and reverse("records:record_detail", args=[record.pk]) in drill
    export = client.get(reverse("evaluation:run_export", args=[version.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_pages_render_with_constant_query_counts(client, cast, draft):
    client.force_login(cast.office)
    urls = [reverse("evaluation:workspace_home"), reverse("evaluation:run_detail", args=[draft.pk]),
            reverse("evaluation:dashboard"), reverse("evaluation:task_list"), reverse("evaluation:inputs"),
            reverse("evaluation:scheme_current"), reverse("evaluation:demonstration")]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    for index in range(4):
        make_unit(f"新增街道{index}", kind="street")
    run()
    for url in urls[:3]:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) <= counts[url] + 1, url  # the new version's line in lists, not per unit


def test_public_pages_show_only_published_results(client, cast, draft):
    assert client.get(reverse("evaluation:public_ranking", args=["2025Q3"])).status_code == 404
    assert client.get(reverse("evaluation:public_methodology", args=[2025])).status_code == 200
    publish(draft)
    page = client.get(reverse("evaluation:public_index")).content.decode()
    assert cast.unit_b.name in page
    ranking = client.get(reverse("evaluation:public_ranking", args=["2025Q3"]))
    assert ranking.status_code == 200
    score = draft.scores.get(unit=cast.unit_b)
    public = client.get(reverse("evaluation:public_score", args=[score.pk])).content.decode()
    assert "失信记录" in public and "record:" not in public
    assert client.get(reverse("evaluation:public_demonstration")).status_code == 200


def test_the_office_answers_a_query_from_the_workspace(client, cast, draft):
    query = services.query_raise(score=draft.scores.get(unit=cast.unit_a), indicator_key="dishonesty_records",
                                 actor=cast.clerk_a, reason="有误", today=draft.reply_until)
    client.force_login(cast.office)
    url = reverse("evaluation:query_answer", args=[query.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"outcome": QueryOutcome.MAINTAINED, "answer": "经核对无误"})
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.state == "answered"
    client.force_login(cast.clerk_a)
    assert client.get(url).status_code == 403
