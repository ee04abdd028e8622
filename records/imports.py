"""Excel import of credit records (DESIGN.md §5: imports create drafts only; publishing is separate).

The template and the parser share one column list per kind (``columns_for``): the common
columns of ``CreditRecord`` plus the kind's national field set (``records.fieldsets``).
Workbooks are read by header label, never by position.

Every row is checked by the rules of ``record_create`` — the only place the record rules live —
in their batch form: ``records_prepare`` checks all rows with the look-ups done once per file
(units, people, the reporting rule) and no query per row; the import then writes the rows with
``records_create_bulk`` (the same rows ``record_create`` writes, with ``bulk_create``) inside ONE
transaction, so an import is all-or-nothing unless the clerk chose "只导入无误的行", in which
case exactly the rows without errors become drafts.

Flow: ``import_submit`` (parse, store, validate now or in the background) →
``ready`` / ``failed`` with a row-error report → ``import_start`` (the clerk confirms) →
``import_run`` → ``done`` (or ``failed`` again if the data changed in between).
Files over ``IMPORT_INLINE_MAX_ROWS`` rows are handled by the Celery task ``records.run_import``.
"""
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.errors import TransitionNotAllowed
from integrity_portal.workbooks import (
    DATE_FORMAT_NOTE,
    XLSX_CONTENT_TYPE,
    CellError,
    Column,
    ImportRow,
    RowError,
    is_blank,
    read_table,
    template_bytes,
    to_code,
    to_date,
    to_text,
)

from .choices import (
    DISHONESTY_KINDS,
    GOVERNMENT_SANCTIONS,
    PARTY_SANCTIONS,
    PERSON_ONLY_KINDS,
    UNIT_ONLY_KINDS,
    AssessmentGrade,
    RecordKind,
    SanctionType,
    Severity,
    SubjectType,
)
from .fieldsets import specs_for
from .models import CivilServant, ImportJob, ImportStatus, Unit
from .services import records_create_bulk, records_prepare
from .validators import mask_resident_id, validate_resident_id, validate_uscc

__all__ = [
    "XLSX_CONTENT_TYPE", "Column", "ImportRow", "RowError", "columns_for", "import_template", "import_parse", "import_validate",
    "import_submit", "import_check", "import_start", "import_run", "import_continue", "max_rows", "inline_max_rows",
]

MAX_STORED_ERRORS = 1000
PROGRESS_EVERY = 100
LOOKUP_CHUNK = 500


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 100_000))


def inline_max_rows() -> int:
    """Files up to this many rows are validated and imported within the request; larger ones by Celery."""
    return int(getattr(settings, "IMPORT_INLINE_MAX_ROWS", 500))


# --- columns -------------------------------------------------------------------

def _labels(choices) -> tuple[str, ...]:
    return tuple(str(choice.label) for choice in choices)


def columns_for(kind: str) -> list[Column]:
    """The template columns of a kind, in order. Headers are the national (Chinese) labels in every UI language."""
    if kind not in RecordKind.values:
        raise ValidationError(_("未知的记录类别：%(kind)s") % {"kind": kind})
    with translation.override("zh-hans"):
        return _columns(kind)


