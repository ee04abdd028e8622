"""Excel import of the figures other bodies report per unit and period (clauses 3, 15, 16).

On the portal's workbook reader and template writer (``integrity_portal.workbooks``): a downloadable template
with a 填写说明 sheet, columns found by header (xlsx or csv), every row validated before anything is saved, row-level errors
(row number, column, reason), all-or-nothing.
"""
import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from accounts.services import configuration_changes_record
from integrity_portal.workbooks import (
    XLSX_CONTENT_TYPE,
    CellError,
    Column,
    RowError,
    is_blank,
    read_table,
    template_bytes,
    to_code,
)
from records.models import Unit

from ..choices import InputKind
from ..indicators.imported import INPUT_BOUNDS, INPUT_FIELDS, INPUT_LABELS
from ..models import InputBatch, InputValue
from ..periods import parse_period
from .common import actor_or_none
from .runs import period_get_or_create

__all__ = ["ImportRejected", "input_template", "input_import", "XLSX_CONTENT_TYPE", "columns_for_kind"]

CODE, NAME = "统一社会信用代码", "单位名称"
FOUR_PLACES = Decimal("0.0001")  # InputValue.value's decimal places
MAX_ROWS = 5000


class ImportRejected(ValidationError):
    """The file was refused; ``row_errors`` says where and why. Nothing was saved."""

    def __init__(self, row_errors: list[RowError]):
        super().__init__(_("导入未通过校验，共 %(n)d 处错误，未保存任何数据。") % {"n": len(row_errors)})
        self.row_errors = row_errors


def columns_for_kind(kind: str) -> list[tuple[str, str, str, Decimal | None]]:
    if kind not in InputKind.values:
        raise ValidationError({"kind": [_("未知的数据类别：%(kind)s") % {"kind": kind}]})
    return [("code", CODE, "code", None), ("name", NAME, "text", None), *INPUT_FIELDS[kind]]


def _workbook_columns(columns) -> list[Column]:
    return [Column(key, label, "int" if kind_ == "int" else ("text" if kind_ in ("code", "text") else "decimal"),
                   required=True, note={"code": "18 位统一社会信用代码，须为单位名录中的单位；请以文本格式填写",
                                        "text": "须与单位名录中的名称一致",
                                        "int": "不小于 0 的整数"}.get(kind_, f"0 到 {maximum} 之间的数字"))
            for key, label, kind_, maximum in columns]


def input_template(kind: str) -> bytes:
    return template_bytes(title=str(InputKind(kind).label), columns=_workbook_columns(columns_for_kind(kind)),
                          max_rows=MAX_ROWS, number_formats={"decimal": "0.00", "int": "0.00"}, lines=(
                              "第一行为列名，系统按列名识别各列；所有列均为必填。", "每个单位一行，同一单位不得重复。",
                              "导入前逐行校验全部数据；任何一行有误则整批不导入，并列出出错的行号、列名和原因。",
                              "同一期间再次导入同类数据时，文件中各单位的数据替换原有数据。"))


def _read(file_bytes: bytes, columns, name: str = "") -> list[tuple[int, dict]]:
    table = read_table(file_bytes, columns=_workbook_columns(columns), name=name, max_rows=MAX_ROWS,
                       ignore_unknown=True)
    return [(row.number, row.values) for row in table.rows]


def figure_number(value, kind: str, maximum: Decimal | None) -> Decimal:
    """A figure as the import reads it: a number ≥ 0, an integer where counted, up to ``maximum``."""
    if is_blank(value):
        raise ValueError(_("必填。"))
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise ValueError(_("“%(v)s”不是数字。") % {"v": value}) from None
    if not number.is_finite():
        raise ValueError(_("“%(v)s”不是数字。") % {"v": value})
    if kind == "int" and number != number.to_integral_value():
        raise ValueError(_("应为整数：%(v)s") % {"v": value})
    if number < 0 or (maximum is not None and number > maximum):
        raise ValueError(_("超出范围：应在 0 到 %(max)s 之间，填写的是 %(v)s。")
                         % {"max": maximum if maximum is not None else "∞", "v": value})
    return number


