"""The clue list's received-date filter (issue 18): what it lists, including clues whose date received differs
from the moment they were entered (a back-dated receipt), and that its list statement is bounded by the
submission time, so PostgreSQL walks the order index from there instead of from the newest clue."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disputes.models import DisputeClue

from .conftest import D, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def clues(cast):
    now = timezone.now()
    made = {}
    # (received on, submitted this many days ago)
    for name, received, days_ago in [("old", D(2025, 1, 10), 300), ("backdated", D(2025, 1, 5), 1),
                                     ("edge", D(2025, 2, 1), 200), ("late_entry", D(2025, 2, 2), 250),
                                     ("recent", D(2026, 3, 1), 2)]:
        clue, _code = submit(today=received)
        DisputeClue.objects.filter(pk=clue.pk).update(submitted_at=now - datetime.timedelta(days=days_ago))
        made[name] = clue.pk
    return made


def _listed(client, cast, params):
    client.force_login(cast.office)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/workspace/disputes/", params)
    assert page.status_code == 200
    return [clue.pk for clue in page.context["page_obj"]], ctx.captured_queries


@pytest.mark.parametrize("before, expected", [
    ("2025-02-01", ["backdated", "edge", "old"]),   # newest submission first, as without the filter
    ("2025-01-09", ["backdated"]),
    ("2026-03-01", ["backdated", "recent", "edge", "late_entry", "old"]),
    ("2024-12-31", []),
])
def test_received_before_lists_exactly_the_clues_received_by_then(client, cast, clues, before, expected):
    listed, _queries = _listed(client, cast, {"submitted_before": before})
    assert listed == [clues[name] for name in expected]
    both, _queries = _listed(client, cast, {"submitted_before": before, "submitted_after": "2025-01-06"})
    assert both == [clues[name] for name in expected if name != "backdated"]


def test_the_list_statement_is_bounded_by_the_latest_submission(client, cast, clues):
    """Fails before the change: the statement had only the received date, which is not the list's order."""
    _listed_pks, queries = _listed(client, cast, {"submitted_before": "2025-02-01"})
    listing = [q["sql"] for q in queries
               if q["sql"].startswith('SELECT "disputes_disputeclue"."id"') and "ORDER BY" in q["sql"]]
    assert listing and all('"disputes_disputeclue"."submitted_at" <=' in sql for sql in listing), listing
