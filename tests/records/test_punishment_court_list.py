"""The court's 失信被执行人 list inbound, restriction flags from listing to delisting,
and the zero-stock / zero-increment status kept per period."""
import datetime
import io

import pytest
from django.test import override_settings
from openpyxl import Workbook

from records import court_list, services
from records.choices import RecordKind, RecordStatus
from records.models import CourtListImport, CreditRecord, RestrictionFlag, ZeroStatusSnapshot
from records.selectors_punishment import flags_active, zero_status_live
from records.services import punishment
from records.tasks_punishment import fetch_court_list, refresh_zero_status, sync_restriction_flags
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db

D = datetime.date
HEADERS = [label for _key, label, _type, _required in court_list.COURT_COLUMNS]


def court_row(unit=None, *, name=None, code=None, case_number="（2026）鲁0116执100号", published=D(2026, 2, 1),
              delisted=None, **over) -> dict:
    row = {
        "被执行人名称": name or (unit.name if unit else "某某有限公司"), "统一社会信用代码": code or (unit.code if unit else ""),
        "法定代表人": "王某", "执行依据文号": "（2025）鲁0116民初88号", "案号": case_number, "立案时间": "2025-12-01",
        "执行法院": "济南市莱芜区人民法院", "生效法律文书确定的义务": "支付工程款86万元", "履行情况": "全部未履行",
        "失信行为具体情形": "有履行能力而拒不履行生效法律文书确定义务", "发布时间": published.isoformat(),
        "撤销日期": delisted.isoformat() if delisted else None,
    }
    row.update(over)
    return row


def workbook(rows, headers=None) -> bytes:
    headers = headers or HEADERS
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(label) for label in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(cast, rows, headers=None, today=D(2026, 3, 10)):
    return court_list.court_list_import(actor=cast.office, name="名单.xlsx", file_bytes=workbook(rows, headers),
                                        today=today)


def listing(cast, unit=None, published=D(2026, 2, 1), case_number="（2026）鲁0116执100号"):
    """A confirmed (published) listing of ``unit`` as the office would have after confirming an import draft."""
    job = run_import(cast, [court_row(unit or cast.unit_b, published=published, case_number=case_number)])
    record = job.entries.get().record
    return services.record_publish(record=record, actor=cast.office, today=published + datetime.timedelta(days=3))


# --- the court file -----------------------------------------------------------------------------

def test_matches_by_code_then_name_become_drafts_and_unmatched_rows_are_listed(cast):
    rows = [court_row(cast.unit_a), court_row(name=cast.unit_b.name, code="", case_number="（2026）鲁0116执101号"),
            court_row(name="莱芜某某建设有限公司", code=make_uscc(category="91"), case_number="（2026）鲁0116执102号")]
    job = run_import(cast, rows)
    assert (job.status, job.total_rows, job.matched_rows, job.created_count) == ("done", 3, 2, 1 + 1)
    entries = {e.row_number: e for e in job.entries.all()}
    assert (entries[2].unit, entries[2].matched_by, entries[2].outcome) == (cast.unit_a, "code", "created")
    assert (entries[3].unit, entries[3].matched_by) == (cast.unit_b, "name")
    assert (entries[4].unit, entries[4].outcome) == (None, "unmatched")
    record = entries[2].record
    assert (record.status, record.kind, record.subject_unit, record.provider) == (
        RecordStatus.DRAFT, RecordKind.JUDGMENT_DEFAULTER, cast.unit_a, cast.office.unit)
    assert record.details["case_number"] == "（2026）鲁0116执100号"
    assert record.details["enforcement_basis_body"] == "济南市莱芜区人民法院"
    assert not RestrictionFlag.objects.exists()  # drafts carry no flags until the office confirms


def test_importing_the_same_file_twice_creates_nothing_twice(cast):
    rows = [court_row(cast.unit_a)]
    run_import(cast, rows)
    again = run_import(cast, rows)
    assert again.entries.get().outcome == "unchanged"
    assert CreditRecord.objects.filter(kind=RecordKind.JUDGMENT_DEFAULTER).count() == 1


