"""The office's per-unit objection statistics are computed once per change, not on every view of the overview
(issue 18: they read every objection, 70 ms at 100k). Every change that moves a figure shows on the next view:
filing, answering, a clock turning overdue (the daily advance), a unit renamed."""
import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objections import services
from objections.selectors import unit_statistics
from workdays.services import clocks_advance

from .conftest import file_objection, published_penalty

D = datetime.date
OVERVIEW = reverse("objections:office_overview")
pytestmark = pytest.mark.django_db


@pytest.fixture
def statistics_cache(settings):
    settings.OBJECTION_STATISTICS_CACHE_SECONDS = 60  # the test settings turn it off
    cache.clear()
    yield
    cache.clear()


def _stats(client):
    return {row["unit"]: row for row in client.get(OVERVIEW).context["stats"]}


def _grouped_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(OVERVIEW).status_code == 200
    return sum("GROUP BY" in q["sql"] for q in ctx.captured_queries)


def test_a_second_view_does_not_recompute_them(client, cast, statistics_cache):
    file_objection(published_penalty(cast), cast.clerk_b)
    client.force_login(cast.office)
    assert _grouped_queries(client) >= 2  # the counts and the overdue count
    assert _grouped_queries(client) == 0
    assert client.get(OVERVIEW).context["stats"] == unit_statistics()


def test_every_change_shows_on_the_next_view(client, cast, statistics_cache):
    client.force_login(cast.office)
    first = file_objection(published_penalty(cast, decision_number="莱市监罚〔2026〕41号"), cast.clerk_b)
    unit = first.record.provider.name
    assert _stats(client)[unit]["open"] == 1
    second = file_objection(published_penalty(cast, decision_number="莱市监罚〔2026〕42号"), cast.clerk_b)
    assert _stats(client)[unit]["open"] == 2  # filed

    services.objection_review(objection=first, actor=cast.clerk_a)
    services.objection_decide(objection=first, actor=cast.clerk_a, outcome="rejected", reason="无误",
                              today=D(2026, 10, 9))
    row = _stats(client)[unit]
    assert (row["open"], row["answered"]) == (1, 1)  # answered

    assert row["overdue"] == 0
    clocks_advance(today=second.clock.very_overdue_date + datetime.timedelta(days=1))
    assert _stats(client)[unit]["overdue"] == 1  # the daily advance turned its clock overdue

    provider = second.record.provider
    provider.name = "更名后的单位"
    provider.save()
    assert "更名后的单位" in _stats(client)
    assert _stats(client) == {row["unit"]: row for row in unit_statistics()}
