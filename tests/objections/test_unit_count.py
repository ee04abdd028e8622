"""A list filtered by one unit counts the unit's rows exactly (issue 18): the objection and repair lists' unit
filter bounds what it keeps to one unit's share, and the cap's LIMIT made PostgreSQL plan a scan that read 94,760
of the 1M dataset's 100,000 objections to count a unit's 1,042 (28 ms; 2 ms from the unit's indexes)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integrity_portal.paging import ListPaginator
from objections.filtersets import ObjectionFilterSet
from objections.selectors import objection_list

from .conftest import file_objection
from .test_objection_subject import servant_sanction

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(cast):
    """Three objections of X (unit A) to the audit office's sanctions."""
    return [file_objection(servant_sanction(cast, cast.servant_x, cast.audit, n), cast.user_x) for n in (1, 2, 3)]


def counts(client, name, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries
            if "COUNT(" in q["sql"] and ('"objections_objection"' in q["sql"] or '"objections_repair"' in q["sql"])
            and "GROUP BY" not in q["sql"]]


@pytest.mark.parametrize("name", ["objections:objection_list", "objections:office_overview",
                                  "objections:repair_list"])
def test_the_unit_filter_counts_exactly_and_the_others_stop_at_the_cap(client, cast, three, name):
    """Fails before the change: every count had the cap's LIMIT."""
    client.force_login(cast.office)
    by_unit = counts(client, name, {"unit": cast.unit_a.pk})
    assert by_unit and all("LIMIT" not in sql for sql in by_unit), by_unit
    by_state = counts(client, name, {"state": "submitted"})
    assert by_state and all("LIMIT" in sql for sql in by_state), by_state
    assert all("LIMIT" in sql for sql in counts(client, name, {"unit": "不是单位"}))  # a field error: no bound


def test_the_count_is_the_units_whole_number_past_the_cap(cast, three, settings):
    settings.LIST_COUNT_CAP = 1
    capped = ObjectionFilterSet({"state": "submitted"}, queryset=objection_list(cast.office))
    paginator = ListPaginator(capped.qs, 1, exact=capped.counts_exactly)
    assert (paginator.more, paginator.shown_count, paginator.num_pages) == (True, 1, 1)
    bounded = ObjectionFilterSet({"unit": cast.unit_a.pk}, queryset=objection_list(cast.office))
    paginator = ListPaginator(bounded.qs, 1, exact=bounded.counts_exactly)
    assert (paginator.more, paginator.shown_count, paginator.num_pages) == (False, 3, 3)
