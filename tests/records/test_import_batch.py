"""The batch path of the Excel import (``records_prepare`` + ``records_create_bulk``) against ``record_create``:
the same rows, the same errors, a constant number of queries, a ledger that still verifies."""
import datetime
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from accounts.ledger import ledger_seal_all, ledger_verify
from records import imports
from records.choices import PERSON_ONLY_KINDS, UNIT_ONLY_KINDS, RecordKind
from records.models import CreditRecord, RecordEvent
from records.services import record_create, records_create_bulk, records_prepare
from records.services.credit import _RECORD_CHECKS
from workdays.models import Clock, ClockEvent

pytestmark = pytest.mark.django_db

PENALTY = RecordKind.ADMINISTRATIVE_PENALTY


def past(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def import_rows(kind: str, cast, n: int) -> list[imports.ImportRow]:
    """n rows of a kind, filled from its template columns; subjects alternate between units and a person."""
    rows = []
    for i in range(n):
        person = kind in PERSON_ONLY_KINDS or (kind not in UNIT_ONLY_KINDS and i % 3 == 2)
        unit = (cast.unit_a, cast.unit_b)[i % 2]
        values = {}
        for column in imports.columns_for(kind):
            if column.key == "subject_type":
                values[column.key] = "公务员" if person else "单位"
            elif column.key == "subject_unit":
                values[column.key] = None if person else unit.code
            elif column.key == "civil_servant":
                values[column.key] = cast.servant_x.id_number if person else None
            elif column.key == "subject_name":
                values[column.key] = cast.servant_x.name if person else unit.name
            elif column.type == "date":
                values[column.key] = past(30 + i % 7) if column.key != "act_end" else past(20)
            elif column.type == "uscc":
                values[column.key] = unit.code
            elif column.type == "choice":
                values[column.key] = column.choices[i % len(column.choices)] if column.key != "severity" else "一般"
            elif column.type in ("decimal", "int"):
                values[column.key] = 3 + i
            else:
                values[column.key] = f"{column.label}{i}"
        rows.append(imports.ImportRow(i + 2, values))
    return rows


def row_fields(kind, rows, actor) -> list[dict]:
    columns, subjects = imports.columns_for(kind), imports._Subjects(rows, actor)
    read = [imports._row_fields(row, kind, columns, subjects) for row in rows]
    assert not [problems for _fields, problems in read if problems]
    return [fields for fields, _problems in read]


class _Undo(Exception):
    pass


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if not model._meta.proxy and model._meta.managed}


def _written(create) -> dict:
    """What ``create()`` writes, without ids and times (ids of records and clocks become their positions); undone."""
    try:
        with transaction.atomic():
            before = _counts()
            create()
            grown = {label: n - before[label] for label, n in _counts().items() if n != before[label]}
            records = list(CreditRecord.objects.order_by("id").values())
            position = {r["id"]: i for i, r in enumerate(records)}
            clocks = list(Clock.objects.filter(object_id__in=position).order_by("object_id").values())
            clock_position = {c["id"]: position[c["object_id"]] for c in clocks}
            written = {
                "counts": grown,
                "records": [_without(r, "id", "created_at", "updated_at") for r in records],
                "events": sorted((position[e["record_id"]], repr(_without(e, "id", "at", "record_id")))
                                 for e in RecordEvent.objects.filter(record_id__in=position).values()),
                "clocks": [(position[c["object_id"]], _without(c, "id", "object_id", "created_at")) for c in clocks],
                "clock_events": sorted((clock_position[e["clock_id"]], repr(_without(e, "id", "at", "clock_id")))
                                       for e in ClockEvent.objects.filter(clock_id__in=clock_position).values()),
            }
            raise _Undo
    except _Undo:
        pass
    return written


def _without(row: dict, *names) -> dict:
    return {k: v for k, v in row.items() if k not in names}


@pytest.mark.parametrize("kind", [PENALTY, RecordKind.GOVERNMENT_SANCTION, RecordKind.INTEGRITY_TRAINING])
def test_the_batch_path_writes_the_same_rows_as_record_create_one_by_one(cast, kind):
    rows = import_rows(kind, cast, 9)
    actor, provider, today = cast.clerk_a, cast.unit_a, timezone.localdate()

    def one_by_one():
        for fields in row_fields(kind, rows, actor):
            record_create(actor=actor, provider=provider, today=today, **fields)

    def in_bulk():
        checked = records_prepare(actor=actor, provider=provider, today=today, rows=row_fields(kind, rows, actor))
        assert not [r for r in checked if isinstance(r, ValidationError)]
        records_create_bulk(actor=actor, records=checked, today=today)

    single, batch = _written(one_by_one), _written(in_bulk)
    assert single["counts"]["records.CreditRecord"] == 9
    assert bool(single["clocks"]) == (kind == PENALTY)
    for part in ("counts", "records", "events", "clocks", "clock_events"):
        assert batch[part] == single[part], part
    assert not CreditRecord.objects.exists()  # both undone


