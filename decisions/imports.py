"""Import of a department's 双公示 file (issue 14 item 3): ``decisions_import`` for the API, the HTML page and the
background job.

The file is read by the portal's workbook reader (xlsx or csv in UTF-8/GB18030, headers in any order and
either layout of the national standard, ``import_layouts``); the act and the layout come from the headers.
Each row becomes a row of ``decisions.validation`` fields and goes through ``decisions_create_bulk`` —
``check_decision`` on every row, then all drafts in one transaction or none. Errors come back by row number
and by the header as written in the file. A dry run checks and writes nothing (not even the 合规率's first
outcomes: only a real submission counts).
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.workbooks import CellError, RowError, Table, WorkbookTooLarge, is_blank, read_table, to_code

from .choices import Act, CheckChannel, IdType, SubjectCategory, ValidityStatus
from .import_jobs import DecisionImportJob, ImportJobStatus
from .import_layouts import IGNORED, KEY_HEADERS, LAYOUT_2016, LAYOUTS
from .services import decisions_create_bulk

__all__ = ["ImportOutcome", "decisions_import", "decisions_import_submit", "decisions_import_run", "read_decisions",
           "max_rows", "max_bytes", "inline_max_rows"]
MAX_STORED_ERRORS = 1000

#: 2016's 当前状态 was a code: 0 正常, 1 撤销, 2 异议, 3 其他.
STATUS_2016 = {"0": ValidityStatus.VALID, "正常": ValidityStatus.VALID, "1": ValidityStatus.INVALID,
               "撤销": ValidityStatus.INVALID}
#: Field names of ``decisions.validation`` that a row derives from another column of the file.
DERIVED_FROM = {"act": None, "id_type": "resident_id_2016", "id_number": "resident_id_2016",
                "penalty_categories": "penalty_category_1"}


def max_rows() -> int:
    return int(getattr(settings, "DECISIONS_IMPORT_MAX_ROWS", 10_000))


def max_bytes() -> int:
    return int(getattr(settings, "DECISIONS_IMPORT_MAX_BYTES", settings.MAX_ATTACHMENT_BYTES))


def inline_max_rows() -> int:
    """Files up to this many rows are imported within the request; larger ones by the Celery job."""
    return int(getattr(settings, "DECISIONS_IMPORT_INLINE_MAX_ROWS", 1000))


@dataclass
class ImportOutcome:
    act: str
    rows: int
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict:
        return {"act": self.act, "rows": self.rows, "imported": self.imported, "dry_run": self.dry_run,
                "errors": [error.as_json() for error in self.errors]}

    @property
    def act_label(self) -> str:
        return str(Act(self.act).label)

    @property
    def error_rows(self) -> int:
        return len({error.row_number for error in self.errors})


def read_decisions(file_bytes: bytes, *, name: str) -> Table:
    """The file's rows and which (act, layout) its headers are; a file-level problem raises (400 / 413)."""
    try:
        return read_table(file_bytes, columns=LAYOUTS, name=name, max_rows=max_rows(), max_bytes=max_bytes(),
                          what=_("行政许可、行政处罚信息数据规范"),
                          hint=_("请使用国家双公示数据规范的列名（现行版或 2016 版）。"))
    except ValidationError as exc:
        if getattr(exc, "code", None) != "no_header_row":
            raise
        raise ValidationError(
            _("文件中没有可识别的列名行。行政处罚文件应有：%(penalty)s；行政许可文件应有：%(licence)s。")
            % {"penalty": "、".join(KEY_HEADERS[Act.PENALTY]), "licence": "、".join(KEY_HEADERS[Act.LICENCE])},
            code="no_header_row") from None


def _row(act: str, layout: str, values: dict, department) -> tuple[dict, dict[str, str]]:
    """(the ``check_decision`` row, {key: message} for cells that cannot be read)."""
    row: dict = {"act": act}
    problems: dict[str, str] = {}
    for key, value in values.items():
        if key.startswith(IGNORED) or is_blank(value):
            continue
        if key in ("subject_code", "registration_number", "organisation_code", "tax_number", "institution_number",
                   "social_org_number", "id_number", "representative_id_number", "resident_id_2016",
                   "department_code"):
            try:
                row[key] = to_code(value, _("代码"))
            except CellError as exc:
                problems[key] = str(exc)
        else:
            row[key] = value
    code = row.pop("department_code", "")
    if code and department is not None and code != department.code:
        problems["department_code"] = _("不是本机关（%(name)s，%(code)s）作出的决定，不能由本机关导入。") % {
            "name": department.name, "code": department.code}
    if layout == LAYOUT_2016:
        _from_2016(act, row)
    return row, problems


def _from_2016(act: str, row: dict) -> None:
    """The 2016 layout's columns as the current fields: no subject category column (a 居民身份证号 without a USCC
    is a natural person), two penalty category columns, 当前状态 as a code, 有效期自 = 许可决定日期."""
    resident_id = row.pop("resident_id_2016", "")
    if resident_id and not row.get("subject_code"):
        row.update(subject_category=SubjectCategory.NATURAL_PERSON, id_type=IdType.RESIDENT_ID, id_number=resident_id)
        row.pop("legal_representative", None)
    else:
        row.setdefault("subject_category", SubjectCategory.LEGAL_PERSON)
    categories = [str(row.pop(key)) for key in ("penalty_category_1", "penalty_category_2") if key in row]
    if act == Act.PENALTY:
        row["penalty_categories"] = "；".join(categories)
    status = str(row.get("validity_status", "")).strip()
    row["validity_status"] = STATUS_2016.get(status, status)
    if act == Act.LICENCE and row.get("decision_date") is not None:
        row.setdefault("valid_from", row["decision_date"])


