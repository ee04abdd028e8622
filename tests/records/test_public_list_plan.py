"""The public disclosure and defaulter lists on PostgreSQL (issue 18): their count and their kind are a range of
``record_public_window_idx`` from today's date (on the scale data; a test table only shows which index), not a walk through every published institutional record, most
of which (until the nightly expiry turns them expired) are past their window. Fails before migration 0020."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_unit
from tests.records.test_public_pages import TODAY, defaulter, licence, published_penalty

pytestmark = pytest.mark.django_db

OLD = TODAY - datetime.timedelta(days=730)


def _plans(client, url, params):
    """EXPLAIN of every statement the page sent to the records table, with sequential scans off (a test
    table is too small for the planner to prefer an index on its own)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(url), params).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE records_creditrecord")
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in ctx.captured_queries:
            if '"records_creditrecord"' in query["sql"] and query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    return plans


@pytest.mark.parametrize("url, params", [
    ("public:disclosure_list", {}),
    ("public:disclosure_list", {"kind": "judgment_defaulter"}),
    ("public:defaulter_list", {}),
])
def test_the_public_lists_count_from_the_window_index(client, cast, postgres_required, url, params):
    for index in range(3):
        unit = make_unit(f"公示单位{index}")
        published_penalty(cast, subject_unit=unit, provider=unit)
        licence(cast, subject_unit=unit)
        defaulter(cast, unit)
        published_penalty(cast, subject_unit=unit, provider=unit, decision_date=OLD, title="过期未清理")
    counts = [plan for sql, plan in _plans(client, url, params) if sql.startswith("SELECT COUNT(*)")]
    assert counts, "the page counts its rows"
    for plan in counts:
        assert "record_public_window_idx" in plan, plan
