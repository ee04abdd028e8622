"""Builders for the dispute-clue tests (on the shared cast): unit A (区市场监督管理局) handles market clues,
unit B (凤城街道办事处) is another unit; the office triages."""
import datetime

import pytest
from django.core.cache import cache

from disputes import services
from disputes.models import RoutingRule
from workdays.calendar import clear_calendar_cache

D = datetime.date
TODAY = D(2026, 3, 2)
PDF = b"%PDF-1.4\n% test\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_caches():
    clear_calendar_cache()
    cache.clear()
    yield
    clear_calendar_cache()
    cache.clear()


@pytest.fixture
def rule_a(cast):
    """Arrears clues naming unit A go to unit A."""
    return RoutingRule.objects.create(category="arrears", body_unit=cast.unit_a, unit=cast.unit_a, priority=10)


def submit(cast=None, *, today=TODAY, **fields):
    values = dict(category="arrears", description="区市场监督管理局拖欠我公司设备款 50 万元，多次催要未果。",
                  body_name="某街道", amount="50")
    values.update(fields)
    return services.clue_submit(today=today, **values)


@pytest.fixture
def routed(cast, rule_a):
    """A clue about unit A, routed to unit A by the rule; returns (clue, code)."""
    return submit(body_unit=cast.unit_a, body_name="", contact_name="王先生", contact_phone="13900000000",
                  share_contact=True)


@pytest.fixture
def acknowledged(cast, routed):
    clue, code = routed
    return services.clue_acknowledge(clue=clue, actor=cast.clerk_a, today=D(2026, 3, 5)), code
