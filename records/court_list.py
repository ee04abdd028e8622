"""The court's 失信被执行人 list, inbound (clauses 2 and 6).

The office imports a workbook in the court's field set (or a scheduled job fetches it from
``settings.COURT_LIST_URL``). Columns are read by header label; every row is checked first and
any row error imports nothing (the row-error report lists them). Rows are matched against the
directory by unified social credit code, then by exact name; each match becomes a *draft*
``judgment_defaulter`` record for the office to confirm. A row with a delisting date ends a
confirmed listing: the record is corrected with the date, its window ends, and the flags end.
Unmatched rows are kept and listed. Importing the same file twice creates nothing twice.
"""
import datetime
import logging
import urllib.request

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.errors import PortalError
from integrity_portal.workbooks import (
    CellError,
    Column,
    ImportRow,
    RowError,
    Sheet,
    is_blank,
    read_table,
    to_code,
    to_date,
    to_text,
    xlsx_bytes,
)

from .choices import RecordKind, RecordStatus, Severity, SubjectType
from .imports import max_rows
from .models import CourtListEntry, CourtListImport, CreditRecord, Unit
from .models.punishment import CourtEntryOutcome, CourtImportSource, CourtImportStatus
from .services import record_correct, record_create, record_update_draft
from .services.punishment import flags_sync_for_unit
from .validators import validate_uscc

__all__ = ["COURT_COLUMNS", "court_list_template", "court_list_parse", "court_list_import", "court_list_fetch"]

logger = logging.getLogger(__name__)

# (key, label, type, required). Keys are the ``judgment_defaulter`` detail names where they exist.
COURT_COLUMNS = [
    ("name", "被执行人名称", "text", True),
    ("code", "统一社会信用代码", "code", False),
    ("legal_representative", "法定代表人", "text", False),
    ("enforcement_basis_body", "做出执行依据单位", "text", False),
    ("enforcement_basis_number", "执行依据文号", "text", True),
    ("case_number", "案号", "text", True),
    ("filing_date", "立案时间", "date", True),
    ("court", "执行法院", "text", True),
    ("obligation", "生效法律文书确定的义务", "text", True),
    ("performance", "履行情况", "choice", True),
    ("dishonest_conduct", "失信行为具体情形", "text", True),
    ("publication_date", "发布时间", "date", True),
    ("delisting_date", "撤销日期", "date", False),
]
# Other spellings the court's exports use for the same columns.
ALIASES = {"被执行人姓名/名称": "被执行人名称", "法定代表人或者负责人姓名": "法定代表人", "法定代表人或负责人": "法定代表人",
           "被执行人的履行情况": "履行情况", "失信被执行人行为具体情形": "失信行为具体情形", "撤销失信日期": "撤销日期",
           "执行依据制作单位": "做出执行依据单位"}
PERFORMANCE = {"全部未履行": "全部未履行", "部分履行": "部分履行", "部分未履行": "部分履行"}
DETAIL_KEYS = ("legal_representative", "enforcement_basis_body", "enforcement_basis_number", "case_number",
               "filing_date", "court", "obligation", "performance", "dishonest_conduct", "publication_date",
               "delisting_date")


def court_list_template() -> bytes:
    return xlsx_bytes(Sheet(title="失信被执行人名单", header=[label for _key, label, _type, _required in COURT_COLUMNS],
                            rows=[]))


def _columns() -> list[Column]:
    return [Column(key, label, required=required,
                   aliases=tuple(alias for alias, target in ALIASES.items() if target == label))
            for key, label, _type, required in COURT_COLUMNS]


# --- parsing and row checks ----------------------------------------------------------

def court_list_parse(file_bytes: bytes, name: str = "") -> list[ImportRow]:
    """Rows keyed by column; unknown, missing or duplicated columns raise ValidationError (nothing imported)."""
    return read_table(file_bytes, columns=_columns(), name=name, max_rows=max_rows(), skip_sheets=(),
                      what=_("法院失信被执行人名单的字段")).rows


