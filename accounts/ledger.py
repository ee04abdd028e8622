"""The tamper-evident ledger: one append-only hash chain over every history row in the database.

No service writes to it. The sealer (``ledger_seal``: Celery beat every minute, or
``manage.py ledger seal``) appends, in id order, one ``LedgerEntry`` per history row not yet
sealed::

    content_hash = sha256(canonical JSON of the row's concrete fields)
    entry_hash   = sha256(prev_entry_hash + table + row id + content_hash)

Sealers take a lock (a PostgreSQL advisory lock; elsewhere the unique ``sequence``
constraint makes a second sealer fail instead of forking the chain). ``ledger_verify``
recomputes every content hash from the current rows and the whole chain, and compares the
chain with the heads exported daily outside the database (``ledger_export_head``): an edited
row, a deleted row and a chain rewritten after an edit are each reported.
"""
from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Role
from .models import LedgerEntry, User

# The history tables, in the order a sealing pass walks them. Each row of these is written once
# by a service and never changed; the chain makes a later change visible.
SEALED_TABLES = (
    "records.CreditRecordVersion",
    "records.RecordEvent",
    "records.RectificationTransition",
    "records.CreditReport",
    "records.CreditCheckLog",
    "objections.ObjectionTransition",
    "objections.RepairTransition",
    "commitments.CommitmentEvent",
    "disputes.ClueTransition",
    "evaluation.RunTransition",
    "evaluation.AssignmentTransition",
    "workdays.ClockEvent",
    "accounts.AuditEntry",
    "accounts.ConfigurationChange",
)
GENESIS = "0" * 64
SEAL_BATCH = 2000
_LOCK_KEY = 0x1ED6E4  # pg_advisory_xact_lock key of the sealer


def ledger_export_dir() -> Path:
    return Path(getattr(settings, "LEDGER_EXPORT_DIR", Path(settings.VAR_DIR) / "ledger-heads"))


# --- hashing -----------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


# Fields that say who may read a row, not what happened: classified after rows were sealed (issue 16's
# history audience, set by a data migration), so they are not part of a row's content.
UNSEALED_FIELDS = {"records.RecordEvent": {"audience"}}


def row_content(obj: models.Model) -> dict:
    skip = UNSEALED_FIELDS.get(obj._meta.label, ())
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if f.attname not in skip}


