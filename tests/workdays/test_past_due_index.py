"""The clocks past their due date of one purpose and kind of subject (``workdays.selectors.clocks_past_due``: the
leadership dashboard's overdue cards and the lists they open) come from one partial index that carries their
subjects' ids (issue 18): at 1M the office overview's 答复逾期 count read 10,107 clocks' rows through
``clock_state_due_idx`` (24 ms warm); an index-only scan of ``clock_active_due_idx`` takes 3.8 ms (make bench
measures the plan on the scale data). Fails before workdays 0007.

The index is checked in the catalogue, not through a plan: on a test database of a few rows every plan costs about
the same, and with ``enable_indexscan = off`` PostgreSQL does not consider index-only scans either, so a forced plan
depended on what earlier tests had left in the table (a CI run chose the disabled sequential scan)."""
import pytest
from django.db import connection

from workdays.choices import ACTIVE_CLOCK_STATES

pytestmark = pytest.mark.django_db


def test_the_past_due_clocks_of_a_purpose_have_an_index_of_their_own(postgres_required):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(i.indexrelid), pg_get_expr(i.indpred, i.indrelid), i.indnkeyatts, i.indnatts "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'clock_active_due_idx' "
            "AND i.indrelid = 'workdays_clock'::regclass AND i.indisvalid")
        found = cursor.fetchone()
    assert found, "clock_active_due_idx is missing"
    definition, predicate, keys, columns = found
    # What clocks_past_due filters on, in that order, and the subject's id carried for an index-only scan.
    assert "(purpose, content_type_id, due_date) INCLUDE (object_id)" in definition, definition
    assert (keys, columns) == (3, 4)
    # The predicate is exactly the active states, so that the selector's state filter implies it.
    assert sorted(state.value for state in ACTIVE_CLOCK_STATES) == sorted(
        state for state in ("running", "due_soon", "overdue", "very_overdue", "paused", "stopped")
        if f"'{state}'" in predicate), predicate