@pytest.mark.parametrize("change", [
    {"decision_date": past(-3)},                                   # a future date
    {"act_start": past(5), "act_end": past(9)},                    # ends before it starts
    {"severity": ""},                                              # a dishonesty record without a severity
    {"sanction_type": "warning"},                                  # a sanction type on a penalty
    {"title": "长" * 201},                                         # longer than the column
    {"title": ""},                                                 # a required field
    {"subject_type": "alien"},                                     # not a choice: the constraint is skipped
    {"subject_type": "unit", "subject_unit": None},                # the subject does not match its type
    {"details": {"penalty_type": "打板子"}},                        # a detail outside its choices
])
def test_a_bad_row_gets_the_errors_record_create_gives(cast, change):
    actor, provider = cast.clerk_a, cast.unit_a
    fields = {**row_fields(PENALTY, import_rows(PENALTY, cast, 1), actor)[0], **change}
    with pytest.raises(ValidationError) as single:
        record_create(actor=actor, provider=provider, **fields)
    [batch] = records_prepare(actor=actor, provider=provider, rows=[fields])
    assert isinstance(batch, ValidationError)
    assert batch.message_dict == single.value.message_dict


def test_the_python_twins_of_the_record_constraints_agree_with_the_database(cast):
    assert set(_RECORD_CHECKS) == {c.name for c in CreditRecord._meta.constraints}
    day = past(10)
    cases = []
    for subject_type in ("person", "unit"):
        for servant in (None, cast.servant_x):
            for unit in (None, cast.unit_a):
                cases.append({"subject_type": subject_type, "civil_servant": servant, "subject_unit": unit})
    for start, end in ((None, day), (day, None), (day, day), (day, past(11)), (past(11), day)):
        cases.append({"act_start": start, "act_end": end, "window_start": start, "window_end": end})
    for case in cases:
        record = CreditRecord(**{"subject_type": "unit", "subject_unit": cast.unit_a, **case})
        for constraint in CreditRecord._meta.constraints:
            try:
                constraint.validate(CreditRecord, record)
                in_database = True
            except ValidationError:
                in_database = False
            assert _RECORD_CHECKS[constraint.name][1](record) == in_database, (constraint.name, case)


def _workbook(rows: list[imports.ImportRow], kind=PENALTY) -> bytes:
    columns = imports.columns_for(kind)
    book = Workbook()
    sheet = book.active
    sheet.append([c.label for c in columns])
    for row in rows:
        sheet.append([row.values.get(c.key) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import_queries(cast, n: int) -> int:
    job = imports.import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="a.xlsx",
                                file_bytes=_workbook(import_rows(PENALTY, cast, n)))
    assert job.status == "ready"
    with CaptureQueriesContext(connection) as queries:
        job = imports.import_start(job=job, actor=cast.clerk_a)
    assert (job.status, job.created_count) == ("done", n)
    return len(queries)


def test_an_import_costs_the_same_queries_for_3_rows_and_for_30(cast):
    assert _import_queries(cast, 3) == _import_queries(cast, 30)


def test_the_ledger_seals_a_batch_import_and_its_chain_verifies(cast):
    job = imports.import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="a.xlsx",
                                file_bytes=_workbook(import_rows(PENALTY, cast, 12)))
    job = imports.import_start(job=job, actor=cast.clerk_a)
    assert job.created_count == 12
    ledger_seal_all()
    result = ledger_verify(heads=[])
    assert result.ok and result.unsealed == 0, result.problems()
    assert result.entries >= 24  # a create event and a clock start event per record, at least


def test_without_a_current_reporting_rule_each_penalty_row_gets_the_error_record_create_gives(cast):
    from workdays.models import Policy

    Policy.objects.filter(key="dual_publication_reporting").update(is_current=False)
    actor, provider = cast.clerk_a, cast.unit_a
    [fields] = row_fields(PENALTY, import_rows(PENALTY, cast, 1), actor)
    with pytest.raises(ValidationError) as single:
        record_create(actor=actor, provider=provider, **fields)
    batch = records_prepare(actor=actor, provider=provider, rows=[fields, fields])
    assert [b.message_dict for b in batch] == [single.value.message_dict] * 2
    assert "policy_key" in single.value.message_dict


def test_bulk_clocks_refuse_a_subject_that_already_has_an_open_clock(cast):
    from integrity_portal.errors import TransitionNotAllowed
    from workdays.services import clock_start, clocks_start_bulk

    actor, provider = cast.clerk_a, cast.unit_a
    [first, second] = records_create_bulk(actor=actor, records=records_prepare(
        actor=actor, provider=provider, rows=row_fields(RecordKind.INTEGRITY_TRAINING,
                                                        import_rows(RecordKind.INTEGRITY_TRAINING, cast, 2), actor)))
    clock_start(subject=second, purpose="test", policy_key="dual_publication_reporting", start_date=past(1))
    with pytest.raises(TransitionNotAllowed):
        clocks_start_bulk(starts=[(first, past(1)), (second, past(1))], purpose="test",
                          policy_key="dual_publication_reporting")
    assert Clock.objects.filter(purpose="test").count() == 1
