"""Builders for the evaluation tests: the default scheme, clocks with a chosen due date, records, runs."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from evaluation import services
from evaluation.indicators import Context
from evaluation.periods import parse_period
from records import services as records
from workdays.models import Clock, Policy

Q3 = "2025Q3"
AFTER_Q3 = datetime.date(2025, 10, 20)  # computed after the quarter: as_of = 30 September


@pytest.fixture
def scheme(db):
    return services.scheme_create_default(year=2025)


def context(cast, code: str = Q3, as_of: datetime.date | None = None) -> Context:
    span = parse_period(code)
    period = services.period_get_or_create(span)
    units = (cast.unit_a.pk, cast.unit_b.pk, cast.office_unit.pk)
    return Context(period_id=period.pk, start=span.start, end=span.end, as_of=as_of or span.end, unit_ids=units)


def make_clock(subject, due: datetime.date, *, purpose: str = "test", state: str = "running") -> Clock:
    """A clock with a chosen due date (hand-built: the indicators read only the stored due date and state)."""
    return Clock.objects.create(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, purpose=purpose,
        policy=Policy.objects.get(key="objection_answer", is_current=True),
        start_date=due - datetime.timedelta(days=14), due_date=due, very_overdue_date=due + datetime.timedelta(14),
        state=state)


def defaulter(cast, unit, *, listed: datetime.date, delisted: datetime.date | None = None, publish_on=None):
    details = {"enforcement_basis_body": "区人民法院", "enforcement_basis_number": "（2024）鲁0116民初1号",
               "case_number": "（2024）鲁0116执100号", "filing_date": "2024-03-01", "court": "区人民法院",
               "obligation": "支付工程款", "performance": "全部未履行", "dishonest_conduct": "有履行能力而拒不履行",
               "publication_date": listed.isoformat()}
    if delisted:
        details["delisting_date"] = delisted.isoformat()
    record = records.record_create(
        actor=cast.office, provider=cast.office_unit, subject_type="unit", subject_unit=unit,
        kind="judgment_defaulter", severity="serious", title="拒不履行生效判决", decision_date=listed,
        details=details)
    return records.record_publish(record=record, actor=cast.office, today=publish_on or listed)


def run(period: str = Q3, today: datetime.date = AFTER_Q3, **extra):
    return services.evaluation_run(period=period, today=today, **extra)


def item(run, unit, key):
    return run.scores.get(unit=unit).items.get(indicator_key=key)
