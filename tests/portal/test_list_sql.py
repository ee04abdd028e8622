"""What the big lists ask the database (issue 18): no SELECT DISTINCT where a filter cannot duplicate rows (it
made PostgreSQL sort every matching row before returning the first page)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, params", [
    ("objections:objection_list", {"state": ["submitted", "under_review"]}),
    ("objections:objection_list", {"clock_state": ["overdue"]}),
    ("objections:repair_list", {"state": ["submitted"]}),
])
def test_multiple_choice_filters_do_not_make_the_list_distinct(client, cast, url, params):
    client.force_login(cast.office)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(url), params).status_code == 200
    assert not [q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"]]