def _check_row(row: ImportRow, today: datetime.date) -> tuple[dict, list[RowError]]:
    """(clean values, errors) of one row; conversion and the court file's own rules only."""
    labels = {key: label for key, label, _type, _required in COURT_COLUMNS}
    clean, errors = {}, []
    for key, label, kind, required in COURT_COLUMNS:
        value = row.values.get(key)
        if is_blank(value):
            if required:
                errors.append(RowError(row.number, label, _("“%(label)s”为必填项。") % {"label": label}))
            clean[key] = None if kind == "date" else ""
            continue
        try:
            if kind == "date":
                clean[key] = to_date(value)
            elif kind == "code":
                clean[key] = to_code(value, label)
                validate_uscc(clean[key])
            elif kind == "choice":
                text = to_text(value)
                if text not in PERFORMANCE:
                    raise CellError(_("“%(value)s”不是可选值。可选：全部未履行、部分履行。") % {"value": text})
                clean[key] = PERFORMANCE[text]
            else:
                clean[key] = to_text(value)
        except CellError as exc:
            errors.append(RowError(row.number, label, str(exc)))
        except ValidationError as exc:
            errors.append(RowError(row.number, label, exc.messages[0]))
    published, delisted = clean.get("publication_date"), clean.get("delisting_date")
    if published and published > today:
        errors.append(RowError(row.number, labels["publication_date"], _("发布时间不能晚于今天。")))
    if delisted and delisted > today:
        errors.append(RowError(row.number, labels["delisting_date"], _("撤销日期不能晚于今天。")))
    if published and delisted and delisted < published:
        errors.append(RowError(row.number, labels["delisting_date"], _("撤销日期不能早于发布时间。")))
    return clean, errors


# --- matching and records ------------------------------------------------------------------

def _match(clean: dict, units_by_code: dict, units_by_name: dict) -> tuple[Unit | None, str]:
    if clean.get("code") and clean["code"] in units_by_code:
        return units_by_code[clean["code"]], "code"
    if clean.get("name") in units_by_name:
        return units_by_name[clean["name"]], "name"
    return None, ""


def _details(clean: dict) -> dict:
    details = {key: clean[key] for key in DETAIL_KEYS if clean.get(key) not in (None, "")}
    details.setdefault("enforcement_basis_body", clean["court"])  # the court's export may omit it
    return details


def _apply(clean: dict, unit: Unit, *, actor, provider, today) -> tuple[str, CreditRecord | None]:
    """The draft, update or delisting for one matched row."""
    existing = (CreditRecord.objects.filter(subject_unit=unit, kind=RecordKind.JUDGMENT_DEFAULTER,
                                            details__case_number=clean["case_number"])
                .exclude(status__in=(RecordStatus.REVOKED, RecordStatus.REPAIRED)).order_by("-pk").first())
    details = _details(clean)
    fields = {"title": _("被%(court)s列为失信被执行人") % {"court": clean["court"]}, "facts": clean["dishonest_conduct"],
              "decision_body": clean["court"], "decision_number": clean["case_number"],
              "decision_date": clean["publication_date"], "details": details}
    if existing is None:
        record = record_create(actor=actor, provider=provider, today=today, subject_type=SubjectType.UNIT,
                               subject_unit=unit, kind=RecordKind.JUDGMENT_DEFAULTER, severity=Severity.SERIOUS,
                               **fields)
        return CourtEntryOutcome.CREATED, record
    if existing.status == RecordStatus.DRAFT:
        before = (existing.details, existing.title, existing.facts, existing.decision_date)
        record = record_update_draft(record=existing, actor=actor, today=today, **fields)
        changed = before != (record.details, record.title, record.facts, record.decision_date)
        return (CourtEntryOutcome.UPDATED if changed else CourtEntryOutcome.UNCHANGED), record
    delisted = clean.get("delisting_date")
    if (existing.status == RecordStatus.PUBLISHED and delisted
            and existing.details.get("delisting_date") != delisted.isoformat()):
        record = record_correct(record=existing, actor=actor, today=today,
                                reason=_("法院撤销失信被执行人名单（%(date)s）") % {"date": delisted},
                                details={**existing.details, "delisting_date": delisted.isoformat()})
        flags_sync_for_unit(unit, today=today)
        return CourtEntryOutcome.DELISTED, record
    return CourtEntryOutcome.UNCHANGED, existing


def _office_provider(actor) -> Unit | None:
    if actor is not None and actor.unit_id:
        return actor.unit
    from workdays.parties import credit_office_users

    office = credit_office_users().filter(unit__isnull=False).select_related("unit").order_by("pk").first()
    return office.unit if office else None