def content_hash(obj: models.Model) -> str:
    canonical = json.dumps(row_content(obj), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                           default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_hash(prev_hash: str, table: str, row_id: int, content: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{table}|{row_id}|{content}".encode()).hexdigest()


def table_model(table: str) -> type[models.Model]:
    return apps.get_model(table)


# --- sealing -----------------------------------------------------------------------------

def _head() -> tuple[int, str]:
    last = LedgerEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
    return last or (0, GENESIS)


def _take_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def ledger_seal(*, limit: int = SEAL_BATCH) -> int:
    """Append an entry for each unsealed history row (at most ``limit``); returns how many.

    Rows are taken per table in id order, skipping ids already sealed (an id committed late,
    behind a higher one, is still picked up on a later pass).
    """
    try:
        with transaction.atomic():
            _take_lock()
            sequence, prev = _head()
            entries = []
            for table in SEALED_TABLES:
                if len(entries) >= limit:
                    break
                model = table_model(table)
                sealed = LedgerEntry.objects.filter(table=table).values("row_id")
                rows = model._default_manager.exclude(pk__in=sealed).order_by("pk")[: limit - len(entries)]
                for row in rows:
                    sequence += 1
                    digest = content_hash(row)
                    entry_hash = chain_hash(prev, table, row.pk, digest)
                    entries.append(LedgerEntry(sequence=sequence, table=table, row_id=row.pk,
                                               content_hash=digest, prev_hash=prev, entry_hash=entry_hash))
                    prev = entry_hash
            LedgerEntry.objects.bulk_create(entries)
            return len(entries)
    except IntegrityError:
        # Another sealer appended first (only possible without an advisory lock): nothing forked.
        return 0


def ledger_seal_all() -> int:
    total = 0
    while True:
        added = ledger_seal()
        total += added
        if added < SEAL_BATCH:
            return total


def entry_for(obj: models.Model) -> LedgerEntry | None:
    table = f"{obj._meta.app_label}.{obj._meta.object_name}"
    return LedgerEntry.objects.filter(table=table, row_id=obj.pk).first()


# --- exported heads ----------------------------------------------------------------------

def ledger_export_head(*, notify: bool = True, today: datetime.date | None = None) -> dict:
    """Write today's head (sequence, entry hash) to a file outside the database; tell the office."""
    ledger_seal_all()
    sequence, head = _head()
    today = today or timezone.localdate()
    record = {"date": today.isoformat(), "sequence": sequence, "entry_hash": head,
              "exported_at": timezone.now().isoformat()}
    folder = ledger_export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ledger-head-{today.isoformat()}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    record["path"] = str(path)
    if notify:
        from notifications.services import notice_send

        body = _("截至 %(date)s，防篡改链共 %(n)s 条，链头摘要：%(hash)s。请另行留存，以备核验。") % {
            "date": today.isoformat(), "n": sequence, "hash": head}
        with transaction.atomic():
            for user in User.objects.filter(groups__name=Role.CREDIT_OFFICE, is_active=True).distinct():
                notice_send(recipient=user, title=_("防篡改链每日链头"), body=body, key=f"ledger-head:{today}",
                            link="/workspace/ledger/")
    return record


def exported_heads(folder: Path | None = None) -> list[dict]:
    folder = folder or ledger_export_dir()
    heads = []
    if folder.is_dir():
        for path in sorted(folder.glob("ledger-head-*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                heads.append({"sequence": int(data["sequence"]), "entry_hash": str(data["entry_hash"]),
                              "date": data.get("date", ""), "file": path.name})
            except (ValueError, KeyError, TypeError):
                heads.append({"sequence": -1, "entry_hash": "", "date": "", "file": path.name, "unreadable": True})
    return heads


# --- verification ------------------------------------------------------------------------

@dataclass
class Verification:
    entries: int = 0
    heads_checked: int = 0
    unsealed: int = 0
    edited: list[str] = field(default_factory=list)   # "table:id" whose row no longer matches
    missing: list[str] = field(default_factory=list)  # "table:id" whose row is gone
    broken: list[str] = field(default_factory=list)   # chain links that do not recompute
    heads: list[str] = field(default_factory=list)    # exported heads the chain no longer matches

    @property
    def ok(self) -> bool:
        return not (self.edited or self.missing or self.broken or self.heads)

    def problems(self) -> list[str]:
        lines = [_("链条目 #%(s)s 对不上：%(why)s") % {"s": s, "why": why} for s, why in
                 (item.split(" ", 1) for item in self.broken)]
        lines += [_("数据被改动：%(row)s") % {"row": row} for row in self.edited]
        lines += [_("数据被删除：%(row)s") % {"row": row} for row in self.missing]
        lines += [_("与导出的链头不符：%(head)s") % {"head": head} for head in self.heads]
        return lines


def ledger_verify(*, heads: list[dict] | None = None, batch: int = 2000) -> Verification:
    """Recompute the chain and every sealed row's content hash; compare with the exported heads."""
    result = Verification()
    prev, expected_sequence = GENESIS, 1
    by_sequence: dict[int, str] = {}
    wanted = {h["sequence"]: h for h in (heads if heads is not None else exported_heads())}
    while True:
        chunk = list(LedgerEntry.objects.filter(sequence__gte=expected_sequence).order_by("sequence")[:batch])
        if not chunk:
            break
        grouped: dict[str, list[int]] = {}
        for entry in chunk:
            grouped.setdefault(entry.table, []).append(entry.row_id)
        rows = {table: table_model(table)._default_manager.in_bulk(ids) for table, ids in grouped.items()}
        for entry in chunk:
            result.entries += 1
            if entry.sequence != expected_sequence:
                result.broken.append(f"{expected_sequence} {_('序号缺失')}")
            if entry.prev_hash != prev:
                result.broken.append(f"{entry.sequence} {_('前一条摘要不符')}")
            if chain_hash(entry.prev_hash, entry.table, entry.row_id, entry.content_hash) != entry.entry_hash:
                result.broken.append(f"{entry.sequence} {_('链摘要不符')}")
            row = rows[entry.table].get(entry.row_id)
            if row is None:
                result.missing.append(f"{entry.table}:{entry.row_id}")
            elif content_hash(row) != entry.content_hash:
                result.edited.append(f"{entry.table}:{entry.row_id}")
            if entry.sequence in wanted:
                by_sequence[entry.sequence] = entry.entry_hash
            prev, expected_sequence = entry.entry_hash, entry.sequence + 1
    for sequence, head in sorted(wanted.items()):
        if head.get("unreadable"):
            result.heads.append(f"{head['file']}（{_('文件无法读取')}）")
            continue
        result.heads_checked += 1
        if by_sequence.get(sequence) != head["entry_hash"]:
            result.heads.append(_("%(file)s：第 %(s)s 条应为 %(h)s…") % {
                "file": head["file"], "s": sequence, "h": head["entry_hash"][:16]})
    for table in SEALED_TABLES:
        sealed = LedgerEntry.objects.filter(table=table).values("row_id")
        result.unsealed += table_model(table)._default_manager.exclude(pk__in=sealed).count()
    return result


def ledger_summary() -> dict:
    sequence, head = _head()
    last = LedgerEntry.objects.order_by("-sequence").first()
    return {"sequence": sequence, "entry_hash": head, "sealed_at": last.sealed_at if last else None,
            "heads": exported_heads()[-10:]}
