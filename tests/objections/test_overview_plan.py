"""The office overview filtered by unit on PostgreSQL (issue 18): its count is a BitmapOr of the unit's open
objections and its page walks the open ones in order, not every objection (the 1M dataset: the walk threw away
44,051 decided objections, the count read all 10,107 open ones). Fails before migration 0013."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import file_objection
from .test_objection_subject import servant_sanction

pytestmark = pytest.mark.django_db


def test_the_overview_by_unit_reads_the_open_objections_indexes(client, cast, postgres_required):
    for n in (1, 2, 3):
        file_objection(servant_sanction(cast, cast.servant_x, cast.audit, n), cast.user_x)
    client.force_login(cast.office)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("objections:office_overview"), {"unit": cast.unit_a.pk}).status_code == 200
    plans = {}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE objections_objection")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is too small to prefer an index
        for query in ctx.captured_queries:
            sql = query["sql"]
            if sql.startswith("SELECT") and 'FROM "objections_objection"' in sql and '"provider_id" = ' in sql:
                cursor.execute("EXPLAIN " + sql)
                plans["count" if sql.startswith("SELECT COUNT(*)") else "page"] = "\n".join(
                    row[0] for row in cursor.fetchall())
    assert set(plans) == {"count", "page"}, plans
    # Which of the open objections' indexes a three-row table's count reads is the planner's choice (on the scale
    # data it is the BitmapOr of the three); none of them is the whole table's.
    assert "objection_open_" in plans["count"], plans["count"]
    assert "objection_open_due_idx" in plans["page"], plans["page"]
