"""``make bench``: each figure against a baseline measured in the same run on the same data (issue 10).

Run through ``scripts/bench.sh`` (it starts PostgreSQL and Redis as CI does). Environment:
  DATABASE_URL       the server's database; the dataset lives in its own database ``portal_bench_<hash>``
  BENCH_RECORDS, BENCH_SERVANTS, BENCH_UNITS, BENCH_SEED, BENCH_DECISIONS   dataset size (default 1M / 100k / 200 / 1 /
                     as many 双公示 decisions as records)
  BENCH_PERIOD (2025), BENCH_DURATION (10 s per load), BENCH_CONCURRENCY (50), BENCH_WORKERS (4, as docs/operations.md), BENCH_IMPORT_ROWS (1000; the issue's 100000 takes ~20–35 min),
  BENCH_CLOCKS (100000), BENCH_ONLY (comma list: broker,evaluation,web,file,import,clocks,search,lists,admin; broker alone
                     needs no database: bench/broker.py),
  BENCH_LISTS (comma list of url-name parts: only those lists, e.g. objections:,public:)
Prints one line per measure: the figure, the baseline, the ratio, the goal and PASS/MISS; then EXPLAIN of every
list page × filter and the Chinese search (bench/lists.py). Results also go to var/bench/results.json (and
results-<database>.json, one per dataset). Exits 1 when a goal is missed.
"""
import datetime
import io
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS: list[dict] = []


def say(text: str = "") -> None:
    print(text, flush=True)


def line(name: str, value: str, baseline: str, ratio: float | None, goal: str, ok: bool | None) -> None:
    verdict = "INFO" if ok is None else ("PASS" if ok else "MISS")
    shown = "—" if ratio is None else f"{ratio:.2f}×"
    say(f"{name:<44} {value:<34} baseline {baseline:<30} ratio {shown:<8} goal {goal:<10} {verdict}")
    RESULTS.append({"measure": name, "value": value, "baseline": baseline, "ratio": ratio, "goal": goal,
                    "verdict": verdict})


# --- the database -------------------------------------------------------------------------------------

def prepare_database() -> dict:
    from bench.dataset import db_name, params

    p = params()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("bench: DATABASE_URL must point at PostgreSQL (scripts/bench.sh starts one)")
    import psycopg

    name = db_name(p)
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    return {**p, "database": name}


def setup_django(p: dict) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    from bench.dataset import generate_args

    call_command("generate_scale", *generate_args(p))
    say(f"dataset ready in {time.monotonic() - started:.0f}s (migrate + generate or reuse)")
    nightly_jobs()


def nightly_jobs() -> None:
    """A dataset made on an earlier day is brought to today as the server's nightly jobs would have: what has come
    to the end of its window since leaves public view (the lists measure the database the portal keeps)."""
    from decisions.services import decisions_expire
    from records.services import records_expire

    started = time.monotonic()
    records, decisions = records_expire(), decisions_expire()
    say(f"nightly expiry since the dataset was made: {records} records, {decisions} decisions, "
        f"{time.monotonic() - started:.0f}s")


def dataset_info() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT counts, seconds FROM bench_dataset ORDER BY created_at DESC LIMIT 1")
        counts, seconds = cursor.fetchone()
    return {**json.loads(counts), "generation_seconds": round(seconds)}


# --- 1. evaluation vs hand-written SQL ----------------------------------------------------------------

TRIES = 3  # evaluation: each side runs this many times, the best counts


