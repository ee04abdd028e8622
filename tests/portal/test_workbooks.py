"""The portal's one workbook reader and writer (integrity_portal.workbooks)."""
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from integrity_portal.workbooks import (
    FORMULA_STARTS,
    INSTRUCTIONS_SHEET,
    Column,
    ImportRow,
    Sheet,
    WorkbookTooLarge,
    column_sheet,
    csv_bytes,
    looks_like_formula,
    read_table,
    template_bytes,
    xlsx_bytes,
)


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
        csv_bytes(Sheet("x", header=["时间"], rows=[[timezone.now()]]))


# --- the reader ---------------------------------------------------------------------------------

COLUMNS = [Column("name", "行政相对人名称", required=True), Column("code", "统一社会信用代码（代码_1）",
                                                                 aliases=("统一社会信用代码",)),
           Column("day", "处罚决定日期", "date", required=True)]


def xlsx(lines: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for line in lines:
        book.active.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_headers_match_whatever_the_order_width_of_brackets_and_stray_spaces():
    table = read_table(xlsx([["处罚决定日期 ", " 统一社会信用代码(代码_1)", "行政 相对人名称*"],
                             [datetime.date(2026, 3, 2), "91370100MA3C5QXY2W", "甲公司"]]),
                       columns=COLUMNS, max_rows=10)
    assert table.rows == [ImportRow(2, {"day": datetime.datetime(2026, 3, 2), "code": "91370100MA3C5QXY2W",
                                        "name": "甲公司"})]
    assert table.headers == {"day": "处罚决定日期", "code": "统一社会信用代码(代码_1)", "name": "行政 相对人名称*"}
    assert read_table(xlsx([["统一社会信用代码", "行政相对人名称", "处罚决定日期"], ["x", "y", "z"]]),
                      columns=COLUMNS, max_rows=10).headers["code"] == "统一社会信用代码"


def test_title_lines_above_the_header_are_skipped_and_rows_keep_their_numbers():
    table = read_table(xlsx([["某局行政处罚信息"], [], ["行政相对人名称", "处罚决定日期"], ["甲", "2026-03-02"], [],
                             ["乙", "2026-03-03"]]), columns=COLUMNS, max_rows=10)
    assert table.header_row == 3
    assert [(row.number, row.values["name"]) for row in table.rows] == [(4, "甲"), (6, "乙")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_reads_the_same_in_each_encoding_and_formula_text_stays_text(encoding):
    text = "行政相对人名称,处罚决定日期\r\n=cmd|' /C calc'!A0,2026-03-02\r\n莱芜区甲商贸有限公司,2026-03-03\r\n"
    table = read_table(text.encode(encoding), name="处罚.csv", columns=COLUMNS, max_rows=10)
    assert [row.values for row in table.rows] == [{"name": "=cmd|' /C calc'!A0", "day": "2026-03-02"},
                                                   {"name": "莱芜区甲商贸有限公司", "day": "2026-03-03"}]


def test_a_csv_in_neither_encoding_names_the_encodings_tried():
    with pytest.raises(ValidationError) as caught:
        read_table(b"\xff\xfe\xff name,day", name="x.csv", columns=COLUMNS, max_rows=10)
    assert "UTF-8" in caught.value.messages[0] and "GB18030" in caught.value.messages[0]


def test_a_formula_cell_is_read_as_the_value_the_spreadsheet_saved():
    data = xlsx([["行政相对人名称", "处罚决定日期"], ["甲", "=DATE(2026,3,2)"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>DATE(2026,3,2)</f><v />" in sheet  # openpyxl saves no value: put the one Excel would cache
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("<f>DATE(2026,3,2)</f><v />",
                                                      "<f>DATE(2026,3,2)</f><v>46083</v>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    assert read_table(out.getvalue(), columns=COLUMNS, max_rows=10).rows[0].values["day"] == 46083


def test_unknown_headers_are_listed_by_name_and_missing_required_ones_too():
    with pytest.raises(ValidationError) as caught:
        read_table(xlsx([["行政相对人名称", "备注", "经办人"], ["甲", "", ""]]), columns=COLUMNS, max_rows=10,
                   what="行政处罚导入模板")
    assert caught.value.messages == ["以下列不属于行政处罚导入模板：备注、经办人。", "缺少必填列：处罚决定日期。"]


def test_no_recognisable_header_row_names_the_expected_headers():
    with pytest.raises(ValidationError) as caught:
        read_table(xlsx([["名称", "日期"], ["甲", "2026-03-02"]]), columns=COLUMNS, max_rows=10)
    assert "行政相对人名称、处罚决定日期" in caught.value.messages[0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    with pytest.raises(WorkbookTooLarge):
        read_table(b"x" * 2048, name="x.csv", columns=COLUMNS, max_rows=10, max_bytes=1024)


def test_the_row_limit_and_an_empty_file_are_refused():
    with pytest.raises(ValidationError, match="超过上限（1 行）"):
        read_table(xlsx([["行政相对人名称", "处罚决定日期"], ["甲", 1], ["乙", 2]]), columns=COLUMNS, max_rows=1)
    with pytest.raises(ValidationError, match="没有数据行"):
        read_table(xlsx([["行政相对人名称", "处罚决定日期"]]), columns=COLUMNS, max_rows=1)


def test_a_template_lists_every_column_with_its_rule():
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(title="行政处罚", columns=COLUMNS, lines=["说明"],
                                                            max_rows=5)))
    assert [cell.value for cell in book.active[1]] == [column.label for column in COLUMNS]
    notes = [row[:2] for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert notes[1:4] == [("行政相对人名称", "必填"), ("统一社会信用代码（代码_1）", "选填"), ("处罚决定日期", "必填")]
