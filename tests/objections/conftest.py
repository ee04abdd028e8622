"""Builders for the objection and repair tests (on the shared cast).

The penalty is provided by unit A against unit B: clerk B objects, clerk A answers.
The sanction of servant X is provided by unit A: user X objects, clerk A answers.
"""
import datetime

import pytest

from objections import services
from records import services as records
from tests.records.test_record_lifecycle import penalty, sanction
from workdays.calendar import clear_calendar_cache

D = datetime.date


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def published_penalty(cast, **extra):
    return records.record_publish(record=penalty(cast, **extra), actor=cast.clerk_a,
                                  today=extra.get("decision_date", D(2026, 3, 2)))


def published_sanction(cast, **extra):
    return records.record_publish(record=sanction(cast, **extra), actor=cast.clerk_a)


def file_objection(record, user, *, reason="决定文书号录入有误", today=D(2026, 9, 28), **extra):
    return services.objection_submit(record=record, applicant=user, reason=reason, today=today, **extra)


@pytest.fixture
def sanction_x(cast):
    return published_sanction(cast)


@pytest.fixture
def penalty_b(cast):
    return published_penalty(cast)


@pytest.fixture
def objection_x(cast, sanction_x):
    """User X's objection to their sanction, filed 2026-09-28 (the clock crosses National Day)."""
    return file_objection(sanction_x, cast.user_x)


@pytest.fixture
def objection_b(cast, penalty_b):
    """Clerk B's objection, for unit B, to the penalty unit A provided."""
    return file_objection(penalty_b, cast.clerk_b, reason="处罚对象认定错误")
