"""The objection list's filing-date filter (issue 18). The list is in due order (``objection_due_order_idx``) and
"filed on or after X" is not that order: for a recent X PostgreSQL walked the index from the earliest due date and
threw away 88,146 of 100,000 objections. An objection's due date is never before its filing date (its answer
clock starts on the filing date and the engine only moves a due date later), which the database now checks, so the
filter also bounds the due date at X: the same objections, and the walk starts at X."""
import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from objections import services
from objections.filtersets import ObjectionFilterSet
from objections.models import Objection
from objections.selectors import objection_list
from workdays import services as workdays

from .conftest import file_objection, published_penalty

D = datetime.date
pytestmark = pytest.mark.django_db


def stored(objection) -> tuple[datetime.date, datetime.date | None]:
    return Objection.objects.values_list("filed_on", "due_date").get(pk=objection.pk)


def test_the_due_date_is_never_before_the_filing_date(cast, sanction_x):
    """Filing starts the clock on the filing date; the office's shorter period restarts it from the filing date;
    a pause, an extension and a calendar revision only move it later."""
    objection = file_objection(sanction_x, cast.user_x, today=D(2026, 12, 24))
    filed, due = stored(objection)
    assert filed == D(2026, 12, 24) and due > filed
    workdays.policy_revise(key="objection_answer_provincial", value=0, unit="working_days", legal_basis="测试：当日答复",
                           actor=cast.office)
    objection = services.objection_set_period(objection=objection, actor=cast.office,
                                              policy_key="objection_answer_provincial", reason="当日核实",
                                              today=D(2026, 12, 28))
    assert stored(objection) == (filed, filed)  # zero working days: due on the filing day, never before it
    workdays.clock_pause(clock=objection.clock, actor=cast.office, reason="等待函复", today=D(2026, 12, 24))
    workdays.clock_resume(clock=objection.clock, actor=cast.office, reason="已函复", today=D(2026, 12, 29))
    services.objection_clock_extend(objection=objection, actor=cast.office, reason="需调取档案", days=2)
    workdays.calendar_year_save(year=2027, status="official", source_notice="国务院办公厅通知（2027）",
                                exceptions=[(D(2027, 1, 1), "holiday", "元旦")], actor=cast.office,
                                today=D(2026, 12, 28))
    filed_after, due_after = stored(objection)
    assert filed_after == filed and due_after > filed


def test_the_database_refuses_a_due_date_before_the_filing_date(cast, sanction_x):
    """Fails before the change (no such check): the filter's bound relies on it."""
    objection = file_objection(sanction_x, cast.user_x, today=D(2026, 9, 28))
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.filter(pk=objection.pk).update(due_date=D(2026, 9, 25))
    Objection.objects.filter(pk=objection.pk).update(due_date=None)  # no clock: no due date, allowed


@pytest.fixture
def filed(cast):
    """Objections filed on different days (due 10 working days later), one withdrawn, one without a clock."""
    made = {}
    for n, (name, day) in enumerate([("march", D(2026, 3, 2)), ("may", D(2026, 5, 6)), ("june", D(2026, 6, 1)),
                                     ("june_withdrawn", D(2026, 6, 1)), ("september", D(2026, 9, 28)),
                                     ("no_clock", D(2026, 6, 15))]):
        record = published_penalty(cast, decision_number=f"莱市监罚〔2026〕{40 + n}号", decision_date=D(2026, 3, 2))
        made[name] = file_objection(record, cast.clerk_b, today=day)
    services.objection_withdraw(objection=made["june_withdrawn"], actor=cast.clerk_b, reason="不再异议")
    Objection.objects.filter(pk=made["no_clock"].pk).update(clock=None, due_date=None)
    return made


def _listed(queryset, data) -> list[int]:
    return [o.pk for o in ObjectionFilterSet(data, queryset=queryset).qs]


@pytest.mark.parametrize("since, expected", [
    ("2026-05-06", ["may", "june", "june_withdrawn", "september", "no_clock"]),
    ("2026-05-07", ["june", "june_withdrawn", "september", "no_clock"]),  # "may" is due after, not filed after
    ("2026-06-16", ["september"]),
    ("2026-01-01", ["march", "may", "june", "june_withdrawn", "september", "no_clock"]),
    ("2026-10-01", []),
])
def test_filed_from_lists_exactly_the_objections_filed_since(cast, filed, since, expected):
    everything = objection_list(cast.office)
    assert _listed(everything, {"filed_from": since}) == [o.pk for o in everything if str(o.filed_on) >= since]
    assert set(_listed(everything, {"filed_from": since})) == {filed[name].pk for name in expected}
    # The office's overview lists the open ones, with the same filterset.
    assert _listed(everything.open(), {"filed_from": since}) == [
        o.pk for o in everything.open() if str(o.filed_on) >= since]
    # With the other date filters.
    assert set(_listed(everything, {"filed_from": since, "filed_to": "2026-06-01"})) == {
        filed[name].pk for name in expected if filed[name].filed_on <= D(2026, 6, 1)}


def test_filed_from_bounds_the_due_date_when_every_objection_since_has_one(cast, filed):
    """Fails before the change: the list statement had only the filing date, which is not the list's order."""
    with CaptureQueriesContext(connection) as ctx:  # the objection without a clock was filed before
        listed = _listed(objection_list(cast.office), {"filed_from": "2026-06-16"})
    assert listed == [filed["september"].pk]
    statement = [q["sql"] for q in ctx.captured_queries if "ORDER BY" in q["sql"]][-1]
    where = statement.split(" WHERE ")[1]
    assert '"objections_objection"."due_date" >=' in where and "IS NULL" not in where, where