def evaluation_sql(run, tries: int = 1) -> tuple[dict, list[float]]:
    """The values of bench/sql/indicators.sql for ``run``'s period and units ({(unit, key): value}), run ``tries``
    times, and the time of each run."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from decisions.models import Decision
    from evaluation.services.runs import _evaluated_units

    sql = (ROOT / "bench" / "sql" / "indicators.sql").read_text()
    params = {"start": run.period.start, "end": run.period.end, "as_of": run.as_of, "units": [u["pk"] for u in _evaluated_units()],
              "period_id": run.period_id, "decision_ct": ContentType.objects.get_for_model(Decision).pk}
    times, rows = [], []
    for _ in range(tries):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        times.append(time.perf_counter() - started)
    return {(unit, key): Decimal(value) for unit, key, value in rows}, times


def evaluation_disagreements(run, expected: dict) -> tuple[list, int]:
    """Where the engine's values of ``run`` and the SQL's differ (and how many values the engine has)."""
    from evaluation.models import IndicatorScore

    got = {(s.score.unit_id, s.indicator_key): s.value
           for s in IndicatorScore.objects.filter(score__run=run).select_related("score")}
    mismatches = []
    for (unit, key), value in got.items():
        want = expected.get((unit, key))
        if (want is None) != (value is None) or (want is not None and Decimal(want) != Decimal(value)):
            mismatches.append((unit, key, value, want))
    return mismatches + [k for k in expected if k not in got], len(got)


def bench_evaluation(period: str) -> None:
    from evaluation.models import Scheme
    from evaluation.periods import parse_period
    from evaluation.services.runs import _evaluated_units, evaluation_run
    from evaluation.services.schemes import scheme_create_default

    span = parse_period(period)
    if not Scheme.objects.filter(year=span.year).exists():
        scheme_create_default(year=span.year)
    engine_times, run = [], None
    for _ in range(TRIES):  # as many tries as the SQL gets below: best of each
        started = time.perf_counter()
        run = evaluation_run(period=period)
        engine_times.append(time.perf_counter() - started)
    units = _evaluated_units()
    expected, sql_times = evaluation_sql(run, TRIES)
    wrong, checked = evaluation_disagreements(run, expected)
    if wrong:
        say(f"evaluation: engine and hand-written SQL DISAGREE on {len(wrong)} values, e.g. {wrong[:5]}")
        raise SystemExit(1)
    engine, base = min(engine_times), min(sql_times)
    line(f"evaluation run {period} ({len(units)} units)", f"{engine:.2f}s (best of {TRIES})", f"SQL {base:.2f}s",
         engine / base, "≤ 1.2×", engine / base <= 1.2)
    say(f"  values checked: {checked} (unit, indicator) pairs agree with bench/sql/indicators.sql")


# --- 2. web throughput under concurrent clients: bench/web.py ---------------------------------------------

def _queries(path: str, user=None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm caches the way a running server has them
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


# --- 3. a civil servant's file -------------------------------------------------------------------------

def _servant_user(servant):
    from django.contrib.auth.models import Group

    from accounts.choices import Role
    from accounts.models import User

    user, _created = User.objects.get_or_create(username=f"bench_servant_{servant.pk}",
                                                defaults={"civil_servant": servant, "full_name": servant.name})
    user.groups.add(Group.objects.get_or_create(name=Role.CIVIL_SERVANT)[0])
    return User.objects.get(pk=user.pk)


def _viewed_by_staff(servant) -> None:
    """Like with like: the heavy file has been read by staff (the record lists log each servant they show), so its
    page lists who read it; the small file gets one logged reading too, or it would save that one query."""
    from accounts.models import User
    from records.models import FileAccess
    from records.selectors import log_personal_views

    if not FileAccess.objects.filter(civil_servant=servant).exists():
        office, _created = User.objects.get_or_create(username="bench_office", defaults={"is_superuser": True,
                                                                                       "is_staff": True})
        log_personal_views(viewer=office, records=list(servant.credit_records.all()[:1]), channel="html")


FILE_P95_GOAL_MS = {"HTML": 150}  # issue 18: the servant's file in HTML, p95 ≤ 150 ms; queries constant (both)


def bench_file() -> None:
    from django.db.models import Count
    from django.test import Client

    from records.models import CivilServant

    heavy = CivilServant.objects.annotate(n=Count("credit_records")).order_by("-n").first()
    light = CivilServant.objects.annotate(n=Count("credit_records")).filter(n__gte=1, n__lte=10).first()
    _viewed_by_staff(light)
    for path, label in (("/workspace/me/", "HTML"), ("/api/v1/me/file/", "API")):
        q_heavy, q_light = _queries(path, _servant_user(heavy)), _queries(path, _servant_user(light))
        client = Client()
        client.force_login(_servant_user(heavy))
        times = []
        for _ in range(25):
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append(time.perf_counter() - started)
        p95 = statistics.quantiles(times, n=20)[-1] * 1000
        p50 = statistics.median(times) * 1000
        goal_ms = FILE_P95_GOAL_MS.get(label)
        ok = q_heavy <= q_light and (goal_ms is None or p95 <= goal_ms)
        line(f"servant file {label} ({heavy.n} records)", f"q={q_heavy} p50 {p50:.0f}ms p95 {p95:.0f}ms",
             f"q={q_light} with {light.n} records", q_heavy / q_light,
             "q const" if goal_ms is None else f"p95≤{goal_ms}ms, q const", ok)


# --- 4. Excel import vs bulk_create --------------------------------------------------------------------

def _workbook(kind: str, rows: int, units) -> bytes:
    from openpyxl import Workbook

    from records.imports import columns_for

    columns = columns_for(kind)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    sheet.append([c.label for c in columns])
    day = datetime.date.today() - datetime.timedelta(days=3)
    for i in range(rows):
        unit = units[i % len(units)]
        values = []
        for c in columns:
            if c.key == "subject_type":
                values.append("单位")
            elif c.key == "subject_unit":
                values.append(unit.code)
            elif c.key == "subject_name":
                values.append(unit.name)
            elif c.key == "civil_servant":
                values.append("")
            elif c.key == "severity":
                values.append("一般")
            elif c.key == "act_end" or c.key == "act_start":
                values.append(day.isoformat())
            elif c.type == "date":
                values.append(day.isoformat())
            elif c.type == "uscc":
                values.append(unit.code)
            elif c.type == "choice":
                values.append(c.choices[0] if c.choices else "")
            elif c.type in ("decimal", "int"):
                values.append(100)
            else:
                values.append(f"导入{c.label}{i}")
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Undo(Exception):
    pass


_IMPORT_TABLES = ("records_creditrecord", "records_recordevent", "workdays_clock", "workdays_clockevent")


def _vacuum(tables) -> None:
    """Each half of the import measure is rolled back; its dead rows (and the trigram indexes' pending entries)
    are cleaned up before the next half, so the half that runs second does not pay for the first."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM "{table}"')


def bench_import(rows: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from records.choices import RecordKind, RecordStatus
    from records.imports import _row_fields, _Subjects, columns_for, import_parse, import_run
    from records.models import CreditRecord, ImportJob, ImportStatus, RecordEvent, Unit
    from records.services.credit import DUAL_PUBLICATION_CLOCK
    from workdays.calendar import get_calendar
    from workdays.models import Clock, ClockEvent
    from workdays.services import policy_current

    kind = RecordKind.ADMINISTRATIVE_PENALTY
    units = list(Unit.objects.order_by("pk")[:50])
    data = _workbook(kind, rows, units)
    office, _c = User.objects.get_or_create(username="bench_office", defaults={"is_superuser": True,
                                                                              "is_staff": True})
    provider = units[0]
    engine = None
    _vacuum(_IMPORT_TABLES)
    try:
        with transaction.atomic():
            job = ImportJob(uploader=office, provider=provider, kind=kind, original_name="bench.xlsx",
                            total_rows=rows, status=ImportStatus.IMPORTING)
            job.file.save("bench.xlsx", ContentFile(data), save=False)
            job.save()
            started = time.perf_counter()
            job = import_run(job=job)
            engine = time.perf_counter() - started
            created = job.created_count
            raise _Undo
    except _Undo:
        pass
    if created != rows:
        say(f"import: only {created} of {rows} rows imported: {job.errors[:3]}")
    _vacuum(_IMPORT_TABLES)
    # Baseline: the same file parsed, the same rows (records, history events, clocks and their events) written
    # with bare bulk_create.
    try:
        with transaction.atomic():
            started = time.perf_counter()
            parsed = import_parse(file_bytes=data, kind=kind)
            parse_time = time.perf_counter() - started
            columns, subjects = columns_for(kind), _Subjects(parsed, office)
            cal, policy = get_calendar(), policy_current("dual_publication_reporting")
            ct = ContentType.objects.get_for_model(CreditRecord)
            records = []
            for row in parsed:
                fields, _problems = _row_fields(row, kind, columns, subjects)
                fields.pop("subject_name", None)
                fields["details"] = json.loads(json.dumps(fields.get("details") or {}, default=str))
                records.append(CreditRecord(provider=provider, created_by=office, status=RecordStatus.DRAFT,
                                            **{k: v for k, v in fields.items() if hasattr(CreditRecord, k)}))
            CreditRecord.objects.bulk_create(records, batch_size=2000)
            RecordEvent.objects.bulk_create([RecordEvent(record=r, actor=office, action="create", to_status="draft",
                                                         version=1) for r in records], batch_size=2000)
            today = timezone.localdate()
            clocks = []
            for r in records:
                due = cal.add_period(r.decision_date, policy.value, policy.unit).date
                very = cal.add_period(r.decision_date, 2 * policy.value, policy.unit).date
                clocks.append(Clock(content_type=ct, object_id=r.pk, purpose=DUAL_PUBLICATION_CLOCK, policy=policy,
                                    start_date=r.decision_date, due_date=due, very_overdue_date=max(due, very),
                                    state="overdue" if today > due else "running"))
            Clock.objects.bulk_create(clocks, batch_size=2000)
            ClockEvent.objects.bulk_create([ClockEvent(clock=c, action="start", to_state=c.state,
                                                       new_due=c.due_date) for c in clocks], batch_size=2000)
            base = time.perf_counter() - started
            raise _Undo
    except _Undo:
        pass
    ratio = engine / base
    line(f"Excel import {rows:,} rows (administrative penalty)", f"{engine:.1f}s ({rows / engine:.0f} rows/s)",
         f"bulk_create {base:.1f}s (parse {parse_time:.1f}s)", ratio, "≤ 3×", ratio <= 3)


# --- 5. clocks ----------------------------------------------------------------------------------------

def bench_clocks(n: int) -> None:
    from objections.models import Objection
    from workdays.calendar import get_calendar

    pairs = list(Objection.objects.filter(clock__isnull=False).values_list("filed_on", "clock__due_date")[:n])
    if not pairs:
        say("clocks: no objections in the dataset")
        return
    pairs = (pairs * (n // len(pairs) + 1))[:n]
    started = time.perf_counter()
    cal = get_calendar()  # taken once
    dues = [cal.add_working_days(filed, 10).date for filed, _due in pairs]
    took = time.perf_counter() - started
    wrong = sum(1 for (_f, stored), due in zip(pairs, dues, strict=True) if stored != due)
    started = time.perf_counter()
    plain = [filed + datetime.timedelta(days=14) for filed, _due in pairs]  # the floor: date arithmetic alone
    floor = time.perf_counter() - started
    assert len(plain) == n
    rate = n / took
    line(f"clock due dates, {n:,} objections", f"{took:.2f}s ({rate:,.0f}/s)", f"date+timedelta {floor:.2f}s",
         took / floor, "≥100k/s", rate >= 100_000)
    if wrong:
        say(f"  {wrong} computed due dates differ from the stored ones")


# --- 6. every list × filter, and the Chinese search: bench/lists.py ------------------------------------------

NO_DATASET = {"broker"}  # measures that need neither PostgreSQL nor the dataset


def main() -> None:
    sys.path.insert(0, str(ROOT))
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    started = time.monotonic()

    def want(name: str) -> bool:
        return not only or name in only

    say(f"machine: {os.cpu_count()} cores")
    if want("broker"):
        from bench.broker import bench_broker

        bench_broker(line, say)
    p, info = {}, {}
    if not only or only - NO_DATASET:
        p = prepare_database()
        setup_django(p)
        info = dataset_info()
        say(f"dataset {p['database']}: {json.dumps(info, ensure_ascii=False)}")
        say("PostgreSQL and Redis on loopback")
        say("")

    if want("evaluation"):
        bench_evaluation(os.environ.get("BENCH_PERIOD", "2025"))
    if want("web"):
        from django.db.models import Count

        from bench.web import bench_web
        from records.models import CivilServant

        heavy = CivilServant.objects.annotate(n=Count("credit_records")).order_by("-n").first()
        bench_web(line, say, _servant_user(heavy), float(os.environ.get("BENCH_DURATION", "10")),
                  int(os.environ.get("BENCH_CONCURRENCY", "50")), int(os.environ.get("BENCH_WORKERS", "4")))
    if want("file"):
        bench_file()
    if want("import"):
        bench_import(int(os.environ.get("BENCH_IMPORT_ROWS", "1000")))
    if want("clocks"):
        bench_clocks(int(os.environ.get("BENCH_CLOCKS", "100000")))
    if want("search") or want("lists") or want("explain") or want("admin"):
        from django.test.utils import override_settings

        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):  # what a miss costs (and every logged-in reader)
            if want("search"):
                from bench.lists import bench_search

                bench_search(line, say, RESULTS)
            if want("lists") or want("explain"):
                from bench.lists import bench_lists

                bench_lists(line, say, RESULTS)
            if want("lists") or want("admin"):
                from bench.lists import bench_admin

                bench_admin(line, say, RESULTS)
    total = time.monotonic() - started
    missed = [r["measure"] for r in RESULTS if r.get("verdict") == "MISS"]
    say("")
    say(f"bench finished in {total:.0f}s: " + (f"{len(missed)} goals MISSED: {'; '.join(missed)}" if missed
                                                else "every goal met"))
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"dataset": {**p, **info}, "seconds": round(total), "results": RESULTS},
                      ensure_ascii=False, indent=1, default=str)
    (out / "results.json").write_text(text)
    if p:
        (out / f"results-{p['database']}.json").write_text(text)  # one per dataset: the scaling curve reads them
    if missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