@pytest.mark.parametrize("headers, rows, message", [
    (HEADERS + ["备注栏"], [{}], "备注栏"),
    ([h for h in HEADERS if h != "案号"], [{}], "案号"),
])
def test_a_file_with_unknown_or_missing_columns_imports_nothing(cast, headers, rows, message):
    job = run_import(cast, [court_row(cast.unit_a)], headers=headers)
    assert job.status == "failed" and message in job.errors[0]["message"]
    assert not CreditRecord.objects.exists() and not job.entries.exists()


def test_bad_codes_and_bad_cells_are_row_errors_and_nothing_is_imported(cast):
    good = court_row(cast.unit_a)
    bad_code = court_row(cast.unit_b, code=cast.unit_b.code[:-1] + ("0" if cast.unit_b.code[-1] != "0" else "1"),
                         case_number="X-2")
    bad_cells = court_row(cast.unit_b, case_number="X-3", 履行情况="不知道", 发布时间="2026-13-40", 案号="")
    job = run_import(cast, [good, bad_code, bad_cells])
    assert job.status == "failed"
    located = {(e["row"], e["column"]) for e in job.errors}
    assert {(3, "统一社会信用代码"), (4, "履行情况"), (4, "发布时间"), (4, "案号")} <= located
    assert not CreditRecord.objects.exists() and not CourtListImport.objects.get(pk=job.pk).entries.exists()


def test_a_delisting_date_ends_a_confirmed_listing_and_its_flags(cast):
    record = listing(cast)
    punishment.punishment_record_changed(record=record, today=D(2026, 2, 4))
    assert flags_active(cast.unit_b, D(2026, 3, 1)).count() == 4
    job = run_import(cast, [court_row(cast.unit_b, delisted=D(2026, 3, 5))])
    assert (job.entries.get().outcome, job.delisted_count) == ("delisted", 1)
    record.refresh_from_db()
    assert (record.version, record.window_end, record.details["delisting_date"]) == (2, D(2026, 3, 5), "2026-03-05")
    assert set(RestrictionFlag.objects.values_list("until", flat=True)) == {D(2026, 3, 5)}
    assert flags_active(cast.unit_b, D(2026, 3, 5)).count() == 4
    assert not flags_active(cast.unit_b, D(2026, 3, 6)).exists()


def test_the_scheduled_fetch_runs_only_where_an_endpoint_is_configured(cast, monkeypatch):
    assert fetch_court_list() == "skipped"
    data = workbook([court_row(cast.unit_a)])

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(court_list.urllib.request, "urlopen", lambda url, timeout: Response(data))
    with override_settings(COURT_LIST_URL="https://court.example/list.xlsx"):
        result = fetch_court_list()
    job = CourtListImport.objects.get()
    assert result == f"done:{job.pk}" and job.source == "fetch" and job.created_count == 1


# --- restriction flags ------------------------------------------------------------------------------

def test_flags_follow_the_listing_from_publication_and_syncing_twice_changes_nothing(cast):
    record = listing(cast)
    punishment.flags_sync_for_unit(cast.unit_b, today=D(2026, 2, 4))  # (publishing runs it too once wired)
    assert RestrictionFlag.objects.count() == 4
    assert punishment.flags_sync_for_unit(cast.unit_b, today=D(2026, 2, 4)) == 0
    flags = {f.kind: f for f in RestrictionFlag.objects.all()}
    assert set(flags) == {"subsidies", "financing", "investment_approval", "allocations"}
    flag = flags["allocations"]
    assert (flag.since, flag.until, flag.source_record) == (D(2026, 2, 1), None, record)
    assert "第六条" in flag.reason and "（2026）鲁0116执100号" in flag.reason
    assert flag.get_kind_display() == "除工资及民生保障外停止一切其他财政拨款"
    assert sync_restriction_flags() == 0


def test_a_revoked_listing_ends_its_flags(cast):
    record = listing(cast)
    punishment.flags_sync_for_unit(cast.unit_b, today=D(2026, 2, 4))
    services.record_revoke(record=record, actor=cast.office, reason="法院裁定撤销")
    punishment.punishment_record_changed(record=record, today=D(2026, 3, 1))
    assert set(RestrictionFlag.objects.values_list("until", flat=True)) == {D(2026, 2, 28)}
    assert not flags_active(cast.unit_b, D(2026, 3, 1)).exists()


