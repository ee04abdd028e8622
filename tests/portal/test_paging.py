"""The big lists count at most LIST_COUNT_CAP rows (issue 18): beyond it they say so instead of counting a million."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_a_list_past_the_cap_says_more_and_counts_no_further(client, cast, settings):
    for index in range(104):
        make_unit(f"封顶测试单位{index:03d}")
    client.force_login(cast.office)
    units = 110  # the cast's six and these
    settings.LIST_COUNT_CAP = units
    page = client.get(reverse("records:unit_list"))
    assert f"共 {units} 条" in page.content.decode()

    settings.LIST_COUNT_CAP = 60
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("records:unit_list"))
    text = page.content.decode()
    assert "超过 60 条，可用上方的筛选条件缩小范围" in text and " 条</p>" not in text.replace("缩小范围</p>", "")
    counts = [q["sql"] for q in ctx.captured_queries if '"records_unit"' in q["sql"] and "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 61" in counts[0], counts
    assert page.context["page_obj"].paginator.num_pages == 2  # 50 a page: the pages up to the cap
    assert len(page.context["page_obj"]) == 50
    second = client.get(reverse("records:unit_list"), {"page": 2}).context["page_obj"]
    assert len(second) == 11 and second.number == 2  # rows 51 to 61: the page ends where the count did

    settings.LIST_COUNT_CAP = 3  # never less than one page
    assert client.get(reverse("records:unit_list")).context["page_obj"].paginator.shown_count == 50


def test_cap_zero_counts_everything(client, cast, settings):
    settings.LIST_COUNT_CAP = 0
    client.force_login(cast.office)
    page = client.get(reverse("records:unit_list"))
    assert "共 6 条" in page.content.decode()


# The lists that stopped at a fixed number of rows (300 task assignments, 200 cases …) and page now, as who reads them.
ONCE_CAPPED = [("evaluation:task_list", "office"), ("punishment:case_list", "office"),
               ("punishment:zero_status", "leader"), ("punishment:court_upload", "office"),
               ("punishment:public_notice_list", None), ("disputes:public_reports", None),
               ("disputes:report_list", "leader"), ("decisions:quality", "clerk_a")]


@pytest.mark.parametrize("name,role", ONCE_CAPPED)
def test_a_list_that_pages_now_takes_any_page_number(client, cast, name, role):
    """A page number that is no number, past the last page, or past 64 bits shows a page (the first or the last);
    a NUL byte is refused for every page by the middleware (400)."""
    if role:
        client.force_login(getattr(cast, role))
    for value in ("abc", "0", "-1", "999999", "99999999999999999999999", "1e308", "", ["1", "abc"]):
        response = client.get(reverse(name), {"page": value})
        assert response.status_code == 200, (value, response.status_code)
        assert response.context["page_obj"].number == 1  # a page or less of rows here: the first page is the last
    assert client.get(reverse(name), {"page": "a\x00b"}).status_code == 400


@pytest.mark.parametrize("order, stable", [
    (("decision_date",), False), (("-decision_date", "-id"), True), (("subject_unit__name", "-window_start"), False),
    (("subject_unit__name", "-window_start", "id"), True), (("title", "pk"), True), ((), True),  # Meta: date, -id
    (("subject_unit__id",), False),
])
def test_a_paged_list_must_end_its_order_on_a_unique_key(order, stable):
    """Rows that tie on every key may change places between the queries of two pages (one row on two pages,
    another on none). The paginator warns, and the test suite turns the warning into an error (conftest.py), so
    every list page a test opens is checked: the public 失信被执行人 list (unit name, listing date) failed it."""
    import warnings

    from integrity_portal.paging import ListPaginator, UnstableOrderWarning
    from records.models import CreditRecord

    queryset = CreditRecord.objects.order_by(*order) if order else CreditRecord.objects.all()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ListPaginator(queryset, 10)
    assert [w.category for w in caught] == ([] if stable else [UnstableOrderWarning])


def test_the_public_defaulter_list_pages_in_a_stable_order(client):
    """Fails before the change (its order ended on the listing date): the warning is an error in tests."""
    assert client.get(reverse("public:defaulter_list")).status_code == 200


def _ordered(model_path: str, *order):
    from django.apps import apps
    from django.db.models import F

    model = apps.get_model(model_path)
    return model.objects.annotate(copy_of_id=F("id")).order_by(*order)


@pytest.mark.parametrize("model_path, order, stable", [
    ("records.CreditRecord", ("subject_unit__name",), False),  # unique in the unit table, repeated here
    ("records.CreditRecord", ("subject_unit__id",), False),
    ("records.CreditRecord", ("copy_of_id",), False),  # an annotation: no field of the model
    ("records.CreditRecord", ("?",), False),
    ("records.CreditRecord", ("versions",), False),  # a reverse relation: a row for each version
    ("records.RectificationCase", ("accountability_record_id",), False),  # unique, but its NULLs tie
    ("records.RectificationCase", ("accountability_record",), False),
    ("records.RectificationCaseRecord", ("record_id",), True),
    ("records.RectificationCaseRecord", ("record",), True),  # the record's ordering: -decision_date, -id
])
def test_an_order_across_relations_or_on_no_column_is_not_unique(model_path, order, stable):
    """The keys that are no unique column of the model: decided from the model's fields, not by catching any error
    (a reverse relation raised AttributeError before; a NULL-able one-to-one passed as unique)."""
    from integrity_portal.paging import ends_on_a_unique_key

    assert ends_on_a_unique_key(_ordered(model_path, *order)) is stable
