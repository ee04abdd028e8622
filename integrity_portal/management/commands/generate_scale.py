"""Fill PostgreSQL with a province-sized dataset for ``make bench`` (issues 10 and 18).

    python manage.py generate_scale --records 1000000 --servants 100000 --units 200 --seed 1 [--decisions N]

Rows go in with ``COPY`` (PostgreSQL) or batched ``bulk_create`` (any other database, for the small test), in a
single transaction, with a progress bar on stderr. Distributions: five years of decision dates, every record
kind, severities, statuses and versions as a district sees them; objections with their answer clocks,
commitments of every kind and status, dispute clues with their acknowledge/conclude clocks, and draft 双公示
records with their reporting clocks; 双公示 decisions (``--decisions``, default as many as records) with their
subjects (``_scale_decisions``). The first civil servant has ``--file-records`` records (the "heavy file" that the
bench opens). Due dates come from the official calendar (taken once), as the services compute them. Text is
Chinese, from the vocabularies of ``_scale_vocab`` (fictional names, codes with valid check characters).

The dataset is recorded in the ``bench_dataset`` marker table with its parameters; a second run with the same
parameters does nothing (``--force`` regenerates only into an empty database: use a fresh database instead).
"""
import datetime
import hashlib
import json
import random
import sys
import time
import types
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from commitments.choices import CommitmentKind, CommitmentStatus, PublicationType, ServiceArea
from commitments.models import Commitment
from decisions.models import Decision, Subject
from disputes.choices import ClueCategory, ClueState
from disputes.models import DisputeClue
from objections.choices import ObjectionState, RepairState
from objections.models import Objection, Repair, RepairTransition
from objections.services.repairs import repair_minimum_months
from records.choices import (
    DISHONESTY_KINDS,
    ENTRY_KINDS,
    PERSON_ONLY_KINDS,
    REPAIRABLE_KINDS,
    UNIT_ONLY_KINDS,
    Punishment,
    RecordKind,
    RecordStatus,
    ServantStatus,
    Severity,
    SubjectType,
    UnitKind,
    UnitStatus,
)
from records.models import CivilServant, CreditRecord, Unit
from workdays.calendar import get_calendar, shift_months
from workdays.choices import ClockState
from workdays.models import Clock
from workdays.services import policy_current

from . import _scale_vocab as vocab
from ._scale_decisions import DecisionGenerator
from ._scale_io import Progress, Writer, next_id, reset_sequences
from ._scale_vocab import GENERATOR

MARKER = "bench_dataset"
YEARS = 5


def params_key(opts: dict) -> str:
    """The dataset's identity: the parameters that shape it, and the generator's version."""
    keys = ("records", "servants", "units", "seed", "objections", "commitments", "clues", "file_records", "end_year",
            "decisions")
    shape = {k: opts[k] for k in keys} | {"generator": GENERATOR}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]


