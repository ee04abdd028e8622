"""The clocks past their due date of one purpose and kind of subject (``workdays.selectors.clocks_past_due``: the
leadership dashboard's overdue cards and the lists they open) come from one partial index, with their subjects'
ids, without reading the clocks' rows (issue 18): at 1M the office overview's 答复逾期 count read 10,107 clocks
through ``clock_state_due_idx`` (24 ms warm); from ``clock_active_due_idx`` 3.8 ms. Fails before workdays 0007."""
import datetime

import pytest
from django.db import connection

from objections.models import Objection
from objections.services.objections import OBJECTION_CLOCK
from workdays.selectors import clocks_past_due

pytestmark = pytest.mark.django_db


def test_the_past_due_clocks_of_a_purpose_are_read_from_one_index_alone(postgres_required):
    # As the lists read it: a subquery of the subjects' ids, in no order.
    ids = clocks_past_due(today=datetime.date(2026, 12, 7), purpose=OBJECTION_CLOCK, model=Objection).order_by().values(
        "object_id")
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        # On an empty table every plan costs the same: leave the planner no other way than an index-only scan,
        # which only an index whose predicate the filter implies and which carries object_id can give.
        for path in ("seqscan", "bitmapscan", "indexscan"):
            cursor.execute(f"SET LOCAL enable_{path} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using clock_active_due_idx" in plan, plan