def _columns(kind: str) -> list[Column]:
    both = kind not in PERSON_ONLY_KINDS and kind not in UNIT_ONLY_KINDS
    dishonesty = kind in DISHONESTY_KINDS
    columns = []
    if both:
        columns.append(Column("subject_type", "主体类型", "choice", True, _labels(SubjectType),
                              "公务员填写公民身份号码，单位填写主体统一社会信用代码"))
    if kind not in PERSON_ONLY_KINDS:
        columns.append(Column("subject_unit", "主体统一社会信用代码", required=not both,
                              note="18 位，须为单位名录中的单位" + ("；主体类型为单位时必填" if both else "")))
    if kind not in UNIT_ONLY_KINDS:
        columns.append(Column("civil_servant", "公民身份号码", required=not both,
                              note="18 位，须为本单位公务员；请以文本格式填写" + ("；主体类型为公务员时必填" if both else "")))
    columns += [
        Column("subject_name", "主体名称", required=True, note="须与名录中的单位名称或公务员姓名一致"),
        Column("title", "事由", required=True),
        Column("facts", "事实与内容", "longtext"),
        Column("legal_basis", "依据", "longtext"),
        Column("decision_body", "作出决定机关"),
        Column("decision_number", "决定文书号"),
        Column("decision_date", "决定日期", "date", True, note="不能晚于今天"),
    ]
    if dishonesty:
        columns += [Column("act_start", "行为开始日期", "date", note="不能晚于今天"),
                    Column("act_end", "行为终止日期", "date", note="不能早于行为开始日期"),
                    Column("severity", "失信程度", "choice", True, _labels(Severity))]
    if kind in (RecordKind.GOVERNMENT_SANCTION, RecordKind.PARTY_SANCTION):
        family = GOVERNMENT_SANCTIONS if kind == RecordKind.GOVERNMENT_SANCTION else PARTY_SANCTIONS
        columns.append(Column("sanction_type", "处分种类", "choice", True,
                              tuple(str(s.label) for s in SanctionType if s in family)))
    if kind == RecordKind.ANNUAL_ASSESSMENT:
        columns.append(Column("assessment_grade", "考核等次", "choice", True, _labels(AssessmentGrade)))
    for spec in specs_for(kind):
        columns.append(Column(f"details.{spec.name}", str(spec.label), spec.type, spec.required, tuple(spec.choices)))
    return columns


# Common choice columns: label (or stored value) → stored value.
_CHOICE_VALUES = {
    "subject_type": SubjectType, "severity": Severity, "sanction_type": SanctionType,
    "assessment_grade": AssessmentGrade,
}


def _choice_value(key: str, text: str) -> str | None:
    with translation.override("zh-hans"):
        for choice in _CHOICE_VALUES[key]:
            if text in (str(choice.label), choice.value):
                return choice.value
    return None


# --- template ------------------------------------------------------------------

def import_template(kind: str) -> bytes:
    """The downloadable workbook of a kind: the data sheet and a 填写说明 sheet."""
    kind_label = _kind_label(kind)
    return template_bytes(title=kind_label, columns=columns_for(kind), max_rows=max_rows(), lines=(
        f"记录类别：{kind_label}。每个文件只填写一个类别，请使用该类别的模板。",
        "第一行为列名，系统按列名识别各列（列的顺序可以调整，列名不得修改）；红色列名为必填列。",
        f"日期一律填写为 {DATE_FORMAT_NOTE}。",
        "公民身份号码、统一社会信用代码请以文本格式填写，避免被 Excel 转为科学计数法。",
        f"每个文件最多 {max_rows()} 行数据；空行自动忽略。",
        "导入前逐行校验全部数据；任何一行有误则整批不导入，并列出出错的行号、列名和原因。"
        "可修改后重新上传，或选择“只导入无误的行”。",
        "导入的记录均为草稿，须核对后另行发布。",
    ))


def _kind_label(kind: str) -> str:
    with translation.override("zh-hans"):
        return str(RecordKind(kind).label)


# --- parsing -------------------------------------------------------------------

def import_parse(*, file_bytes: bytes, kind: str, name: str = "") -> list[ImportRow]:
    """Rows of the workbook keyed by column; a file that is not this kind's template raises ValidationError."""
    return read_table(file_bytes, columns=columns_for(kind), name=name, max_rows=max_rows(),
                      what=_("“%(kind)s”的导入模板") % {"kind": _kind_label(kind)},
                      hint=_("请确认记录类别，或下载该类别的模板。")).rows


# --- cell conversion -------------------------------------------------------------

def _convert(column: Column, value):
    """The value handed to ``record_create``; conversion only — the rules stay in the service."""
    if is_blank(value):
        return None
    if column.type == "date":
        return to_date(value)
    if column.type == "choice" and not column.is_detail:
        text = to_text(value)
        stored = _choice_value(column.key, text)
        if stored is None:
            raise CellError(_("“%(value)s”不是可选值。可选：%(choices)s。")
                             % {"value": text, "choices": "、".join(column.choices)})
        return stored
    if column.type == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if column.type in ("int", "decimal") and isinstance(value, int | float):
        return value
    return to_text(value)