class Command(BaseCommand):
    help = "Fill the database with a province-sized dataset for the bench (COPY on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=1_000_000)
        parser.add_argument("--servants", type=int, default=100_000)
        parser.add_argument("--units", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--objections", type=int, default=None, help="default: records / 10")
        parser.add_argument("--commitments", type=int, default=None, help="default: units × 100")
        parser.add_argument("--clues", type=int, default=None, help="default: units × 100")
        parser.add_argument("--decisions", type=int, default=None, help="双公示 decisions; default: records")
        parser.add_argument("--file-records", type=int, default=500, help="records of the first civil servant")
        parser.add_argument("--end-year", type=int, default=None,
                            help="the last of the five years of dates, the same data on any day (the data's today is "
                                 "30 January after it); default: the five years up to today")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **opts):
        opts["objections"] = opts["records"] // 10 if opts["objections"] is None else opts["objections"]
        opts["commitments"] = opts["units"] * 100 if opts["commitments"] is None else opts["commitments"]
        opts["clues"] = opts["units"] * 100 if opts["clues"] is None else opts["clues"]
        opts["decisions"] = opts["records"] if opts["decisions"] is None else opts["decisions"]
        if opts["units"] < 2 or opts["servants"] < 1 or opts["records"] < opts["file_records"]:
            raise CommandError("need --units ≥ 2, --servants ≥ 1 and --records ≥ --file-records")
        key = params_key(opts)
        self._marker_table()
        done = self._marker(key)
        if done:
            self.stdout.write(f"dataset {key} already present (generated in {done['seconds']:.0f}s): reused")
            return
        if CreditRecord.objects.exists():
            raise CommandError("the database already holds records of another dataset: use a fresh database")
        started = time.monotonic()
        self.stream = open("/dev/null", "w") if opts["quiet"] else sys.stderr  # noqa: SIM115
        self.rng = random.Random(opts["seed"])
        self.now = timezone.now()
        self.cal = get_calendar()  # taken once: every due date below uses it
        self._due_cache = {}
        with transaction.atomic():
            counts = self._generate(opts)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {MARKER} (key, params, counts, seconds, created_at) VALUES (%s, %s, %s, %s, %s)",
                           [key, json.dumps(opts, default=str), json.dumps(counts), seconds, self.now])
        self.stdout.write(f"dataset {key}: {json.dumps(counts)} in {seconds:.0f}s")

    # --- marker -------------------------------------------------------------------------------------------
    def _marker_table(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (key varchar(32) PRIMARY KEY, params text, "
                           "counts text, seconds double precision, created_at timestamp with time zone)")

    def _marker(self, key: str) -> dict | None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT seconds, counts FROM {MARKER} WHERE key = %s", [key])
            row = cursor.fetchone()
        return {"seconds": row[0], "counts": json.loads(row[1])} if row else None

    # --- helpers ------------------------------------------------------------------------------------------
    def _due(self, start: datetime.date, policy) -> tuple[datetime.date, datetime.date, str, bool]:
        cache_key = (start, policy.pk)
        hit = self._due_cache.get(cache_key)
        if hit is None:
            due = self.cal.add_period(start, policy.value, policy.unit)
            very = self.cal.add_period(start, 2 * policy.value, policy.unit)
            hit = (due.date, max(very.date, due.date), self.cal.revision_label(start, very.date),
                   self.cal.is_provisional(start, very.date))
            self._due_cache[cache_key] = hit
        return hit

    def _clock(self, writer, pk, ct, obj_id, purpose, policy, start, closed: bool, today) -> datetime.date:
        due, very, revision, provisional = self._due(start, policy)
        if closed:
            state = ClockState.STOPPED
        elif today > very:
            state = ClockState.VERY_OVERDUE
        elif today > due:
            state = ClockState.OVERDUE
        else:
            state = ClockState.RUNNING
        writer.write({"id": pk, "content_type_id": ct, "object_id": obj_id, "purpose": purpose, "policy_id": policy.pk,
                      "start_date": start, "due_date": due, "very_overdue_date": very, "calendar_revision": revision,
                      "provisional": provisional, "state": state,
                      "stopped_at": self.now if closed else None})
        return due

    def _later_life(self, row: dict, today: datetime.date, repairs: list) -> str:
        """The record's status once the daily jobs and the office have done their work by ``today``: a repaired
        record has an approved application filed once its minimum period had passed (a record that could not have
        been repaired stays published); a published one past its window is expired (``records_expire``); one in
        two hundred published repairable records has an open application, one in four hundred a refused one."""
        rng, status = self.rng, row["status"]
        if status not in (RecordStatus.PUBLISHED, RecordStatus.REPAIRED):
            return status
        earliest = None
        if row["kind"] in REPAIRABLE_KINDS:
            months = self._repair_months[row["kind"], row.get("severity", "")]
            earliest = shift_months(row.get("window_start") or row["decision_date"], months)
        window_end = row.get("window_end")
        if status == RecordStatus.REPAIRED:
            if earliest is not None and earliest <= today and not (window_end and window_end < earliest):
                last = min(today, window_end) if window_end else today
                filed = earliest + datetime.timedelta(days=rng.randrange((last - earliest).days + 1))
                repairs.append((row, RepairState.APPROVED, filed, earliest))
                return status
            status = RecordStatus.PUBLISHED
        if window_end and window_end < today:
            return RecordStatus.EXPIRED
        if earliest is not None and earliest <= today:
            draw = rng.random()
            if draw < 0.0075:
                state = RepairState.SUBMITTED if draw < 0.005 else RepairState.REJECTED
                filed = earliest + datetime.timedelta(days=rng.randrange((today - earliest).days + 1))
                repairs.append((row, state, filed, earliest))
        return status

    def _write_repairs(self, repairs: list, applicant, today: datetime.date) -> int:
        """Repair applications as ``repair_apply`` and ``repair_decide`` leave them, with their transitions."""
        rng = self.rng
        first, transition = next_id(Repair), next_id(RepairTransition)
        bar = Progress("repairs", len(repairs), self.stream)
        rows = []
        with Writer(Repair, self.now) as w:
            for j, (record, state, filed, earliest) in enumerate(repairs):
                decided = None
                if state != RepairState.SUBMITTED:
                    decided = datetime.datetime.combine(min(today, filed + datetime.timedelta(days=rng.randrange(
                        1, 30))), datetime.time(15), tzinfo=datetime.UTC)
                flags = rng.choice(((True, False, False), (True, True, False), (False, True, False),
                                    (False, False, True), (True, True, True)))
                punishment = ""
                if state == RepairState.APPROVED:
                    punishment = rng.choice((Punishment.UNCHANGED, Punishment.LIGHTER, Punishment.LIGHTER,
                                             Punishment.WAIVED))
                elif state == RepairState.REJECTED:
                    punishment = Punishment.UNCHANGED
                statement = rng.choice(vocab.REPAIR_STATEMENTS)
                w.write({"id": first + j, "record_id": record["id"], "applicant_id": applicant.pk,
                         "applicant_unit_id": record.get("subject_unit_id"), "provider_id": record["provider_id"],
                         "subject_unit_id": record.get("subject_unit_id"),
                         "subject_servant_id": record.get("civil_servant_id"),
                         "subject_servant_unit_id": self._servant_unit.get(record.get("civil_servant_id")),
                         "losses_recovered": flags[0],
                         "effects_removed": flags[1], "harm_stopped": flags[2], "statement": statement,
                         "earliest_date": earliest, "state": state, "filed_on": filed,
                         "filed_at": datetime.datetime.combine(filed, datetime.time(9), tzinfo=datetime.UTC),
                         "decided_at": decided, "punishment": punishment,
                         "decision_reason": rng.choice(vocab.REPAIR_ANSWERS[state == RepairState.APPROVED])
                         if decided else "",
                         "window_end_before": record.get("window_end") if state == RepairState.APPROVED else None})
                rows.append((first + j, statement, filed, state, decided))
                bar.step()
        bar.close()
        with Writer(RepairTransition, self.now) as w:
            for pk, statement, filed, state, decided in rows:
                w.write({"id": transition, "repair_id": pk, "actor_id": applicant.pk, "from_state": "",
                         "to_state": RepairState.SUBMITTED, "reason": statement,
                         "at": datetime.datetime.combine(filed, datetime.time(9), tzinfo=datetime.UTC)})
                transition += 1
                if decided:
                    w.write({"id": transition, "repair_id": pk, "from_state": RepairState.SUBMITTED,
                             "to_state": state, "at": decided})
                    transition += 1
        return len(rows)

    def _date(self) -> datetime.date:
        return self.first_day + datetime.timedelta(days=self.rng.randrange(self.days))

    # --- generation ---------------------------------------------------------------------------------------
    def _generate(self, opts) -> dict:
        rng = self.rng
        # The minimum periods before a repair, read before the records' COPY holds the connection.
        self._repair_months = {(kind, severity): repair_minimum_months(types.SimpleNamespace(kind=kind, severity=severity))
                               for kind in REPAIRABLE_KINDS for severity in ["", *Severity.values]}
        if opts["end_year"]:
            self.first_day = datetime.date(opts["end_year"] - YEARS + 1, 1, 1)
            last_day = datetime.date(opts["end_year"], 12, 31)
            today = min(timezone.localdate(), last_day + datetime.timedelta(days=30))
        else:  # a database as its users have it today (what was decided in the last month is still in the works)
            today = timezone.localdate()
            last_day = today - datetime.timedelta(days=30)
            self.first_day = shift_months(last_day, -12 * YEARS) + datetime.timedelta(days=1)
        self.days = (last_day - self.first_day).days + 1
        user_model = get_user_model()
        applicant, _created = user_model.objects.get_or_create(username="bench_applicant",
                                                               defaults={"full_name": "基准测试申请人"})

        # Units: departments, towns and streets (evaluated), institutions. The first two are the discipline and
        # audit bodies of the others; the departments take the 双公示 decisions.
        unit_ids, evaluated, departments, unit_codes = [], [], [], []
        kinds = [UnitKind.DEPARTMENT] * 5 + [UnitKind.TOWN] * 2 + [UnitKind.STREET] * 2 + [UnitKind.INSTITUTION]
        counters = dict.fromkeys(kinds, 0)
        home = vocab.DISTRICTS[0][0]
        first = next_id(Unit)
        bar = Progress("units", opts["units"], self.stream)
        with Writer(Unit, self.now) as w:
            for i in range(opts["units"]):
                pk = first + i
                kind = kinds[i % len(kinds)]
                n = counters[kind]
                if i < 2:
                    name = home + ("纪委监委", "审计局")[i]
                elif kind == UnitKind.DEPARTMENT:
                    counters[kind] += 1
                    name, (district, department) = vocab.department_name(n)
                    departments.append((pk, district, department))
                elif kind == UnitKind.INSTITUTION:
                    counters[kind] += 1
                    name = vocab.institution_name(n)
                else:
                    counters[kind] += 1
                    name = vocab.town_name(n, street=kind == UnitKind.STREET)
                code = vocab.uscc_code("12" if kind == UnitKind.INSTITUTION else "11",
                                       vocab.DISTRICTS[i // 10 % len(vocab.DISTRICTS)][2], pk)
                w.write({"id": pk, "name": name[:100], "code": code, "kind": kind, "status": UnitStatus.ACTIVE,
                         "discipline_unit_id": first if i else None, "audit_unit_id": first + 1 if i > 1 else None})
                unit_ids.append(pk)
                unit_codes.append(code)
                if kind != UnitKind.INSTITUTION:
                    evaluated.append(pk)
                bar.step()
        bar.close()
        # A few big units, many small ones: the unit of a person follows a skewed draw.
        unit_weights = [1.0 / (1 + (i % 40)) for i in range(len(unit_ids))]

        # Civil servants.
        servant_first = next_id(CivilServant)
        servant_unit = []
        bar = Progress("servants", opts["servants"], self.stream)
        units_drawn = rng.choices(unit_ids, weights=unit_weights, k=opts["servants"])
        statuses = [ServantStatus.SERVING] * 92 + [ServantStatus.SECONDED] * 2 + [ServantStatus.RETIRED] * 4 + [
            ServantStatus.LEFT] * 2
        with Writer(CivilServant, self.now) as w:
            for i in range(opts["servants"]):
                w.write({"id": servant_first + i, "name": vocab.person_name(rng), "id_number": vocab.resident_id(i),
                         "unit_id": units_drawn[i], "status": rng.choice(statuses), "post": rng.choice(vocab.POSTS)})
                servant_unit.append(units_drawn[i])
                bar.step()
        bar.close()

        # Credit records.
        dishonesty = sorted(DISHONESTY_KINDS)
        entries = sorted(ENTRY_KINDS)
        record_first = next_id(CreditRecord)
        n = opts["records"]
        statuses = ([RecordStatus.PUBLISHED] * 80 + [RecordStatus.DRAFT] * 5 + [RecordStatus.EXPIRED] * 8
                    + [RecordStatus.REVOKED] * 3 + [RecordStatus.REPAIRED] * 4)
        severities = [Severity.MINOR] * 5 + [Severity.GENERAL] * 4 + [Severity.SERIOUS]
        records_meta = []  # (pk, provider, kind, subject unit, servant) for objections
        repairs = []  # (record row, state, filed on) for repair applications
        dual_drafts = []
        bar = Progress("records", n, self.stream)
        with Writer(CreditRecord, self.now) as w:
            for i in range(n):
                pk = record_first + i
                draw = rng.random()
                if i < opts["file_records"]:
                    servant = servant_first  # the heavy file
                    kind = rng.choice(entries) if draw < 0.7 else rng.choice(sorted(PERSON_ONLY_KINDS - ENTRY_KINDS))
                    subject = SubjectType.PERSON
                elif draw < 0.55:
                    kind, subject = rng.choice(entries), SubjectType.PERSON
                elif draw < 0.80:
                    kind = rng.choice(dishonesty)
                    subject = SubjectType.PERSON if kind in PERSON_ONLY_KINDS or rng.random() < 0.5 else SubjectType.UNIT
                elif draw < 0.92:
                    kind, subject = RecordKind.ADMINISTRATIVE_PENALTY, SubjectType.UNIT
                else:
                    kind, subject = RecordKind.ADMINISTRATIVE_LICENCE, SubjectType.UNIT
                if kind in UNIT_ONLY_KINDS:
                    subject = SubjectType.UNIT
                decided = self._date()
                status = rng.choice(statuses)
                title = vocab.record_title(rng, kind, subject == SubjectType.PERSON)
                body, number = vocab.record_document(rng, kind, decided, kind in ENTRY_KINDS)
                row = {"id": pk, "subject_type": subject, "kind": kind, "decision_date": decided, "status": status,
                       "title": title, "decision_body": body, "decision_number": number,
                       "facts": "" if kind in ENTRY_KINDS else vocab.record_facts(rng, title, decided),
                       "version": 1 if rng.random() < 0.9 else rng.choice((2, 2, 3))}
                if subject == SubjectType.PERSON:
                    if i >= opts["file_records"]:
                        servant = servant_first + rng.randrange(opts["servants"])
                    row["civil_servant_id"] = servant
                    home = servant_unit[servant - servant_first]
                    row["provider_id"] = home if rng.random() < 0.6 else rng.choice(unit_ids)
                else:
                    row["subject_unit_id"] = rng.choices(unit_ids, weights=unit_weights)[0]
                    row["provider_id"] = rng.choice(unit_ids)
                if kind in DISHONESTY_KINDS:
                    row["severity"] = rng.choice(severities)
                if status != RecordStatus.DRAFT:
                    row["published_at"] = datetime.datetime.combine(
                        decided + datetime.timedelta(days=rng.randrange(1, 15)), datetime.time(10),
                        tzinfo=datetime.UTC)
                    if kind in (RecordKind.ADMINISTRATIVE_PENALTY, RecordKind.ADMINISTRATIVE_LICENCE):
                        row["published_late"] = rng.random() < 0.15
                    if subject == SubjectType.UNIT:
                        row["window_start"] = decided
                        if kind != RecordKind.JUDGMENT_DEFAULTER or rng.random() < 0.6:
                            row["window_end"] = decided + datetime.timedelta(days=rng.choice((90, 365, 730, 1095)))
                elif kind in (RecordKind.ADMINISTRATIVE_PENALTY, RecordKind.ADMINISTRATIVE_LICENCE):
                    dual_drafts.append((pk, decided))
                status = row["status"] = self._later_life(row, today, repairs)
                row["objection_open"] = status == RecordStatus.PUBLISHED and rng.random() < 0.01
                if status == RecordStatus.PUBLISHED and kind in DISHONESTY_KINDS:
                    records_meta.append((pk, row["provider_id"], kind, row.get("subject_unit_id"),
                                         row.get("civil_servant_id")))
                w.write(row)
                bar.step()
        bar.close()

        # No servant of the generated data has moved: a servant's current unit is the one drawn above.
        self._servant_unit = {servant_first + i: unit for i, unit in enumerate(servant_unit)}
        n_repairs = self._write_repairs(repairs, applicant, today)

        # Clocks and their subjects.
        ct_record = ContentType.objects.get_for_model(CreditRecord).pk
        ct_objection = ContentType.objects.get_for_model(Objection).pk
        ct_clue = ContentType.objects.get_for_model(DisputeClue).pk
        p_dual = policy_current("dual_publication_reporting")
        p_objection = policy_current("objection_answer")
        p_ack = policy_current("dispute_acknowledge")
        p_conc = policy_current("dispute_conclude")
        clock_id = next_id(Clock)
        objection_first, clue_first = next_id(Objection), next_id(DisputeClue)
        n_obj = min(opts["objections"], len(records_meta)) if records_meta else 0
        objection_records = rng.sample(records_meta, n_obj) if n_obj else []
        objection_states = ([ObjectionState.REJECTED] * 5 + [ObjectionState.UPHELD] * 2
                            + [ObjectionState.PARTLY_UPHELD] + [ObjectionState.WITHDRAWN]
                            + [ObjectionState.SUBMITTED])
        clue_states = [ClueState.RESOLVED] * 6 + [ClueState.ACKNOWLEDGED] * 2 + [ClueState.ASSIGNED, ClueState.REJECTED]
        objection_rows, clue_rows = [], []
        total_clocks = len(dual_drafts) + n_obj + 2 * opts["clues"]
        bar = Progress("clocks", total_clocks, self.stream)
        with Writer(Clock, self.now) as w:
            for pk, decided in dual_drafts:
                self._clock(w, clock_id, ct_record, pk, "dual_publication", p_dual, decided, False, today)
                clock_id += 1
                bar.step()
            for j, (record_pk, provider_pk, record_kind, subject_unit, servant) in enumerate(objection_records):
                oid = objection_first + j
                filed = self._date()
                state = rng.choice(objection_states)
                closed = state not in (ObjectionState.SUBMITTED, ObjectionState.UNDER_REVIEW)
                due = self._clock(w, clock_id, ct_objection, oid, "objection_answer", p_objection, filed, closed, today)
                decided_on = filed + datetime.timedelta(days=rng.randrange(1, 20)) if closed and (
                    state != ObjectionState.WITHDRAWN) else None
                objection_rows.append({
                    "id": oid, "record_id": record_pk, "provider_id": provider_pk, "record_kind": record_kind,
                    "subject_unit_id": subject_unit, "subject_servant_id": servant,
                    "record_version": 1, "applicant_id": applicant.pk,
                    "reason": rng.choice(vocab.OBJECTION_REASONS), "state": state,
                    "decision_reason": rng.choice(vocab.OBJECTION_ANSWERS[state != ObjectionState.REJECTED])
                    if decided_on else "", "policy_key": "objection_answer",
                    "clock_id": clock_id, "due_date": due, "filed_on": filed,
                    "filed_at": datetime.datetime.combine(filed, datetime.time(9), tzinfo=datetime.UTC),
                    "decided_on": decided_on, "answered_on_time": (decided_on <= due) if decided_on else None,
                })
                clock_id += 1
                bar.step()
            for j in range(opts["clues"]):
                cid = clue_first + j
                submitted = self._date()
                state = rng.choice(clue_states)
                ack_clock, conc_clock = clock_id, clock_id + 1
                ack_due = self._clock(w, ack_clock, ct_clue, cid, "dispute_acknowledge", p_ack, submitted,
                                      state != ClueState.ASSIGNED, today)
                acknowledged = (submitted + datetime.timedelta(days=rng.randrange(1, 20))
                                if state != ClueState.ASSIGNED else None)
                row = {"id": cid, "state": state, "submitted_on": submitted, "acknowledge_clock_id": ack_clock,
                       "acknowledged_on": acknowledged,
                       "acknowledged_on_time": (acknowledged <= ack_due) if acknowledged else None}
                bar.step()
                if acknowledged:
                    conc_due = self._clock(w, conc_clock, ct_clue, cid, "dispute_conclude", p_conc, acknowledged,
                                           state != ClueState.ACKNOWLEDGED, today)
                    concluded = (acknowledged + datetime.timedelta(days=rng.randrange(5, 80))
                                 if state in (ClueState.RESOLVED, ClueState.REJECTED) else None)
                    row.update(conclude_clock_id=conc_clock, concluded_on=concluded,
                               concluded_on_time=(concluded <= conc_due) if concluded else None)
                bar.step()
                clock_id += 2
                clue_rows.append(row)
        bar.close()

        bar = Progress("objections", len(objection_rows), self.stream)
        with Writer(Objection, self.now) as w:
            for row in objection_rows:
                w.write(row)
                bar.step()
        bar.close()
        # What filing an objection marks (objections.services.common.set_objection_marker).
        CreditRecord.objects.filter(pk__in=Objection.objects.values("record_id")).update(objected=True)

        categories = list(ClueCategory.values)
        bar = Progress("clues", len(clue_rows), self.stream)
        with Writer(DisputeClue, self.now) as w:
            for row in clue_rows:
                unit = rng.choice(unit_ids)
                category = rng.choice(categories)
                row.update(receipt_hash=hashlib.sha256(f"bench-{opts['seed']}-{row['id']}".encode()).hexdigest(),
                           category=category, body_unit_id=unit, description=vocab.clue_description(rng, category),
                           amount=Decimal(rng.randrange(1, 900)) if category == ClueCategory.ARREARS else None,
                           outcome_reason=rng.choice(vocab.CLUE_OUTCOMES)
                           if row["state"] in (ClueState.RESOLVED, ClueState.REJECTED) else "",
                           handling_unit_id=unit, submitted_at=datetime.datetime.combine(
                               row["submitted_on"], datetime.time(9), tzinfo=datetime.UTC))
                w.write(row)
                bar.step()
        bar.close()

        # Commitments: every kind, mostly public, concluded ones with their date.
        commitment_kinds = list(CommitmentKind.values)
        commitment_statuses = ([CommitmentStatus.IN_FORCE] * 4 + [CommitmentStatus.FULFILLED] * 3
                               + [CommitmentStatus.PARTLY_FULFILLED, CommitmentStatus.UNFULFILLED,
                                  CommitmentStatus.DRAFT, CommitmentStatus.CHANGED, CommitmentStatus.TERMINATED])
        publications = [PublicationType.PUBLIC] * 7 + [PublicationType.LIMITED] * 2 + [PublicationType.NOT_PUBLIC]
        commitment_first = next_id(Commitment)
        codes = {}  # (unit, year) → last number, as the service numbers them
        areas = ServiceArea.choices
        bar = Progress("commitments", opts["commitments"], self.stream)
        with Writer(Commitment, self.now) as w:
            for j in range(opts["commitments"]):
                pk = commitment_first + j
                committed = self._date()
                status = rng.choice(commitment_statuses)
                concluded = (committed + datetime.timedelta(days=rng.randrange(30, 720))
                             if status in (CommitmentStatus.FULFILLED, CommitmentStatus.PARTLY_FULFILLED,
                                           CommitmentStatus.UNFULFILLED) else None)
                published = None if status == CommitmentStatus.DRAFT else datetime.datetime.combine(
                    committed, datetime.time(11), tzinfo=datetime.UTC)
                u = rng.randrange(len(unit_ids))
                kind = rng.choice(commitment_kinds)
                serial = codes[u, committed.year] = codes.get((u, committed.year), 0) + 1
                area, area_label = rng.choice(areas) if kind == CommitmentKind.PUBLIC_SERVICE else ("", "")
                title, reason, content = vocab.COMMITMENT_TEXTS[kind]
                row = {"counterparty_name": "", "counterparty_type": "", "counterparty_code": ""}
                if kind in (CommitmentKind.INVESTMENT_PROMOTION, CommitmentKind.ENTERPRISE_CONTRACT):
                    row = {"counterparty_name": vocab.company_name(rng), "counterparty_type": "organisation",
                           "counterparty_code": vocab.uscc_code("91", vocab.DISTRICTS[u % len(vocab.DISTRICTS)][2], 10**8 + pk)}
                w.write({**row, "id": pk, "code": f"CN-{unit_codes[u]}-{committed.year}-{serial:04d}",
                         "title": title(rng, committed.year, area_label or row["counterparty_name"]),
                         "unit_id": unit_ids[u], "kind": kind,
                         "service_area": area, "reason": reason, "content": content,
                         "liability": rng.choice(vocab.LIABILITIES), "committed_on": committed, "publication_type": rng.choice(publications), "status": status,
                         "progress": Decimal(100) if concluded else Decimal(rng.randrange(0, 100)),
                         "concluded_on": concluded, "published_at": published, "public_updated_at": published,
                         "amount": Decimal(rng.randrange(10, 100000))})
                bar.step()
        bar.close()
        decisions = DecisionGenerator(self, departments, today).write(opts["decisions"])
        reset_sequences([Unit, CivilServant, CreditRecord, Repair, RepairTransition, Clock, Objection, DisputeClue, Commitment, Decision, Subject])
        return {"units": opts["units"], "evaluated_units": len(evaluated), "servants": opts["servants"],
                "records": n, "repairs": n_repairs, "objections": len(objection_rows), "clues": len(clue_rows),
                "commitments": opts["commitments"], **decisions,
                "clocks": total_clocks - sum(1 for r in clue_rows if not r.get("conclude_clock_id"))
                + decisions["decision_drafts"],
                "heavy_servant_id": servant_first, "records_of_heavy_servant": opts["file_records"]}
