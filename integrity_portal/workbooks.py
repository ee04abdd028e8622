"""The portal's one workbook reader and writer (issue 14: every import and export; issue 16 item 2).

Writing: every workbook or csv the portal produces goes through ``xlsx_bytes`` / ``csv_bytes``: a sheet is a title, a
header and rows, usually built from a column list (``column_sheet``: ``(header, getter)`` pairs). Text a
spreadsheet would read as a formula — starting with ``= + - @``, a tab or a carriage return — is written as
text: in xlsx as a string cell with Excel's quote prefix (the value stays exactly what the user typed, and
editing the cell does not turn it into a formula); in csv with a leading apostrophe (OWASP's advice, as a
csv has no cell types). ``template_bytes`` writes an import template from the same column list.

Reading: ``read_table`` turns an upload (xlsx, or csv in UTF-8 with or without a BOM, or GB18030) into rows
keyed by ``Column.key``. Headers are matched after normalisation (full/half-width forms, stray spaces, a
leading ``*``) against each column's label and aliases, in any order, on the first row that looks like a
header row (title lines above it are skipped). Formula cells are read as the values the spreadsheet saved,
never evaluated; a csv cell is text. Problems with the file itself raise ``ValidationError`` (400: unknown
headers listed by name, no header row → the expected headers, a csv in neither encoding → the encodings
tried) or ``WorkbookTooLarge`` (413). Row checks stay with each import, which reports ``RowError``s by the
header as written in the file (``Table.headers``).
"""
import csv
import datetime
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