# --- subjects --------------------------------------------------------------------

class _Subjects:
    """Subjects named in the file, looked up in bulk: units among all units, people among those the actor sees."""

    def __init__(self, rows: Iterable[ImportRow], actor):
        codes, ids = set(), set()
        for row in rows:
            for key, found in (("subject_unit", codes), ("civil_servant", ids)):
                value = row.values.get(key)
                if isinstance(value, str | int) and not is_blank(value):
                    found.add(to_text(value).replace(" ", "").replace("-", "").upper())
        self.units = {}
        for chunk in _chunks(sorted(codes)):
            self.units.update({unit.code: unit for unit in Unit.objects.filter(code__in=chunk)})
        self.servants = {}
        visible = CivilServant.objects.visible_to(actor)
        for chunk in _chunks(sorted(ids)):
            self.servants.update({person.id_number: person for person in visible.filter(id_number__in=chunk)})


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _resolve_subject(kind: str, values: dict, subjects: _Subjects, fields: dict, problems: dict) -> None:
    if kind in PERSON_ONLY_KINDS:
        subject_type = SubjectType.PERSON
    elif kind in UNIT_ONLY_KINDS:
        subject_type = SubjectType.UNIT
    else:
        subject_type = fields.get("subject_type")
        if not subject_type and "subject_type" not in problems:
            problems["subject_type"] = _("请填写主体类型（公务员或单位）。")
    fields["subject_type"] = subject_type or ""
    name = to_text(values.get("subject_name"))
    if not name:
        problems["subject_name"] = _("请填写主体名称。")
    if subject_type == SubjectType.UNIT:
        unit = _lookup(values, "subject_unit", _("统一社会信用代码"), validate_uscc, subjects.units, problems,
                       missing=_("主体为单位时须填写统一社会信用代码。"),
                       unknown=lambda code: _("单位名录中没有统一社会信用代码为 %(code)s 的单位。") % {"code": code})
        if unit is not None:
            fields["subject_unit"] = unit
            if name and name != unit.name:
                problems["subject_name"] = _("与单位名录不一致：该代码对应的单位为“%(name)s”。") % {"name": unit.name}
    elif subject_type == SubjectType.PERSON:
        person = _lookup(values, "civil_servant", _("公民身份号码"), validate_resident_id, subjects.servants, problems,
                         missing=_("主体为公务员时须填写公民身份号码。"),
                         unknown=lambda number: _("不在本单位范围：本单位公务员中没有公民身份号码为 %(id)s 的人员。")
                         % {"id": mask_resident_id(number)})
        if person is not None:
            fields["civil_servant"] = person
            if name and name != person.name:
                problems["subject_name"] = _("与公民身份号码对应的公务员姓名不一致。")


def _lookup(values, key, what, validate, found, problems, *, missing, unknown):
    try:
        code = to_code(values.get(key), what)
    except CellError as exc:
        problems[key] = str(exc)
        return None
    if not code:
        problems[key] = missing
        return None
    try:
        validate(code)
    except ValidationError as exc:
        problems[key] = exc.messages[0]
        return None
    if code not in found:
        problems[key] = unknown(code)
        return None
    return found[code]


# --- rows → records --------------------------------------------------------------

class _Rollback(Exception):
    """Raised inside ``transaction.atomic()`` to undo it on purpose."""


def _row_fields(row: ImportRow, kind: str, columns: list[Column], subjects: _Subjects) -> tuple[dict, dict]:
    """(fields for ``record_create``, {column key: message} for cells that could not be read)."""
    fields: dict[str, Any] = {"kind": kind, "details": {}}
    problems: dict[str, str] = {}
    for column in columns:
        if column.key in ("subject_unit", "civil_servant", "subject_name"):
            continue
        try:
            value = _convert(column, row.values.get(column.key))
        except CellError as exc:
            problems[column.key] = str(exc)
            value = None
        if column.is_detail:
            if value is not None:
                fields["details"][column.key.removeprefix("details.")] = value
        else:
            fields[column.key] = value if value is not None or column.type == "date" else ""
    _resolve_subject(kind, row.values, subjects, fields, problems)
    return fields, problems


