"""The portal's one workbook writer (integrity_portal.workbooks): formula-like text stays text."""
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from integrity_portal.workbooks import FORMULA_STARTS, Sheet, column_sheet, csv_bytes, looks_like_formula, xlsx_bytes


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+A1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_recognised(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("value", ["价格违法", "1=1", "", None, -5, 3.5, datetime.date(2026, 1, 1)])
def test_ordinary_values_are_not_formulas(value):
    assert not looks_like_formula(value)


def test_xlsx_writes_formula_text_as_quoted_text_and_keeps_other_types():
    columns = [(gettext_lazy("名称"), lambda o: o["name"]), ("金额", lambda o: o["amount"]),
               ("日期", lambda o: o["day"])]
    objects = [{"name": start + "cmd", "amount": -3, "day": datetime.date(2026, 3, 2)} for start in FORMULA_STARTS]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(column_sheet("表", columns, objects)))).active
    header, *rows = list(sheet.iter_rows())
    assert [cell.value for cell in header] == ["名称", "金额", "日期"] and header[0].font.b
    assert [(row[0].value, row[0].data_type, row[0].quotePrefix) for row in rows] == [
        (start.replace("\r", "\n") + "cmd", "s", True) for start in FORMULA_STARTS]  # XML reads CR as LF
    assert {(row[1].value, row[1].data_type) for row in rows} == {(-3, "n")}
    assert {row[2].value.date() for row in rows} == {datetime.date(2026, 3, 2)}


def test_a_lead_line_sits_above_the_header_and_several_sheets_keep_their_titles():
    content = xlsx_bytes(Sheet("甲", header=["列"], rows=[["=x"]], lead=[["标题"]]), Sheet("乙", ["列"], []))
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["甲", "乙"]
    assert [cell.value for row in book["甲"].iter_rows() for cell in row] == ["标题", "列", "=x"]
    assert book["甲"]["A3"].data_type == "s"


def test_csv_prefixes_formula_text_with_an_apostrophe():
    content = csv_bytes(Sheet("x", header=["名称", "金额"], rows=[["=cmd|' /C calc'!A0", -1], [None, "正常"]]))
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").splitlines() == ["名称,金额", "'=cmd|' /C calc'!A0,-1", ",正常"]


def test_an_aware_datetime_is_refused_rather_than_written_in_utc():
    with pytest.raises(ValueError):
        xlsx_bytes(Sheet("x", header=["时间"], rows=[[timezone.now()]]))