def test_a_draft_listing_has_no_flags(cast):
    run_import(cast, [court_row(cast.unit_a)])
    assert punishment.flags_sync_for_unit(cast.unit_a) == 0


# --- zero stock / zero increment ----------------------------------------------------------------------

def test_zero_stock_and_zero_increment_per_period_kept_over_time(cast):
    assert punishment.zero_status_compute(period="2026Q1", today=D(2026, 3, 31)).zero_stock
    record = listing(cast, published=D(2026, 2, 1))
    q1 = punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 2))
    assert (q1.stock_count, q1.increment_count, q1.is_final) == (1, 1, True)
    assert q1.stock_units[0]["name"] == cast.unit_b.name
    services.record_correct(record=record, actor=cast.office, reason="法院撤销失信",
                            details={**record.details, "delisting_date": "2026-05-10"})
    q2 = punishment.zero_status_compute(period="2026Q2", today=D(2026, 7, 1))
    assert (q2.zero_stock, q2.zero_increment) == (True, True)
    may = punishment.zero_status_compute(period="2026-05", today=D(2026, 5, 5))
    assert (may.stock_count, may.increment_count, may.is_final) == (1, 0, False)
    year = zero_status_live(period="2026", today=D(2026, 7, 1))  # counted, not stored
    assert (year.increment_count, year.pk) == (1, None)
    assert set(ZeroStatusSnapshot.objects.values_list("period", flat=True)) == {"2026Q1", "2026Q2", "2026-05"}
    assert ZeroStatusSnapshot.objects.get(period="2026Q1").stock_count == 1  # a finished period keeps its count


def test_the_daily_job_computes_the_current_periods(cast):
    periods = refresh_zero_status()
    assert len(periods) == 3 and ZeroStatusSnapshot.objects.count() == 3


def test_the_daily_job_stores_each_period_once_and_a_second_run_writes_nothing(cast):
    listing(cast, published=D(2026, 2, 1))
    assert punishment.zero_status_refresh(today=D(2026, 2, 10)) == ["2026", "2026-02", "2026Q1"]
    first = {s.period: (s.pk, s.computed_at, s.stock_count) for s in ZeroStatusSnapshot.objects.all()}
    assert punishment.zero_status_refresh(today=D(2026, 2, 10)) == ["2026", "2026-02", "2026Q1"]
    assert {s.period: (s.pk, s.computed_at, s.stock_count) for s in ZeroStatusSnapshot.objects.all()} == first
    assert first["2026Q1"][2] == 1


def test_the_daily_job_brings_an_open_period_up_to_date_until_it_ends(cast):
    punishment.zero_status_refresh(today=D(2026, 3, 4))
    assert ZeroStatusSnapshot.objects.get(period="2026Q1").zero_stock
    listing(cast, published=D(2026, 3, 5))
    punishment.zero_status_refresh(today=D(2026, 4, 1))  # the first day of Q2 finishes Q1 and March
    q1 = ZeroStatusSnapshot.objects.get(period="2026Q1")
    assert (q1.as_of, q1.stock_count, q1.increment_count, q1.is_final) == (D(2026, 3, 31), 1, 1, True)
    assert ZeroStatusSnapshot.objects.filter(period="2026Q1").count() == 1
    assert set(ZeroStatusSnapshot.objects.values_list("period", flat=True)) == {
        "2026", "2026-03", "2026Q1", "2026-04", "2026Q2"}


def test_the_daily_job_is_scheduled_by_beat():
    from django_celery_beat.models import PeriodicTask

    job = PeriodicTask.objects.get(task="records.refresh_zero_status")
    assert job.enabled and (job.crontab.hour, job.crontab.minute) == ("1", "15")


@pytest.mark.parametrize("period", ["2026Q5", "26", "2026-13", ""])
def test_a_bad_period_is_refused(period):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        punishment.period_bounds(period)
