"""The public commitment list's search (issue 18): what it finds, the same on SQLite and PostgreSQL, and on
PostgreSQL through the n-gram index. A natural person's name is never searchable there (issue 16)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import make_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(cast):
    return {
        "person": make_commitment(cast, publish=True, title="个人搬迁补偿承诺", content="按期支付搬迁补偿",
                                  counterparty_name="张三丰", counterparty_type="natural_person"),
        "company": make_commitment(cast, publish=True, title="厂房租赁承诺", content="按期交付厂房",
                                   counterparty_name="某建设工程有限公司"),
        "content": make_commitment(cast, publish=True, title="道路承诺", content="年内完成道路建设"),
        "other": make_commitment(cast, publish=True, title="供水服务承诺", content="全年不间断供水"),
        "draft": make_commitment(cast, title="建设草稿承诺"),
    }


def _found(client, seeded, url, q):
    page = client.get(reverse(url), {"q": q})
    assert page.status_code == 200
    ids = {c.pk for c in page.context["page_obj"]} if "page_obj" in page.context else None
    if ids is None:  # the public list renders a cached fragment: read the titles
        text = page.content.decode()
        return {name for name, c in seeded.items() if c.title in text}
    return {name for name, c in seeded.items() if c.pk in ids}


@pytest.mark.parametrize("q, public", [
    ("建设", {"company", "content"}),        # the company counterparty and the content, not the draft
    ("三丰", set()),                          # a person's name: never on the public site
    ("张三丰", set()),
    ("搬迁", {"person"}),                     # the person's commitment by its title
    ("租赁", {"company"}),
    ("承诺", {"person", "company", "content", "other"}),
    ("建设工程", {"company"}),
    ("不存在", set()),
])
def test_what_the_public_search_finds(client, seeded, q, public):
    assert _found(client, seeded, "commitments:public_list", q) == public


def test_staff_find_the_person_by_name_through_the_api(api, cast, seeded):
    rows = api.as_(cast.clerk_a).get("/api/v1/commitments/", {"q": "三丰"}).json()["results"]
    assert [r["id"] for r in rows] == [seeded["person"].pk]
    assert api.as_(None).get("/api/v1/commitments/", {"q": "三丰"}).json()["count"] == 0


def test_the_public_search_uses_the_ngram_index(client, seeded, postgres_required):
    """Before: the public search split the columns (the counterparty only when not a person), so the n-gram
    index, which serves a search of all three columns, was not used and PostgreSQL scanned every commitment."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("commitments:public_list"), {"q": "建设"}).status_code == 200
    searched = [q["sql"] for q in ctx.captured_queries if '"commitments_commitment"' in q["sql"] and "建设" in q["sql"]]
    assert searched and all("portal_ngram_query" in sql for sql in searched), searched


def test_staff_find_the_person_by_name_on_the_workspace_list_as_through_the_api(client, cast, seeded):
    """The workspace list and its export build the FilterSet the API builds, with the request: before, they built it
    without one, so the filter could not tell staff from the public and the list hid the person the API found."""
    client.force_login(cast.clerk_a)
    assert _found(client, seeded, "commitments:list", "三丰") == {"person"}
    export = client.get(reverse("commitments:export"), {"q": "三丰"})
    assert export.status_code == 200 and export["X-Export-Rows"] == "1"
