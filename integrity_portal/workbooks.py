"""The portal's one workbook writer (issue 16 item 2; issue 14: one reader and writer for every import and export).

Every workbook or csv the portal produces goes through ``xlsx_bytes`` / ``csv_bytes``: a sheet is a title, a
header and rows, usually built from a column list (``column_sheet``: ``(header, getter)`` pairs). Text a
spreadsheet would read as a formula — starting with ``= + - @``, a tab or a carriage return — is written as
text: in xlsx as a string cell with Excel's quote prefix (the value stays exactly what the user typed, and
editing the cell does not turn it into a formula); in csv with a leading apostrophe (OWASP's advice, as a
csv has no cell types).
"""
import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise

__all__ = [
    "XLSX_CONTENT_TYPE", "CSV_CONTENT_TYPE", "FORMULA_STARTS", "Sheet", "looks_like_formula", "column_sheet",
    "xlsx_bytes", "csv_bytes", "download_response",
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