def _validate(rows, columns) -> tuple[list[tuple[Unit, dict]], list[RowError]]:
    errors: list[RowError] = []
    codes = {}
    for number, values in rows:
        try:
            codes[number] = to_code(values.get("code"), CODE) if not is_blank(values.get("code")) else ""
        except CellError as exc:
            errors.append(RowError(number, CODE, str(exc)))
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c in codes.values() if c])}
    accepted, seen = [], {}
    for number, values in rows:
        if number not in codes:
            continue
        code, row_errors = codes[number], []
        unit = units.get(code)
        if not code:
            row_errors.append(RowError(number, CODE, _("必填。")))
        elif not uscc.is_valid(code):
            row_errors.append(RowError(number, CODE, _("统一社会信用代码校验不通过：%(c)s") % {"c": code}))
        elif unit is None:
            row_errors.append(RowError(number, CODE, _("单位名录中没有该代码的单位：%(c)s") % {"c": code}))
        elif str(values.get("name") or "").strip() != unit.name:
            row_errors.append(RowError(number, NAME, _("与名录中的单位名称（%(n)s）不一致。") % {"n": unit.name}))
        elif unit.pk in seen:
            row_errors.append(RowError(number, CODE, _("与第 %(r)s 行重复。") % {"r": seen[unit.pk]}))
        figures = {}
        for key, label, kind, maximum in columns[2:]:
            try:
                figures[key] = figure_number(values.get(key), kind, maximum)
            except ValueError as exc:
                row_errors.append(RowError(number, label, str(exc)))
        for part, whole in INPUT_BOUNDS.items():
            if part in figures and whole in figures and figures[part] > figures[whole]:
                row_errors.append(RowError(number, INPUT_LABELS[part], _("不能大于“%(w)s”。") % {"w": INPUT_LABELS[whole]}))
        if row_errors:
            errors += row_errors
        else:
            seen[unit.pk] = number
            accepted.append((unit, figures))
    return accepted, errors


def input_import(*, actor, period: str, kind: str, name: str, file_bytes: bytes) -> InputBatch:
    """Validate every row, then save all of them in one transaction — or nothing (``ImportRejected``)."""
    span = parse_period(period)
    columns = columns_for_kind(kind)
    rows = _read(file_bytes, columns, name)
    accepted, errors = _validate(rows, columns)
    if errors:
        raise ImportRejected(errors)
    keys = [key for key, _l, _k, _m in columns[2:]]
    with transaction.atomic():
        period_row = period_get_or_create(span)
        batch = InputBatch.objects.create(period=period_row, kind=kind, original_name=(name or "")[:200],
                                          sha256=hashlib.sha256(file_bytes).hexdigest(), row_count=len(accepted),
                                          uploaded_by=actor_or_none(actor))
        replaced = InputValue.objects.filter(period=period_row, key__in=keys, unit__in=[u for u, _f in accepted])
        before = {(v.unit_id, v.key): v.value for v in replaced}
        replaced.delete()
        created = InputValue.objects.bulk_create([
            InputValue(period=period_row, unit=unit, key=key, value=value.quantize(FOUR_PLACES), batch=batch,
                       entered_by=actor_or_none(actor))
            for unit, figures in accepted for key, value in figures.items()
        ])
        # Every figure the file set or changed is an audit row (old → new), like an entry in the admin.
        configuration_changes_record(actor=actor, via="import", reason=_("导入批次 #%(id)s：%(name)s") % {
            "id": batch.pk, "name": batch.original_name}, changes=[
            (value, None if (value.unit_id, value.key) not in before else {"value": str(before[value.unit_id, value.key])},
             {"value": str(value.value)}) for value in created])
    return batch
