"""Excel import of commitment drafts (issue 5, item 3), on the portal's workbook reader.

The column list (``COLUMNS``) serves both the template and the parser (``integrity_portal.workbooks``);
workbooks are read by header, never by position. Record-style cell conversion and the row-error mapping
come from ``records.imports``; the commitment rules stay in ``commitment_create`` — the only way to create one.

A commitments file is small (``MAX_ROWS``), so there is no job model: ``import_commitments`` runs every
row through ``commitment_create`` inside ONE transaction (each row in its own savepoint) and then keeps
the lot only when asked to (``save=True``) and no row failed — or, with ``only_valid=True``, exactly the
rows without errors. Validation and import are the same pass, so a duplicate code inside the file, or a
row referring to a programme the file does not create, is caught before anything is kept.
"""
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.errors import PortalError
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
    to_text,
)
from records.imports import _convert, _Rollback, _service_errors
from records.validators import validate_uscc

from .choices import CommitmentKind, CounterpartyType, PublicationType, ServiceArea
from .models import Commitment
from .services import commitment_create

__all__ = ["COLUMNS", "MAX_ROWS", "XLSX_CONTENT_TYPE", "ImportResult", "import_template", "import_parse",
           "import_commitments", "store_upload", "read_stored", "discard_stored", "sweep_stored"]

MAX_ROWS = 2000
STORE_DIR = "commitment-imports"
SHEET_TITLE = "政务承诺"
_CHOICES = {"kind": CommitmentKind, "service_area": ServiceArea, "publication_type": PublicationType,
            "counterparty_type": CounterpartyType}


def _labels(choices) -> tuple[str, ...]:
    with translation.override("zh-hans"):
        return tuple(str(choice.label) for choice in choices)


# The credit-commitment field set (DESIGN.md §5) in the order of the export; the committing unit is chosen
# on the page (a clerk's own unit, or the one the office names), never read from the file.
COLUMNS: list[Column] = [
    Column("code", "承诺编码", note="留空则自动生成；填写的不得与已有承诺重复"),
    Column("title", "承诺名称", required=True),
    Column("kind", "承诺类型", "choice", True, _labels(CommitmentKind)),
    Column("service_area", "公共服务领域", "choice", False, _labels(ServiceArea),
           "仅“镇（街道）公共服务承诺”填写，且必填"),
    Column("reason", "承诺事由", "longtext", True),
    Column("content", "承诺内容", "longtext", True),
    Column("liability", "违诺责任", "longtext", True),
    Column("committed_on", "承诺作出日期", "date", True, note="不能晚于今天"),
    Column("valid_until", "有效期至", "date", note="留空表示长期有效；不能早于承诺作出日期"),
    Column("amount", "涉及金额（万元）", "decimal"),
    Column("publication_type", "公开类型", "choice", True, _labels(PublicationType)),
    Column("counterparty_name", "承诺对象名称", note="填写的须同时选择承诺对象类别"),
    Column("counterparty_type", "承诺对象类别", "choice", False, _labels(CounterpartyType)),
    Column("counterparty_code", "承诺对象统一社会信用代码",
           note="18 位，按 GB 32100 校验；仅法人及非法人组织、个体工商户填写；请以文本格式填写"),
    Column("accepting_unit", "受理单位"),
    Column("parent", "所属承诺清单编码", note="归入本单位已有承诺清单（如街道年度公共服务承诺清单）时填写其承诺编码"),
    Column("weight", "在清单中的权重", "int", note="1–100，留空为 1；仅归入清单时有意义"),
]
_BY_KEY = {column.key: column for column in COLUMNS}


# --- template ------------------------------------------------------------------

TEMPLATE_LINES = (
    "每行一项政务承诺；承诺单位在导入页面选择（单位经办人只能导入本单位的承诺）。",
    "第一行为列名，系统按列名识别各列（列的顺序可以调整，列名不得修改）；红色列名为必填列。",
    f"日期一律填写为 {DATE_FORMAT_NOTE}。",
    "统一社会信用代码请以文本格式填写，避免被 Excel 转为科学计数法。",
    f"每个文件最多 {MAX_ROWS} 行数据；空行自动忽略。",
    "导入前逐行校验全部数据；任何一行有误则整批不导入，并列出出错的行号、列名和原因。"
    "可修改后重新上传，或选择“只导入无误的行”。",
    "导入的承诺均为草稿，须核对后另行公开；责任人、履行节点在承诺页面登记。",
)


def import_template() -> bytes:
    """The downloadable workbook: the data sheet (Chinese headers, drop-downs) and a 填写说明 sheet."""
    return template_bytes(title=SHEET_TITLE, columns=COLUMNS, max_rows=MAX_ROWS, number_formats={"decimal": "0.00"},
                          lines=TEMPLATE_LINES)


# --- parsing -------------------------------------------------------------------

def import_parse(file_bytes: bytes, name: str = "") -> list[ImportRow]:
    """Rows keyed by column; a file that is not the commitments template raises ValidationError."""
    return read_table(file_bytes, columns=COLUMNS, name=name, max_rows=MAX_ROWS, what=_("政务承诺导入模板"),
                      hint=_("请下载政务承诺导入模板。")).rows


# --- rows → commitments -----------------------------------------------------------

def _choice(column: Column, value) -> str:
    text = to_text(value)
    with translation.override("zh-hans"):
        for choice in _CHOICES[column.key]:
            if text in (str(choice.label), choice.value):
                return choice.value
    raise CellError(_("“%(value)s”不是可选值。可选：%(choices)s。")
                     % {"value": text, "choices": "、".join(column.choices)})