def _service_errors(exc: ValidationError, skip: set[str]) -> list[tuple[str, str]]:
    """(column key, message) pairs from a ``record_create`` error; keys of unreadable cells are skipped."""
    pairs = []
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
    for key, messages in items:
        if key in skip or (key in ("__all__", "subject_type") and skip & {"subject_unit", "civil_servant"}):
            continue
        pairs += [(key, message) for message in messages]
    return pairs


def _process(*, rows: list[ImportRow], kind: str, actor, provider, save: bool,
             on_progress: Callable[[int], None] | None = None) -> tuple[list[RowError], int]:
    """Check every row (``records_prepare``); with ``save``, write the rows without errors in bulk
    (``records_create_bulk``). Returns (errors, created)."""
    columns = columns_for(kind)
    labels = {column.key: column.label for column in columns}
    allowed = {column.key: column.choices for column in columns if column.is_detail and column.choices}
    subjects = _Subjects(rows, actor)
    today = timezone.localdate()
    read = [_row_fields(row, kind, columns, subjects) for row in rows]

    def progress(done: int) -> None:
        if on_progress is not None and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            on_progress(done)

    checked = records_prepare(actor=actor, provider=provider, today=today, rows=[fields for fields, _p in read],
                              on_progress=progress)
    errors: list[RowError] = []
    good = []
    for row, (_fields, problems), result in zip(rows, read, checked, strict=True):
        pairs = list(problems.items())
        if isinstance(result, ValidationError):
            pairs += _service_errors(result, skip=set(problems))
        elif not problems:  # a row with an unreadable cell is never kept
            good.append(result)
        for key, message in pairs:
            if key in allowed and "可选" not in message:
                message = f"{message} 可选：{'、'.join(allowed[key])}。"
            errors.append(RowError(row.number, labels.get(key, ""), str(message)))
    if save and good:
        records_create_bulk(actor=actor, records=good, today=today)
    return errors, (len(good) if save else 0)


def import_validate(*, rows: list[ImportRow], kind: str, actor, provider,
                    on_progress: Callable[[int], None] | None = None) -> list[RowError]:
    """Every row checked by the same rules as a single record (``record_create``); nothing is saved."""
    return _process(rows=rows, kind=kind, actor=actor, provider=provider, save=False, on_progress=on_progress)[0]


# --- jobs ------------------------------------------------------------------------

def _check_provider(actor, provider) -> None:
    if actor.is_superuser or actor.has_role(Role.CREDIT_OFFICE):
        return
    if not (actor.has_role(Role.CLERK) and actor.unit_id and provider.pk == actor.unit_id):
        raise ValidationError({"provider": [_("只能导入本单位提供的记录。")]})


def _enqueue(job_id: int) -> None:
    from .import_tasks import run_import

    transaction.on_commit(lambda: run_import.delay(job_id), robust=True)


def _report(errors: list[RowError], total: int) -> tuple[list[dict], int]:
    """(stored error list, number of valid rows)."""
    bad = {error.row_number for error in errors}
    return [error.as_json() for error in errors[:MAX_STORED_ERRORS]], total - len(bad)


def _read(job: ImportJob) -> list[ImportRow]:
    with job.file.open("rb") as handle:
        return import_parse(file_bytes=handle.read(), kind=job.kind)


def _file_failed(job: ImportJob, exc: ValidationError) -> ImportJob:
    job.status, job.finished_at = ImportStatus.FAILED, timezone.now()
    job.errors = [RowError(0, "", message).as_json() for message in exc.messages]
    job.valid_rows = job.progress = job.created_count = 0
    job.save(update_fields=["status", "finished_at", "errors", "valid_rows", "progress", "created_count"])
    return job