__all__ = [
    "XLSX_CONTENT_TYPE", "CSV_CONTENT_TYPE", "FORMULA_STARTS", "Sheet", "looks_like_formula", "column_sheet",
    "xlsx_bytes", "csv_bytes", "download_response", "template_bytes",
    "Column", "ImportRow", "RowError", "Table", "WorkbookTooLarge", "CellError", "read_table", "normalise_header",
    "is_blank", "to_text", "to_date", "to_code", "INSTRUCTIONS_SHEET", "DATE_FORMAT_NOTE", "CSV_ENCODINGS",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """True for text a spreadsheet would evaluate when it opens (or a user re-enters) the cell."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


@dataclass
class Sheet:
    """One sheet: ``lead`` lines (e.g. a title line) above the bold ``header``, then the ``rows``."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    lead: Sequence[Sequence[Any]] = field(default_factory=tuple)
    freeze_header: bool = False


Getter = Callable[[Any], Any]


def column_sheet(title: str, columns: Sequence[tuple[Any, Getter]], objects: Iterable[Any], *,
                 freeze_header: bool = False) -> Sheet:
    """A sheet from a column list: ``(header, getter)`` pairs; each object gives one row."""
    return Sheet(
        title=str(title), header=[str(header) for header, _getter in columns],
        rows=([getter(obj) for _header, getter in columns] for obj in objects), freeze_header=freeze_header)


def _plain(value: Any) -> Any:
    if isinstance(value, Promise):  # a lazy translation
        return str(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        raise ValueError("workbooks hold local naive datetimes: convert with timezone.localtime() first")
    return value


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """An .xlsx (write-only, so large exports stream row by row) with formula-like text written as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def cell(sheet, value, *, header: bool = False):
        value = _plain(value)
        if not header and not looks_like_formula(value):
            return value
        written = WriteOnlyCell(sheet, value=value)
        if looks_like_formula(value):
            written.data_type = "s"  # openpyxl would store "=…" as a formula
            written.quotePrefix = True
        if header:
            written.font = bold
        return written

    for spec in sheets:
        sheet = book.create_sheet(title=str(spec.title)[:31])
        if spec.freeze_header:
            sheet.freeze_panes = f"A{len(spec.lead) + 2}"
        for line in spec.lead:
            sheet.append([cell(sheet, value) for value in line])
        sheet.append([cell(sheet, value, header=True) for value in spec.header])
        for row in spec.rows:
            sheet.append([cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_text(value: Any) -> Any:
    value = _plain(value)
    if value is None:
        return ""
    if looks_like_formula(value):
        return "'" + value
    return value


def csv_bytes(sheet: Sheet, *, encoding: str = "utf-8-sig") -> bytes:
    """One sheet as csv (UTF-8 with a BOM by default, which is what Excel on Windows opens correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in spec_lines(sheet):
        writer.writerow([_csv_text(value) for value in line])
    return buffer.getvalue().encode(encoding)


def spec_lines(sheet: Sheet) -> Iterable[Sequence[Any]]:
    yield from sheet.lead
    yield sheet.header
    yield from sheet.rows


def download_response(content: bytes, *, ascii_name: str, local_name: str = "",
                      content_type: str = XLSX_CONTENT_TYPE) -> HttpResponse:
    """An attachment with an ASCII file name and (for browsers that read it) the local-language one."""
    response = HttpResponse(content, content_type=content_type)
    disposition = f'attachment; filename="{ascii_name}"'
    if local_name:
        disposition += f"; filename*=UTF-8''{quote(local_name)}"
    response["Content-Disposition"] = disposition
    return response


def template_bytes(*, title: str, columns: Sequence["Column"], lines: Sequence[str], max_rows: int,
                   number_formats: dict[str, str] | None = None) -> bytes:
    """An import template: the data sheet (headers in red when required, drop-downs for choices, text format
    for codes so Excel keeps ID numbers) and a 填写说明 sheet listing every column, then ``lines``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    formats = {"date": "yyyy-mm-dd", "int": "0", **(number_formats or {})}
    book = Workbook()
    sheet = book.active
    sheet.title = str(title)[:31]
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="FCE4D6" if column.required else "DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 40 if column.type == "longtext" else max(14, 2 * len(column.label) + 4)
        # A column style, not cell styles: IDs typed later stay text and dates show as dates.
        sheet.column_dimensions[letter].number_format = formats.get(column.type, "@")
        if column.choices and len(",".join(column.choices)) <= 250:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True,
                                        showErrorMessage=True, errorTitle="取值无效",
                                        error="请从下拉列表中选择：" + "、".join(column.choices))
            validation.add(f"{letter}2:{letter}{max_rows + 1}")
            sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 32

    notes = book.create_sheet(INSTRUCTIONS_SHEET)
    notes.append(["列名", "是否必填", "可填写的值", "说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in columns:
        notes.append([column.label, "必填" if column.required else "选填", allowed_values(column), column.note])
    notes.append([])
    for line in lines:
        notes.append([line])
    for letter, width in zip("ABCD", (28, 10, 60, 50), strict=True):
        notes.column_dimensions[letter].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def allowed_values(column: "Column") -> str:
    if column.choices:
        return "、".join(column.choices)
    return {
        "date": DATE_FORMAT_NOTE, "decimal": "不小于 0 的数字", "int": "整数", "longtext": "文本",
    }.get(column.type, "文本")


# --- columns -------------------------------------------------------------------------------------

INSTRUCTIONS_SHEET = "填写说明"
DATE_FORMAT_NOTE = "YYYY-MM-DD（如 2026-03-02），或 Excel 日期格式的单元格"
HEADER_SCAN_ROWS = 10
CSV_ENCODINGS = (("utf-8-sig", "UTF-8（含或不含 BOM）"), ("gb18030", "GB18030"))


@dataclass(frozen=True)
class Column:
    """One column of an import (and its template). ``key`` is what the import's service takes; ``label`` the
    header the template writes; ``aliases`` other headers the same column arrives under."""

    key: str
    label: str
    type: str = "text"  # text | longtext | date | decimal | int | choice | code
    required: bool = False
    choices: tuple[str, ...] = ()  # the labels a user may write
    note: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def is_detail(self) -> bool:
        return self.key.startswith("details.")


@dataclass(frozen=True)
class ImportRow:
    number: int  # the row number as the spreadsheet shows it
    values: dict[str, Any]


@dataclass(frozen=True)
class RowError:
    row_number: int
    field: str  # the column's header ("" = the whole row)
    message: str

    def as_json(self) -> dict:
        return {"row": self.row_number, "column": self.field, "message": self.message}


@dataclass
class Table:
    rows: list[ImportRow]
    headers: dict[str, str]  # column key → the header as written in the file
    header_row: int
    layout: Any = None  # which of several layouts the headers matched


class WorkbookTooLarge(Exception):
    """An upload over the size limit; views answer 413."""


_SPACES = re.compile(r"\s+")


def normalise_header(value: Any) -> str:
    """The form headers are compared in: NFKC (full-width brackets and letters become half-width), no
    whitespace anywhere, no leading/trailing ``*`` (the templates mark required columns so)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACES.sub("", text).strip("*")


def _written(value: Any) -> str:
    return "" if value is None else _SPACES.sub(" ", str(value)).strip()


# --- cells ---------------------------------------------------------------------------------------

class CellError(Exception):
    """A cell that cannot be read as its column's type; the message is for the row-error report."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# What departments' own exports also hold: 2026/3/2, 2026.3.2, 2026年3月2日, a time after the date.
_LOOSE_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def to_date(value: Any, *, loose: bool = False) -> datetime.date:
    """A date cell, or text written 2026-03-02 (``loose``: also 2026/3/2, 2026.3.2, 2026年3月2日, with a time)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = (_LOOSE_DATE_TEXT if loose else _DATE_TEXT).match(str(value).strip())
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("“%(value)s”不是有效日期，应为 %(format)s。") % {"value": value, "format": DATE_FORMAT_NOTE})


def to_code(value: Any, what: str) -> str:
    """An 18-character ID or code; a number Excel rounded cannot be trusted."""
    if isinstance(value, float):
        raise CellError(_("%(what)s被 Excel 存成了数字，可能已失真。请将该列设为文本格式后重新填写。") % {"what": what})
    return to_text(value).replace(" ", "").replace("-", "").upper()


def _cell(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# --- reading -------------------------------------------------------------------------------------

def _xlsx_lines(file_bytes: bytes, skip_sheets: Sequence[str]):
    from openpyxl import load_workbook

    try:
        # data_only: a formula cell gives the value the spreadsheet saved; nothing is ever evaluated here.
        book = load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever openpyxl raises, the upload is not a readable workbook
        raise ValidationError(_("文件不是有效的 Excel 工作簿（.xlsx），请使用下载的模板填写后上传。"),
                              code="not_a_workbook") from None
    try:
        sheets = [sheet for sheet in book.worksheets if sheet.title not in skip_sheets]
        if not sheets:
            raise ValidationError(_("工作簿中没有数据表。"), code="no_sheet")
        yield from sheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def _csv_lines(file_bytes: bytes):
    for encoding, _name in CSV_ENCODINGS:
        try:
            text = file_bytes.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(
            _("无法识别 CSV 文件的编码：已尝试 %(tried)s。请在 Excel 或 WPS 中另存为“CSV UTF-8”后上传。")
            % {"tried": "、".join(name for _encoding, name in CSV_ENCODINGS)}, code="bad_encoding")
    if "\x00" in text:
        raise ValidationError(_("文件不是文本格式的 CSV。"), code="not_csv")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [value if value.strip() else None for value in line]


def is_csv(name: str) -> bool:
    return name.lower().endswith((".csv", ".txt"))


def _by_header(columns: Sequence[Column]) -> dict[str, Column]:
    by_header: dict[str, Column] = {}
    for column in columns:
        for header in (column.label, *column.aliases):
            by_header.setdefault(normalise_header(header), column)
    return by_header


def read_table(file_bytes: bytes, *, columns: Sequence[Column] | Mapping[Any, Sequence[Column]], name: str = "",
               max_rows: int, max_bytes: int | None = None, what: str = "", hint: str = "",
               ignore_unknown: bool = False, skip_sheets: Sequence[str] = (INSTRUCTIONS_SHEET,)) -> Table:
    """The rows of an upload keyed by column. ``what`` names the template in messages ("政务承诺导入模板");
    ``hint`` follows a header problem; ``ignore_unknown`` skips columns the import does not know.

    ``columns`` may be a mapping of layouts (e.g. an act and a year of a national standard → its columns):
    the layout whose headers the header row matches best is used, and named in ``Table.layout``."""
    if max_bytes is not None and len(file_bytes) > max_bytes:
        raise WorkbookTooLarge(_("文件过大（上限 %(mb)s MB），请拆分后分批导入。")
                               % {"mb": round(max_bytes / (1024 * 1024), 1)})
    layouts = dict(columns) if isinstance(columns, Mapping) else {None: columns}
    lookups = {layout: _by_header(layout_columns) for layout, layout_columns in layouts.items()}
    lines = _csv_lines(file_bytes) if is_csv(name) else _xlsx_lines(file_bytes, skip_sheets)
    layout, header_row, written, after = _find_header_row(lines, lookups, layouts)
    columns, by_header = layouts[layout], lookups[layout]
    _check_headers(written, by_header, columns, what=what, hint=hint, ignore_unknown=ignore_unknown)
    positions = [(index, by_header[normalise_header(header)].key) for index, header in enumerate(written)
                 if normalise_header(header) in by_header]
    rows = []
    for number, line in enumerate(itertools.chain(after, lines), start=header_row + 1):
        values = {key: _cell(line[index]) if index < len(line) else None for index, key in positions}
        if all(is_blank(value) for value in values.values()):
            continue
        if len(rows) == max_rows:
            raise ValidationError(_("数据行数超过上限（%(limit)d 行），请拆分为多个文件。") % {"limit": max_rows},
                                  code="too_many_rows")
        rows.append(ImportRow(number, values))
    if not rows:
        raise ValidationError(_("文件中没有数据行（第 %(header)d 行为列名，数据从第 %(first)d 行开始）。")
                              % {"header": header_row, "first": header_row + 1}, code="no_rows")
    headers = {by_header[normalise_header(header)].key: header for header in written
               if normalise_header(header) in by_header}
    return Table(rows=rows, headers=headers, header_row=header_row, layout=layout)


def _find_header_row(lines, lookups: dict, layouts: dict) -> tuple[Any, int, list[str], list]:
    """(layout, row number, headers as written, the lines read past it) of the row with the most known headers
    among the first few (of the layout knowing most of them); a row whose every header is known ends the search."""
    scanned, best, best_hits = [], None, 0
    for line in lines:
        scanned.append(line)
        written = [_written(value) for value in line]
        for layout, by_header in lookups.items():
            hits = sum(1 for header in written if normalise_header(header) in by_header)
            if hits > best_hits:
                best, best_hits = (layout, len(scanned), written), hits
        if len(scanned) == HEADER_SCAN_ROWS or (best_hits and best is not None and best[1] == len(scanned)
                                                 and best_hits == sum(1 for header in written if header)):
            break
    if best is None:
        columns = next(iter(layouts.values()))
        expected = "、".join(column.label for column in columns if column.required) or \
            "、".join(column.label for column in columns)
        raise ValidationError(_("文件前 %(n)d 行中没有可识别的列名行。应有的列名：%(expected)s。")
                              % {"n": HEADER_SCAN_ROWS, "expected": expected}, code="no_header_row")
    return best[0], best[1], best[2], scanned[best[1]:]


def _check_headers(written: list[str], by_header: dict, columns: Sequence[Column], *, what: str, hint: str,
                   ignore_unknown: bool) -> None:
    named = [header for header in written if header]
    keys = [by_header[normalise_header(header)].key for header in named if normalise_header(header) in by_header]
    problems = []
    unknown = [header for header in named if normalise_header(header) not in by_header]
    if unknown and not ignore_unknown:
        problems.append(_("以下列不属于%(what)s：%(labels)s。") % {"what": what or _("导入模板"),
                                                              "labels": "、".join(unknown)} + hint)
    duplicated = sorted({header for header in named if normalise_header(header) in by_header
                         and keys.count(by_header[normalise_header(header)].key) > 1})
    if duplicated:
        problems.append(_("以下列名重复：%(labels)s。") % {"labels": "、".join(duplicated)})
    missing = [column.label for column in columns if column.required and column.key not in keys]
    if missing:
        problems.append(_("缺少必填列：%(labels)s。") % {"labels": "、".join(missing)})
    if problems:
        raise ValidationError(problems, code="bad_headers")
