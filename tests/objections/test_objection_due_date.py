"""The objection keeps its answer clock's due date (issue 18 item 3): the office's list sorts and filters on an
indexed column of the objection instead of a join to every clock. The clock engine writes it whenever the due
date is set or moves; the list's order stays what the join gave."""
import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from objections import services
from objections.filtersets import ObjectionFilterSet
from objections.models import Objection
from objections.selectors import objection_list
from workdays import services as workdays

from .conftest import file_objection, published_penalty

D = datetime.date
pytestmark = pytest.mark.django_db


def stored(objection) -> datetime.date | None:
    return Objection.objects.values_list("due_date", flat=True).get(pk=objection.pk)


def clock_due(objection) -> datetime.date:
    objection = Objection.objects.select_related("clock").get(pk=objection.pk)
    return objection.clock.due_date


def test_filing_stores_the_clocks_due_date(objection_x):
    assert objection_x.due_date == objection_x.clock.due_date == D(2026, 10, 16)
    assert stored(objection_x) == D(2026, 10, 16)


def test_pause_and_resume_move_the_stored_due_date(cast, objection_x):
    workdays.clock_pause(clock=objection_x.clock, actor=cast.office, reason="等待函复", today=D(2026, 9, 29))
    assert stored(objection_x) == D(2026, 10, 16)  # a pause does not move the date
    workdays.clock_resume(clock=objection_x.clock, actor=cast.office, reason="已函复", today=D(2026, 10, 9))
    assert stored(objection_x) == clock_due(objection_x) > D(2026, 10, 16)  # later by the working days paused


def test_an_extension_moves_the_stored_due_date(cast, objection_x):
    services.objection_clock_extend(objection=objection_x, actor=cast.office, reason="需调取档案", days=3)
    assert stored(objection_x) == clock_due(objection_x) == D(2026, 10, 21)


def test_the_offices_period_stores_the_new_clocks_due_date(cast, objection_x):
    objection = services.objection_set_period(objection=objection_x, actor=cast.office,
                                              policy_key="objection_answer_provincial_verify",
                                              reason="需区人社局核实处分决定", today=D(2026, 9, 29))
    assert objection.due_date == stored(objection) == clock_due(objection) == D(2026, 10, 13)


def test_a_calendar_revision_moves_the_stored_due_date(cast, sanction_x, penalty_b):
    late = file_objection(sanction_x, cast.user_x, today=D(2026, 12, 24))
    other = file_objection(penalty_b, cast.clerk_b, today=D(2026, 12, 24), reason="处罚对象认定错误")
    assert stored(late) == stored(other) == D(2027, 1, 7)  # provisional: weekends only
    with CaptureQueriesContext(connection) as queries:
        workdays.calendar_year_save(year=2027, status="official", source_notice="国务院办公厅通知（2027）",
                                    exceptions=[(D(2027, 1, 1), "holiday", "元旦")], actor=cast.office,
                                    today=D(2026, 12, 28))
    assert stored(late) == stored(other) == clock_due(late) == D(2027, 1, 8)
    writes = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "objections_objection"')]
    assert len(writes) == 1  # one statement per distinct new date, not one per objection


def mixed_objections(cast):
    """Objections due on different days, two due the same day (filed_at decides), one without a clock."""
    filed = [D(2026, 9, 28), D(2026, 3, 2), D(2026, 6, 1), D(2026, 6, 1), D(2026, 5, 6)]
    objections = []
    for n, day in enumerate(filed):
        record = published_penalty(cast, decision_number=f"莱市监罚〔2026〕{20 + n}号", decision_date=D(2026, 3, 2))
        objections.append(file_objection(record, cast.clerk_b, today=day))
    services.objection_withdraw(objection=objections[2], actor=cast.clerk_b, reason="不再异议")
    Objection.objects.filter(pk=objections[4].pk).update(clock=None, due_date=None)
    return objections


def test_the_list_keeps_the_order_the_clock_join_gave(cast):
    mixed_objections(cast)
    expected = list(Objection.objects.order_by("clock__due_date", "-filed_at", "pk").values_list("pk", flat=True))
    for user in (cast.office, cast.clerk_a, cast.clerk_b):
        listed = list(objection_list(user).values_list("pk", flat=True))
        assert listed == [pk for pk in expected if pk in set(listed)]
    assert len(list(objection_list(cast.office))) == 5


def test_the_list_and_its_due_filters_use_the_stored_column(cast):
    objections = mixed_objections(cast)
    assert objection_list(cast.office).query.order_by == ("due_date", "-filed_at", "pk")
    data = {"due_from": "2026-03-10", "due_to": "2026-06-30"}
    filtered = ObjectionFilterSet(data, queryset=objection_list(cast.office)).qs
    where = str(filtered.query).split(" WHERE ")[1]
    assert '"objections_objection"."due_date" >=' in where and "workdays_clock" not in where
    expected = {o.pk for o in objections if o.pk != objections[4].pk
                and D(2026, 3, 10) <= clock_due(o) <= D(2026, 6, 30)}
    assert {o.pk for o in filtered} == expected and len(expected) == 3


def test_the_migration_backfills_the_due_date_from_the_clock(cast):
    objections = mixed_objections(cast)
    Objection.objects.update(due_date=None)
    migration = importlib.import_module("objections.migrations.0007_objection_due_date")
    migration.backfill_due_date(apps, SimpleNamespace(connection=connection))  # its PostgreSQL branch there
    for objection in objections[:4]:
        assert stored(objection) == clock_due(objection)
    assert stored(objections[4]) is None
