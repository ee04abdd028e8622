"""The objection keeps what its lists and the office's statistics need from its record (issue 18): the providing
unit and the record's kind, copied when it is filed (neither changes on a published record: a correction keeps
the subject, the kind and the provider). The list's provider and kind filters and the per-unit statistics read
those columns, so PostgreSQL no longer joins every record (and every clock) to answer them; what they show
stays what the joins gave."""
import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from objections import services
from objections.filtersets import ObjectionFilterSet
from objections.models import Objection
from objections.selectors import objection_list, unit_statistics
from records import services as records
from workdays.models import Clock

from .conftest import file_objection, published_penalty, published_sanction

D = datetime.date
pytestmark = pytest.mark.django_db


def seeded(cast):
    """Unit A provides a sanction (open, overdue), a penalty (rejected in 4 working days) and a withdrawn one;
    the audit office provides a penalty answered late (upheld) and an open one."""
    sanction = file_objection(published_sanction(cast), cast.user_x)
    Clock.objects.filter(pk=sanction.clock_id).update(state="overdue")
    rejected = file_objection(published_penalty(cast, decision_number="莱市监罚〔2026〕31号"), cast.clerk_b)
    services.objection_review(objection=rejected, actor=cast.clerk_a)
    services.objection_decide(objection=rejected, actor=cast.clerk_a, outcome="rejected", reason="无误",
                              today=D(2026, 10, 9))
    withdrawn = file_objection(published_penalty(cast, decision_number="莱市监罚〔2026〕32号"), cast.clerk_b)
    services.objection_withdraw(objection=withdrawn, actor=cast.clerk_b, reason="不再异议")
    late = file_objection(published_penalty(cast, provider=cast.audit, decision_number="莱审罚〔2026〕1号"),
                          cast.clerk_b)
    Objection.objects.filter(pk=late.pk).update(state="upheld", decision_reason="有误", answered_on_time=False,
                                                working_days_taken=15, decided_on=D(2026, 11, 2))
    open_b = file_objection(published_penalty(cast, provider=cast.audit, decision_number="莱审罚〔2026〕2号"),
                            cast.clerk_b)
    return {"sanction": sanction, "rejected": rejected, "withdrawn": withdrawn, "late": late, "open_b": open_b}


def test_filing_copies_the_records_provider_and_kind(cast):
    objections = seeded(cast)
    for objection in Objection.objects.select_related("record"):
        assert (objection.provider_id, objection.record_kind) == (objection.record.provider_id,
                                                                   objection.record.kind)
    assert objections["late"].provider_id == cast.audit.pk
    assert Objection.objects.get(pk=objections["sanction"].pk).record_kind == "government_sanction"


def test_a_correction_keeps_the_copy_true(cast):
    objection = seeded(cast)["open_b"]
    records.record_correct(record=objection.record, actor=cast.clerk_a, reason="文号更正",
                           decision_number="莱审罚〔2026〕2号之一")
    objection.record.refresh_from_db()
    stored = Objection.objects.values_list("provider_id", "record_kind").get(pk=objection.pk)
    assert stored == (objection.record.provider_id, objection.record.kind)


def test_the_unit_statistics_stay_what_the_joins_gave(cast):
    seeded(cast)
    assert unit_statistics() == [
        {"unit_id": cast.unit_a.pk, "unit": cast.unit_a.name, "count": 3, "open": 1, "overdue": 1, "answered": 1,
         "on_time": 1, "median_days": 4, "on_time_percent": 100.0},
        {"unit_id": cast.audit.pk, "unit": cast.audit.name, "count": 2, "open": 1, "overdue": 0, "answered": 1,
         "on_time": 0, "median_days": 15, "on_time_percent": 0.0},
    ]
    assert unit_statistics(Objection.objects.filter(provider=cast.audit))[0]["count"] == 2


@pytest.mark.parametrize("params, expected", [
    ({"provider": "audit"}, {"late", "open_b"}),
    ({"provider": "unit_a"}, {"sanction", "rejected", "withdrawn"}),
    ({"kind": "administrative_penalty"}, {"rejected", "withdrawn", "late", "open_b"}),
    ({"kind": "government_sanction"}, {"sanction"}),
    ({"unit": "audit"}, {"late", "open_b"}),
    ({"unit": "unit_b"}, {"rejected", "withdrawn", "late", "open_b"}),
])
def test_the_filters_give_what_the_joins_gave(cast, params, expected):
    objections = seeded(cast)
    data = {name: (getattr(cast, value).pk if name in {"provider", "unit"} else value)
            for name, value in params.items()}
    filtered = ObjectionFilterSet(data, queryset=objection_list(cast.office)).qs
    assert {o.pk for o in filtered} == {objections[name].pk for name in expected}


def test_the_provider_and_kind_filters_do_not_join_the_record(cast):
    seeded(cast)
    for data in ({"provider": cast.audit.pk}, {"kind": "administrative_penalty"}):
        filtered = ObjectionFilterSet(data, queryset=objection_list(cast.office)).qs
        where = str(filtered.query).split(" WHERE ")[1]
        assert "records_creditrecord" not in where, where


def test_the_overview_statistics_join_neither_records_nor_every_clock(client, cast):
    """Fails before the change: the statistics grouped every objection joined with its record and clock."""
    seeded(cast)
    client.force_login(cast.office)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("objections:office_overview")).status_code == 200
    grouped = [q["sql"] for q in ctx.captured_queries
               if "GROUP BY" in q["sql"] and '"objections_objection"' in q["sql"]]
    assert grouped
    for sql in grouped:
        assert "records_creditrecord" not in sql, sql
        # The clock is read only for the open objections (the overdue count), never for every objection.
        assert "workdays_clock" not in sql or '"objections_objection"."state" IN' in sql.split(" WHERE ")[1], sql


def test_the_migration_backfills_provider_and_kind(cast):
    objections = seeded(cast)
    migration = importlib.import_module("objections.migrations.0008_objection_provider_kind")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE objections_objection SET record_kind = '', provider_id = %s", [cast.office_unit.pk])
    migration.backfill_provider_kind(apps, SimpleNamespace(connection=connection))
    for objection in objections.values():
        assert Objection.objects.values_list("provider_id", "record_kind").get(pk=objection.pk) == (
            objection.record.provider_id, objection.record.kind)
