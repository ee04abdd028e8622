"""The objection lists' search (``q``, issue 18): what a clerk looking for an objection has in hand — the record's
事由 (title), its document number, or the name of the civil servant the record is about — on the HTML list, the
office's overview and the API. The search narrows what the user sees: a clerk still finds only their objections.
tests/portal/test_chinese_search.py compares it with LIKE on PostgreSQL."""
import pytest
from django.urls import reverse

from objections import services
from records.models import CreditRecord

from .conftest import file_objection, published_penalty, published_sanction

pytestmark = pytest.mark.django_db


@pytest.fixture
def objections(cast):
    """User X's objection to their sanction (违反工作纪律, about 张明, no document number), and clerk B's to two
    penalties unit A imposed on unit B; the fee one is closed (withdrawn)."""
    fee = file_objection(published_penalty(cast, title="违规收取检测费用", decision_number="莱市监罚〔2026〕32号"),
                         cast.clerk_b)
    services.objection_withdraw(objection=fee, actor=cast.clerk_b, reason="不再异议")
    return {
        "sanction": file_objection(published_sanction(cast), cast.user_x),
        "price": file_objection(published_penalty(cast, title="未按规定明码标价", decision_number="莱市监罚〔2026〕31号"),
                                cast.clerk_b),
        "fee": fee,
    }


def _found(client, user, objections, q, url="objections:objection_list", rows="page_obj"):
    client.force_login(user)
    page = client.get(reverse(url), {"q": q})
    assert page.status_code == 200
    ids = {o.pk for o in page.context[rows]}
    return {name for name, o in objections.items() if o.pk in ids}


@pytest.mark.parametrize("q, expected", [
    ("明码", {"price"}),                           # the title, two characters
    ("违规收取", {"fee"}),                          # four characters
    ("违", {"sanction", "fee"}),                    # one: 违反工作纪律, 违规收取检测费用
    ("莱市监罚〔2026〕31号", {"price"}),              # the whole document number
    ("〔2026〕3", {"price", "fee"}),                 # part of it
    ("张明", {"sanction"}),                         # the civil servant the record is about
    ("明", {"sanction", "price"}),                  # a name and a title at once
    ("李华", set()),                                # another servant: no record about him
    ("不存在", set()),
])
@pytest.mark.parametrize("id_list_limit", [10_000, 1])
def test_the_office_finds_objections_by_title_number_or_name(client, cast, objections, q, expected, id_list_limit,
                                                              monkeypatch):
    """Both ways of searching: the records' ids looked up first, and (past the limit, a common word) the record
    checked objection by objection."""
    monkeypatch.setattr("objections.filtersets.ID_LIST_LIMIT", id_list_limit)
    assert _found(client, cast.office, objections, q) == expected


def test_filing_marks_the_record_objected_to_for_good(cast, objections):
    records = {name: CreditRecord.objects.get(pk=o.record_id) for name, o in objections.items()}
    assert all(r.objected for r in records.values())
    assert not records["fee"].objection_open  # withdrawn: no longer open, still objected to
    assert not CreditRecord.objects.exclude(pk__in=[r.pk for r in records.values()]).filter(objected=True).exists()


def test_the_list_offers_the_search_and_keeps_the_term(client, cast, objections):
    client.force_login(cast.clerk_a)
    page = client.get(reverse("objections:objection_list"), {"q": "明码"}).content.decode()
    assert "事由、文书号或公务员姓名" in page
    assert 'name="q"' in page and 'value="明码"' in page


def test_a_clerk_searches_only_their_objections(client, cast, objections):
    # Clerk B sees the objections of unit B (it filed them; the penalties are about it), not servant X's.
    assert _found(client, cast.clerk_b, objections, "违") == {"fee"}
    assert _found(client, cast.clerk_b, objections, "张明") == set()
    # Clerk A answers all three (unit A provides the records).
    assert _found(client, cast.clerk_a, objections, "违") == {"sanction", "fee"}
    # Servant Y sees none of them, whatever they type; servant X their own.
    assert _found(client, cast.user_y, objections, "违") == set()
    assert _found(client, cast.user_x, objections, "违") == {"sanction"}


def test_the_office_overview_searches_the_open_objections(client, cast, objections):
    assert _found(client, cast.office, objections, "违", url="objections:office_overview", rows="rows") == {
        "sanction"}  # the fee objection was withdrawn


def test_the_api_searches_as_the_list_does(api, cast, objections):
    rows = api.as_(cast.clerk_a).get("/api/v1/objections/", {"q": "〔2026〕3"}).json()["results"]
    assert {r["id"] for r in rows} == {objections["price"].pk, objections["fee"].pk}
    assert api.as_(cast.clerk_b).get("/api/v1/objections/", {"q": "张明"}).json()["count"] == 0
    assert api.as_(cast.clerk_a).get("/api/v1/objections/", {"q": "张明"}).json()["count"] == 1