def import_submit(*, actor, provider, kind: str, name: str, file_bytes: bytes) -> ImportJob:
    """Store an upload as a job and validate it: here for small files, in the background for large ones.

    A file that is not this kind's template raises ValidationError and leaves nothing behind.
    """
    _check_provider(actor, provider)
    rows = import_parse(file_bytes=file_bytes, kind=kind)
    with transaction.atomic():
        job = ImportJob(uploader=actor, provider=provider, kind=kind, original_name=name[:200], total_rows=len(rows))
        job.file.save(name, ContentFile(file_bytes), save=False)
        job.full_clean(exclude=["file"])
        job.save()
        if len(rows) > inline_max_rows():
            _enqueue(job.pk)
    if len(rows) <= inline_max_rows():
        job = import_check(job=job, rows=rows)
    return job


def import_check(*, job: ImportJob, rows: list[ImportRow] | None = None) -> ImportJob:
    """uploaded → validating → ready (no errors) | failed (the row-error report). Safe to run twice."""
    claimed = ImportJob.objects.filter(pk=job.pk, status__in=(ImportStatus.UPLOADED, ImportStatus.VALIDATING)).update(
        status=ImportStatus.VALIDATING, progress=0)
    job.refresh_from_db()
    if not claimed:
        return job
    try:
        rows = rows if rows is not None else _read(job)
    except ValidationError as exc:
        return _file_failed(job, exc)
    errors = import_validate(rows=rows, kind=job.kind, actor=job.uploader, provider=job.provider,
                             on_progress=lambda n: ImportJob.objects.filter(pk=job.pk).update(progress=n))
    job.errors, job.valid_rows = _report(errors, len(rows))
    job.total_rows = job.progress = len(rows)
    job.status = ImportStatus.FAILED if errors else ImportStatus.READY
    job.finished_at = timezone.now() if errors else None
    job.save(update_fields=["errors", "valid_rows", "total_rows", "progress", "status", "finished_at"])
    return job


def import_start(*, job: ImportJob, actor, only_valid: bool = False) -> ImportJob:
    """The clerk confirms: all rows (only when none has an error) or explicitly only the valid rows."""
    _check_provider(actor, job.provider)
    with transaction.atomic():
        claim = ImportJob.objects.filter(pk=job.pk)
        if only_valid:
            claim = claim.filter(status=ImportStatus.FAILED, valid_rows__gt=0, created_count=0)
        else:
            claim = claim.filter(status=ImportStatus.READY)
        if not claim.update(status=ImportStatus.IMPORTING, only_valid=only_valid, progress=0, finished_at=None):
            raise TransitionNotAllowed(
                _("该导入任务当前不能导入（状态：%(status)s）。") % {"status": job.get_status_display()}
                if not only_valid else _("只有存在无误行且校验未通过的导入任务才能“只导入无误的行”。"))
        inline = job.total_rows <= inline_max_rows()
        if not inline:
            _enqueue(job.pk)
    job.refresh_from_db()
    return import_run(job=job) if inline else job


def import_run(*, job: ImportJob) -> ImportJob:
    """importing → done | failed. Drafts only, all in one transaction; any row error saves nothing
    unless the clerk chose only the valid rows. A second run of the same job does nothing."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("uploader", "provider").get(pk=job.pk)
        if job.status != ImportStatus.IMPORTING:
            return job
        try:
            rows = _read(job)
        except ValidationError as exc:
            return _file_failed(job, exc)
        try:
            with transaction.atomic():
                errors, created = _process(rows=rows, kind=job.kind, actor=job.uploader, provider=job.provider,
                                           save=True)
                if errors and not job.only_valid:
                    raise _Rollback
        except _Rollback:
            created = 0
        job.errors, job.valid_rows = _report(errors, len(rows))
        job.total_rows = job.progress = len(rows)
        job.created_count = created
        job.status = ImportStatus.FAILED if errors and not job.only_valid else ImportStatus.DONE
        job.finished_at = timezone.now()
        job.save(update_fields=["errors", "valid_rows", "total_rows", "progress", "created_count", "status",
                                "finished_at"])
    return job


def import_continue(*, job_id: int) -> str:
    """What the background task does: the next step of the job, whatever state it is in."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return "missing"
    if job.status in (ImportStatus.UPLOADED, ImportStatus.VALIDATING):
        job = import_check(job=job)
    elif job.status == ImportStatus.IMPORTING:
        job = import_run(job=job)
    return job.status