def _row_fields(row: ImportRow, parents: dict[str, Commitment]) -> tuple[dict, dict]:
    """(fields for ``commitment_create``, {column key: message} for cells that could not be read)."""
    fields: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for column in COLUMNS:
        raw = row.values.get(column.key)
        try:
            if is_blank(raw):
                if column.required:
                    raise CellError(_("此列必填。"))
                value = None
            elif column.type == "choice":
                value = _choice(column, raw)
            elif column.key == "counterparty_code":
                value = to_code(raw, _("统一社会信用代码"))
                validate_uscc(value)
            elif column.key == "parent":
                code = to_text(raw)
                value = parents.get(code)
                if value is None:
                    raise CellError(_("本单位没有承诺编码为 %(code)s 的承诺清单。") % {"code": code})
            else:
                value = _convert(column, raw)  # records.imports: dates, numbers, text — conversion only
        except CellError as exc:
            problems[column.key] = str(exc)
            continue
        except ValidationError as exc:
            problems[column.key] = exc.messages[0]
            continue
        if value is not None:
            fields[column.key] = value
        elif column.type in ("text", "longtext", "choice") and column.key != "parent":
            fields[column.key] = ""
    return fields, problems


@dataclass
class ImportResult:
    total: int
    errors: list[RowError] = field(default_factory=list)
    created: list[Commitment] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({error.row_number for error in self.errors})

    @property
    def valid_rows(self) -> int:
        return self.total - self.error_rows


def check_unit(actor, unit) -> None:
    """A clerk imports for their own unit only; the office (or a superuser) names any unit."""
    if unit is None:
        raise ValidationError(_("您的账号未关联单位，不能导入承诺。"))
    if actor.is_superuser or actor.has_role(Role.CREDIT_OFFICE):
        return
    if not (actor.has_role(Role.CLERK) and actor.unit_id and unit.pk == actor.unit_id):
        raise ValidationError({"unit": [_("只能导入本单位的承诺。")]})


def _parents(rows: list[ImportRow], actor, unit) -> dict[str, Commitment]:
    codes = {to_text(row.values.get("parent")) for row in rows if not is_blank(row.values.get("parent"))}
    if not codes:
        return {}
    found = Commitment.objects.writable_by(actor).filter(code__in=codes, parent__isnull=True).select_related("unit")
    return {commitment.code: commitment for commitment in found}


def import_commitments(*, actor, unit, rows: list[ImportRow], save: bool = False,
                       only_valid: bool = False) -> ImportResult:
    """Every row through ``commitment_create`` in one transaction. Kept only when ``save`` and no row failed,
    or (``only_valid``) the rows without errors; otherwise everything is rolled back. Drafts only."""
    check_unit(actor, unit)
    labels = {column.key: column.label for column in COLUMNS}
    result = ImportResult(total=len(rows))
    try:
        with transaction.atomic():
            parents = _parents(rows, actor, unit)
            for row in rows:
                fields, problems = _row_fields(row, parents)
                pairs = list(problems.items())
                try:
                    with transaction.atomic():
                        created = commitment_create(actor=actor, unit=unit, **fields)
                        if problems:  # a row with an unreadable cell is never kept
                            raise _Rollback
                    result.created.append(created)
                except _Rollback:
                    pass
                except ValidationError as exc:
                    pairs += _service_errors(exc, skip=set(problems))
                except PortalError as exc:
                    pairs.append(("__all__", exc.message))
                for key, message in pairs:
                    result.errors.append(RowError(row.number, labels.get(key, ""), str(message)))
            if not save or (result.errors and not only_valid):
                raise _Rollback
    except _Rollback:
        result.created = []
    return result


# --- the stored copy of an upload (the confirmation re-posts it, not the file) -----------

SESSION_KEY = "commitment_imports"


def store_upload(request, *, name: str, data: bytes, unit) -> str:
    """Keep the upload under MEDIA_ROOT/commitment-imports/ for the confirmation; the token lives in the session."""
    token = secrets.token_urlsafe(24)
    default_storage.save(f"{STORE_DIR}/{token}.xlsx", ContentFile(data))
    stored = dict(request.session.get(SESSION_KEY, {}))
    for old in list(stored)[:-4]:  # a user keeps at most five pending uploads
        discard_stored(request, old, stored)
    stored[token] = {"name": name[:200], "unit": unit.pk}
    request.session[SESSION_KEY] = stored
    return token


def read_stored(request, token: str) -> tuple[dict, bytes] | None:
    """(the session entry, the bytes) of one of this user's pending uploads, or None."""
    entry = request.session.get(SESSION_KEY, {}).get(token or "")
    path = f"{STORE_DIR}/{token}.xlsx"
    if entry is None or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return entry, handle.read()


def sweep_stored(*, now=None) -> int:
    """Delete kept uploads older than a session: their token died with the session that held it.

    An upload is confirmed or discarded within the user's session; the daily job removes the ones left
    behind when a clerk closed the browser between preview and confirmation.
    """
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    try:
        _dirs, files = default_storage.listdir(STORE_DIR)
    except FileNotFoundError:
        return 0
    swept = 0
    for name in files:
        path = f"{STORE_DIR}/{name}"
        if name.endswith(".xlsx") and default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            swept += 1
    return swept


def discard_stored(request, token: str, stored: dict | None = None) -> None:
    own = stored is None
    stored = dict(request.session.get(SESSION_KEY, {})) if own else stored
    if stored.pop(token, None) is not None:
        default_storage.delete(f"{STORE_DIR}/{token}.xlsx")
    if own:
        request.session[SESSION_KEY] = stored