def _header_of(key: str, table: Table) -> str:
    """The header as written in the file for a field of ``decisions.validation``."""
    if key in table.headers:
        return table.headers[key]
    source = DERIVED_FROM.get(key)
    if source in table.headers:
        return table.headers[source]
    for column in LAYOUTS[table.layout]:
        if column.key == key:
            return column.label
    return ""


def decisions_import(*, actor, department, file_bytes: bytes, name: str, dry_run: bool = False,
                     today: datetime.date | None = None, table: Table | None = None,
                     on_progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Check every row; unless ``dry_run`` or any row fails, create them all as drafts (one transaction).

    File-level problems raise ``ValidationError`` (400) or ``WorkbookTooLarge`` (413) and write nothing."""
    today = today or timezone.localdate()
    table = table or read_decisions(file_bytes, name=name)
    act, layout = table.layout
    outcome = ImportOutcome(act=act, rows=len(table.rows), dry_run=dry_run)
    prepared = [_row(act, layout, row.values, department) for row in table.rows]
    for row, (_values, problems) in zip(table.rows, prepared, strict=True):
        outcome.errors += [RowError(row.number, _header_of(key, table), message) for key, message in problems.items()]
    result = decisions_create_bulk(actor=actor, department=department, rows=[values for values, _p in prepared],
                                   channel=CheckChannel.IMPORT, today=today,
                                   dry_run=dry_run or bool(outcome.errors))
    for index, errors in sorted(result.errors.items()):
        number = table.rows[index].number
        for key, messages in errors.items():
            outcome.errors += [RowError(number, _header_of(key, table), str(message)) for message in messages]
    outcome.errors.sort(key=lambda error: error.row_number)
    if on_progress is not None:
        on_progress(len(table.rows))
    outcome.imported = 0 if outcome.errors or dry_run else len(result.created)
    return outcome


# --- large files: the background job -----------------------------------------------------------

def _check_department(actor, department) -> None:
    if department is None:
        raise ValidationError({"file": [_("您的账号未关联单位，不能导入决定。")]})
    if not (actor.has_role(Role.CLERK) and actor.unit_id == department.pk):
        raise ValidationError({"file": [_("只能导入本机关作出的决定。")]})


def decisions_import_submit(*, actor, department, file_bytes: bytes, name: str,
                            dry_run: bool = False) -> ImportOutcome | DecisionImportJob:
    """The use case behind the API and the page: a file of up to ``inline_max_rows()`` rows is imported now
    (an ``ImportOutcome``); a larger one is kept as a job for Celery (``DecisionImportJob``, queued)."""
    _check_department(actor, department)
    table = read_decisions(file_bytes, name=name)
    if len(table.rows) <= inline_max_rows():
        return decisions_import(actor=actor, department=department, file_bytes=file_bytes, name=name,
                                dry_run=dry_run, table=table)
    with transaction.atomic():
        job = DecisionImportJob(uploader=actor, department=department, original_name=name[:200], dry_run=dry_run,
                                act=table.layout[0], total_rows=len(table.rows))
        job.file.save(name, ContentFile(file_bytes), save=False)
        job.full_clean(exclude=["file"])
        job.save()
        transaction.on_commit(lambda: _enqueue(job.pk), robust=True)
    return job


def _enqueue(job_id: int) -> None:
    from .import_tasks import run_import

    run_import.delay(job_id)


def decisions_import_run(*, job_id: int) -> str:
    """queued → running → done | checked (dry run) | failed. Claimed by a conditional update: a second
    delivery of the task finds the job taken and does nothing."""
    if not DecisionImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
            status=ImportJobStatus.RUNNING, started_at=timezone.now()):
        job = DecisionImportJob.objects.filter(pk=job_id).first()
        return job.status if job else "missing"
    job = DecisionImportJob.objects.select_related("uploader", "department").get(pk=job_id)
    with job.file.open("rb") as handle:
        data = handle.read()
    try:
        outcome = decisions_import(actor=job.uploader, department=job.department, file_bytes=data,
                                   name=job.original_name, dry_run=job.dry_run)
    except (ValidationError, WorkbookTooLarge) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        outcome = ImportOutcome(act=job.act, rows=job.total_rows,
                                errors=[RowError(0, "", message) for message in messages])
    job.errors = [error.as_json() for error in outcome.errors[:MAX_STORED_ERRORS]]
    job.imported = outcome.imported
    job.status = (ImportJobStatus.FAILED if outcome.errors else
                  ImportJobStatus.CHECKED if job.dry_run else ImportJobStatus.DONE)
    job.finished_at = timezone.now()
    job.save(update_fields=["errors", "imported", "status", "finished_at"])
    return job.status
