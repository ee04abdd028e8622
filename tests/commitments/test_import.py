"""Excel import of commitment drafts: template round-trip, all-or-nothing with a row report, only the valid rows,
the stored copy re-posted on confirmation, and scope (a clerk imports for their own unit only)."""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from commitments import imports
from commitments.choices import CommitmentStatus
from commitments.models import Commitment
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

UPLOAD = "/workspace/commitments/import/"
TODAY = timezone.localdate()
HEADERS = [column.label for column in imports.COLUMNS]


def good_row(**over) -> dict:
    row = {
        "承诺名称": "标准厂房租金减免政策承诺", "承诺类型": "招商引资政策承诺", "承诺事由": "招商引资项目落地",
        "承诺内容": "对新落户企业三年内减免标准厂房租金", "违诺责任": "未兑现的，依约补足并承担违约责任",
        "承诺作出日期": (TODAY - datetime.timedelta(days=30)).isoformat(),
        "有效期至": (TODAY + datetime.timedelta(days=365)).isoformat(), "涉及金额（万元）": 120,
        "公开类型": "向社会公开", "承诺对象名称": "某新材料有限公司", "承诺对象类别": "法人及非法人组织",
    }
    row.update(over)
    return row


def workbook(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(label) for label in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post(client, data: bytes | None = None, name="承诺.xlsx", **extra):
    payload = dict(extra)
    if data is not None:
        payload["file"] = SimpleUploadedFile(name, data, content_type=imports.XLSX_CONTENT_TYPE)
    return client.post(UPLOAD, payload)


def report(response) -> list[tuple[int, str, str]]:
    result = response.context["report"]["result"]
    return [(error.row_number, error.field, error.message) for error in result.errors]


# --- template -----------------------------------------------------------------------

def test_the_template_downloads_with_instructions_and_round_trips(client, cast):
    client.force_login(cast.clerk_a)
    assert reverse("commitments:import_template") == f"{UPLOAD}template.xlsx"
    response = client.get(f"{UPLOAD}template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, notes = book.worksheets
    assert notes.title == "填写说明"
    headers = [cell.value for cell in data[1]]
    assert headers == HEADERS
    assert {"承诺名称", "承诺类型", "承诺作出日期", "公开类型", "承诺对象统一社会信用代码"} <= set(headers)
    explained = {row[0].value: row for row in notes.iter_rows(min_row=2) if row[0].value in headers}
    assert explained["公开类型"][1].value == "必填"
    assert explained["公开类型"][2].value == "向社会公开、特定范围公开、不公开"
    assert "YYYY-MM-DD" in explained["承诺作出日期"][2].value
    for index, label in enumerate(headers, start=1):
        data.cell(row=2, column=index, value=good_row().get(label))
    out = io.BytesIO()
    book.save(out)
    (row,) = imports.import_parse(out.getvalue())
    assert row.number == 2 and row.values["kind"] == "招商引资政策承诺" and row.values["amount"] == 120
    response = post(client, out.getvalue(), confirm="on")
    assert response.status_code == 302
    assert Commitment.objects.get(unit=cast.unit_a).title == "标准厂房租金减免政策承诺"


# --- good file ------------------------------------------------------------------------

def test_a_good_file_becomes_drafts_of_the_clerks_unit(client, cast):
    client.force_login(cast.clerk_a)
    counterparty = make_unit("某投资有限公司")
    rows = [
        good_row(),
        good_row(承诺名称="就业服务承诺", 承诺类型="镇（街道）公共服务承诺", 公共服务领域="就业", 公开类型="特定范围公开",
                 承诺对象名称="辖区居民", 承诺对象类别="社会公众", 有效期至=None, **{"涉及金额（万元）": None}),
        good_row(承诺名称="PPP 污水处理项目", 承诺类型="政府和社会资本合作（PPP）项目", 承诺编码="PPP-2026-001",
                 承诺对象名称=counterparty.name, 承诺对象统一社会信用代码=counterparty.code, 公开类型="不公开"),
    ]
    response = post(client, workbook(rows), confirm="on")
    assert response.status_code == 302 and response["Location"] == reverse("commitments:list")
    made = list(Commitment.objects.order_by("id"))
    assert len(made) == 3
    assert {c.unit_id for c in made} == {cast.unit_a.pk}
    assert {c.status for c in made} == {CommitmentStatus.DRAFT}
    assert {c.created_by_id for c in made} == {cast.clerk_a.pk}
    assert [c.kind for c in made] == ["investment_promotion", "public_service", "ppp"]
    assert made[1].service_area == "employment" and made[1].publication_type == "limited"
    assert made[1].valid_until is None and made[1].amount is None
    assert made[2].code == "PPP-2026-001" and made[2].counterparty_code == counterparty.code
    assert made[0].code.startswith(f"CN-{cast.unit_a.code}-")
    assert all(c.events.filter(action="create").exists() for c in made)


def test_without_confirmation_it_only_validates_then_confirms_from_the_stored_copy(client, cast):
    client.force_login(cast.clerk_a)
    response = post(client, workbook([good_row(), good_row(承诺名称="第二项")]))
    assert response.status_code == 200
    assert report(response) == [] and response.context["report"]["result"].total == 2
    assert not Commitment.objects.exists()
    token = response.context["report"]["token"]
    assert token in client.session[imports.SESSION_KEY]
    assert "确认导入" in response.content.decode()
    response = client.post(UPLOAD, {"token": token, "confirm": "on"})
    assert response.status_code == 302
    assert Commitment.objects.filter(unit=cast.unit_a).count() == 2
    assert token not in client.session[imports.SESSION_KEY]
    # The copy is gone: re-posting the token imports nothing twice.
    response = client.post(UPLOAD, {"token": token, "confirm": "on"})
    assert response.status_code == 400 and Commitment.objects.count() == 2


def test_a_token_of_another_session_is_refused(client, cast):
    client.force_login(cast.clerk_a)
    token = post(client, workbook([good_row()])).context["report"]["token"]
    client.force_login(cast.clerk_b)
    response = client.post(UPLOAD, {"token": token, "confirm": "on"})
    assert response.status_code == 400 and not Commitment.objects.exists()


# --- bad input: nothing saved, the report names the row ---------------------------------

def test_one_bad_row_saves_nothing_and_the_report_names_it(client, cast):
    client.force_login(cast.clerk_a)
    rows = [good_row(), good_row(), good_row(承诺类型="招商承诺"), good_row()]
    response = post(client, workbook(rows), confirm="on")
    assert response.status_code == 400
    assert not Commitment.objects.exists()
    ((row, column, message),) = report(response)
    assert (row, column) == (4, "承诺类型") and "不是可选值" in message and "招商引资政策承诺" in message
    page = response.content.decode()
    assert "第 4 行" in page and "未导入任何承诺" in page and "只导入无误的行" in page


def test_every_kind_of_bad_cell_is_reported_with_its_row_and_column(client, cast):
    client.force_login(cast.clerk_a)
    rows = [
        good_row(公开类型="公开"),                                                  # row 2
        good_row(承诺作出日期="2026-02-30"),                                        # row 3
        good_row(承诺对象统一社会信用代码="91310000MA1FL0000X"),                      # row 4: checksum
        good_row(承诺作出日期=(TODAY + datetime.timedelta(days=3)).isoformat()),    # row 5: in the future
        good_row(承诺名称=None),                                                    # row 6: required
        good_row(承诺类型="镇（街道）公共服务承诺"),                                   # row 7: service area missing
        good_row(承诺编码="DUP-1"), good_row(承诺编码="DUP-1"),                       # row 9: code twice in the file
    ]
    response = post(client, workbook(rows), confirm="on")
    assert response.status_code == 400 and not Commitment.objects.exists()
    errors = {(row, column) for row, column, _message in report(response)}
    assert {(2, "公开类型"), (3, "承诺作出日期"), (4, "承诺对象统一社会信用代码"), (5, "承诺作出日期"),
            (6, "承诺名称"), (7, "公共服务领域"), (9, "承诺编码")} <= errors
    assert not {row for row, _column in errors} & {8}
    messages = {(row, column): message for row, column, message in report(response)}
    assert "不是有效日期" in messages[(3, "承诺作出日期")]


@pytest.mark.parametrize(("data", "expected"), [
    (b"not a workbook at all", "不是有效的 Excel 工作簿"),
    (workbook([good_row()], headers=[h for h in HEADERS if h != "承诺名称"]), "缺少必填列：承诺名称"),
    (workbook([good_row()], headers=[*HEADERS, "备注"]), "不属于政务承诺导入模板：备注"),
    (workbook([]), "没有数据行"),
])
def test_a_file_that_is_not_the_template_is_refused_whole(client, cast, data, expected):
    client.force_login(cast.clerk_a)
    response = post(client, data, confirm="on")
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Commitment.objects.exists()


def test_an_xls_name_and_too_many_rows_are_refused(client, cast, monkeypatch):
    client.force_login(cast.clerk_a)
    assert post(client, workbook([good_row()]), name="old.xls", confirm="on").status_code == 400
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    response = post(client, workbook([good_row()] * 3), confirm="on")
    assert response.status_code == 400 and "超过上限（2 行）" in response.content.decode()
    assert not Commitment.objects.exists()


# --- only the valid rows -------------------------------------------------------------------

def test_only_valid_rows_imports_exactly_those(client, cast):
    client.force_login(cast.clerk_a)
    rows = [good_row(承诺名称="甲"), good_row(承诺名称="乙", 承诺作出日期="昨天"), good_row(承诺名称="丙")]
    response = post(client, workbook(rows))
    assert response.status_code == 200 and not Commitment.objects.exists()
    result = response.context["report"]["result"]
    assert (result.valid_rows, result.error_rows) == (2, 1)
    response = client.post(UPLOAD, {"token": response.context["report"]["token"], "only_valid": "on"})
    assert response.status_code == 302
    assert sorted(Commitment.objects.values_list("title", flat=True)) == ["丙", "甲"]


def test_only_valid_rows_in_one_request(client, cast):
    client.force_login(cast.clerk_a)
    rows = [good_row(承诺名称="甲"), good_row(承诺名称="乙", 公开类型="保密")]
    assert post(client, workbook(rows), only_valid="on").status_code == 302
    assert list(Commitment.objects.values_list("title", flat=True)) == ["甲"]


# --- scope ---------------------------------------------------------------------------------

def test_clerk_b_cannot_import_into_unit_a(client, cast):
    client.force_login(cast.clerk_b)
    response = post(client, workbook([good_row()]), confirm="on", unit=cast.unit_a.pk)
    assert response.status_code == 302
    assert not Commitment.objects.filter(unit=cast.unit_a).exists()
    assert Commitment.objects.get().unit == cast.unit_b
    with pytest.raises(ValidationError):
        imports.import_commitments(actor=cast.clerk_b, unit=cast.unit_a, rows=imports.import_parse(
            workbook([good_row()])), save=True)
    assert Commitment.objects.count() == 1


def test_a_clerk_cannot_attach_rows_to_another_units_programme(client, cast, commitment_factory):
    programme = commitment_factory(title="凤城街道年度公共服务承诺清单", actor=cast.clerk_b, unit=cast.unit_b,
                                   code="PROG-B")
    client.force_login(cast.clerk_a)
    response = post(client, workbook([good_row(所属承诺清单编码="PROG-B")]), confirm="on")
    assert response.status_code == 400
    assert [(r, c) for r, c, _m in report(response)] == [(2, "所属承诺清单编码")]
    assert list(Commitment.objects.all()) == [programme]


def test_the_office_chooses_the_unit(client, cast):
    client.force_login(cast.office)
    response = post(client, workbook([good_row()]), confirm="on", unit=cast.unit_b.pk)
    assert response.status_code == 302
    assert Commitment.objects.get().unit == cast.unit_b


def test_anonymous_goes_to_login_and_other_roles_get_403(client, cast):
    for url in (UPLOAD, f"{UPLOAD}template.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    for user in (cast.user_x, cast.leader):
        client.force_login(user)
        assert client.get(UPLOAD).status_code == 403
        assert client.get(f"{UPLOAD}template.xlsx").status_code == 403
        assert post(client, workbook([good_row()]), confirm="on").status_code == 403
    assert not Commitment.objects.exists()


def test_the_workspace_list_links_to_the_import(client, cast):
    client.force_login(cast.clerk_a)
    assert UPLOAD in client.get(reverse("commitments:list")).content.decode()
    page = client.get(UPLOAD)
    assert page.status_code == 200 and f"{UPLOAD}template.xlsx" in page.content.decode()
    assert "unit" not in page.context["form"].fields
    client.force_login(cast.office)
    assert "unit" in client.get(UPLOAD).context["form"].fields
    client.force_login(cast.leader)
    assert UPLOAD not in client.get(reverse("commitments:list")).content.decode()


def test_uploads_left_unconfirmed_are_swept_after_a_session_but_not_before(client, cast, settings):
    """The daily job deletes the kept copy once no session can hold its token; a fresh one stays usable."""
    from commitments.tasks import sweep_import_uploads

    client.force_login(cast.clerk_a)
    token = post(client, workbook([good_row()])).context["report"]["token"]
    sweep_import_uploads()
    assert imports.read_stored(_request(client), token) is not None
    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    assert imports.sweep_stored(now=later) >= 1  # this upload, and any other test's left in the test media
    assert imports.read_stored(_request(client), token) is None
    response = client.post(UPLOAD, {"token": token, "confirm": "on"})
    assert response.status_code == 400 and not Commitment.objects.exists()


def _request(client):
    class _Request:  # read_stored needs only the session
        session = client.session
    return _Request()