class _Rollback(Exception):
    pass


def court_list_import(*, actor, name: str, file_bytes: bytes, source: str = CourtImportSource.UPLOAD,
                      today: datetime.date | None = None) -> CourtListImport:
    """Check every row, then (only if none has an error) match and apply them all in one transaction.

    Returns the import: ``done`` with its entries, or ``failed`` with the row-error report and nothing else.
    """
    if actor is not None and not (actor.is_superuser or actor.has_role(Role.CREDIT_OFFICE)):
        raise PermissionDenied(_("只有区信用办可以导入法院名单。"))
    today = today or timezone.localdate()
    job = CourtListImport(uploaded_by=actor if actor is not None and actor.pk else None, source=source,
                          original_name=name[:200], status=CourtImportStatus.FAILED)
    try:
        rows = court_list_parse(file_bytes)
    except ValidationError as exc:
        return _failed(job, file_bytes, [RowError(0, "", m) for m in exc.messages], 0)
    checked, errors = [], []
    for row in rows:
        clean, row_errors = _check_row(row, today)
        checked.append((row, clean))
        errors += row_errors
    provider = _office_provider(actor)
    if provider is None:
        errors.append(RowError(0, "", _("找不到区信用办所在单位，不能生成名单记录。")))
    if errors:
        return _failed(job, file_bytes, errors, len(rows))
    codes = {clean["code"] for _row, clean in checked if clean.get("code")}
    names = {clean["name"] for _row, clean in checked}
    units_by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    units_by_name = {u.name: u for u in Unit.objects.filter(name__in=names)}
    try:
        with transaction.atomic():
            job.status, job.total_rows = CourtImportStatus.DONE, len(rows)
            job.file.save(name, ContentFile(file_bytes), save=False)
            job.save()
            for row, clean in checked:
                unit, how = _match(clean, units_by_code, units_by_name)
                outcome, record = CourtEntryOutcome.UNMATCHED, None
                if unit is not None:
                    try:
                        outcome, record = _apply(clean, unit, actor=actor, provider=provider, today=today)
                    except ValidationError as exc:
                        errors += [RowError(row.number, "", m) for m in exc.messages]
                        continue
                    except PortalError as exc:
                        errors.append(RowError(row.number, "", exc.message))
                        continue
                CourtListEntry.objects.create(
                    court_import=job, row_number=row.number, name=clean["name"][:200], code=clean.get("code") or "",
                    case_number=clean["case_number"][:100], court=clean["court"][:100],
                    published_on=clean["publication_date"], delisted_on=clean.get("delisting_date"), unit=unit,
                    matched_by=how, record=record, outcome=outcome)
                job.matched_rows += unit is not None
                job.created_count += outcome == CourtEntryOutcome.CREATED
                job.delisted_count += outcome == CourtEntryOutcome.DELISTED
            if errors:
                raise _Rollback
            job.save()
    except _Rollback:
        job = CourtListImport(uploaded_by=job.uploaded_by, source=source, original_name=job.original_name,
                              status=CourtImportStatus.FAILED)
        return _failed(job, file_bytes, errors, len(rows))
    return job


def _failed(job: CourtListImport, file_bytes: bytes, errors: list[RowError], total: int) -> CourtListImport:
    job.status, job.total_rows = CourtImportStatus.FAILED, total
    job.errors = [error.as_json() for error in errors[:1000]]
    job.matched_rows = job.created_count = job.delisted_count = 0
    job.file.save(job.original_name or "court-list.xlsx", ContentFile(file_bytes), save=False)
    job.save()
    return job


def court_list_fetch(*, today: datetime.date | None = None) -> CourtListImport | None:
    """The scheduled fetch: only when ``settings.COURT_LIST_URL`` is set; the same import as an upload."""
    url = getattr(settings, "COURT_LIST_URL", "") or ""
    if not url:
        return None
    limit = int(getattr(settings, "COURT_LIST_MAX_BYTES", 20 * 1024 * 1024))
    timeout = int(getattr(settings, "COURT_LIST_TIMEOUT", 30))
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - the office's configured endpoint
        data = response.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("法院名单文件过大。"))
    name = url.rstrip("/").rsplit("/", 1)[-1] or "court-list.xlsx"
    return court_list_import(actor=None, name=name, file_bytes=data, source=CourtImportSource.FETCH, today=today)
