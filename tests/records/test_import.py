"""Excel import of credit records: templates, parsing, validation of every row, all-or-nothing drafts."""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from records import imports
from records.choices import RecordKind, RecordStatus
from records.import_tasks import run_import
from records.models import CreditRecord, ImportJob, ImportStatus
from tests.factories import make_resident_id

pytestmark = pytest.mark.django_db

PENALTY = RecordKind.ADMINISTRATIVE_PENALTY
UPLOAD = "/workspace/records/import/"


def past(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def penalty_row(unit, **over) -> dict:
    row = {
        "主体类型": "单位", "主体统一社会信用代码": unit.code, "主体名称": unit.name, "事由": "未按规定明码标价",
        "依据": "《中华人民共和国价格法》第四十二条", "决定文书号": "莱市监罚〔2026〕12号",
        "决定日期": past(10).isoformat(), "失信程度": "一般", "行政相对人类别": "法人及非法人组织",
        "违法行为类型": "违反价格法", "处罚类别": "罚款", "处罚内容": "罚款人民币伍万元", "罚款金额（万元）": 5,
    }
    row.update(over)
    return row


def person_row(servant, **over) -> dict:
    return {**penalty_row(servant.unit), "主体类型": "公务员", "主体统一社会信用代码": None,
            "公民身份号码": servant.id_number, "主体名称": servant.name, "行政相对人类别": "自然人", **over}


def workbook(rows: list[dict], kind=PENALTY, headers: list[str] | None = None) -> bytes:
    headers = headers or [column.label for column in imports.columns_for(kind)]
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(label) for label in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, kind=PENALTY, name="导入.xlsx", **extra):
    return client.post(UPLOAD, {"kind": kind, "file": _file(data, name), **extra})


def _file(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=imports.XLSX_CONTENT_TYPE)


def job_url(job, suffix=""):
    return f"/workspace/records/import/{job.pk}/{suffix}"


# --- template ---------------------------------------------------------------------

def test_the_template_downloads_with_instructions_and_its_headers_round_trip(client, cast):
    client.force_login(cast.clerk_a)
    assert reverse("records:import_template", args=[PENALTY]) == f"{UPLOAD}template/{PENALTY}.xlsx"
    response = client.get(f"{UPLOAD}template/{PENALTY}.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, notes = book.worksheets
    assert notes.title == "填写说明"
    headers = [cell.value for cell in data[1]]
    assert headers[:4] == ["主体类型", "主体统一社会信用代码", "公民身份号码", "主体名称"]
    assert {"决定日期", "失信程度", "处罚类别", "罚款金额（万元）"} <= set(headers)
    assert "处分种类" not in headers and "考核等次" not in headers
    explained = {row[0].value: row for row in notes.iter_rows(min_row=2) if row[0].value in headers}
    assert explained["失信程度"][1].value == "必填" and explained["失信程度"][2].value == "轻微、一般、严重"
    assert "YYYY-MM-DD" in explained["决定日期"][2].value
    # Filled in and sent back, the template parses by its own headers.
    for index, label in enumerate(headers, start=1):
        data.cell(row=2, column=index, value=penalty_row(cast.unit_b).get(label))
    out = io.BytesIO()
    book.save(out)
    (row,) = imports.import_parse(file_bytes=out.getvalue(), kind=PENALTY)
    assert row.number == 2 and row.values["subject_unit"] == cast.unit_b.code and row.values["details.fine_amount"] == 5


def test_every_kind_has_a_template_the_parser_reads():
    for kind in RecordKind.values:
        columns = imports.columns_for(kind)
        assert len({c.label for c in columns}) == len(columns), kind
        book = load_workbook(io.BytesIO(imports.import_template(kind)))
        book.worksheets[0].cell(row=2, column=1, value="x")
        out = io.BytesIO()
        book.save(out)
        (row,) = imports.import_parse(file_bytes=out.getvalue(), kind=kind)
        assert set(row.values) == {c.key for c in columns}, kind


def test_the_columns_follow_the_kind():
    sanction = [c.label for c in imports.columns_for(RecordKind.GOVERNMENT_SANCTION)]
    assert "公民身份号码" in sanction and "主体统一社会信用代码" not in sanction and "主体类型" not in sanction
    assert next(c for c in imports.columns_for(RecordKind.GOVERNMENT_SANCTION) if c.label == "处分种类").choices == (
        "警告", "记过", "记大过", "降级", "撤职", "开除")
    licence = [c.label for c in imports.columns_for(RecordKind.ADMINISTRATIVE_LICENCE)]
    assert "主体统一社会信用代码" in licence and "公民身份号码" not in licence and "失信程度" not in licence
    assert "考核等次" in [c.label for c in imports.columns_for(RecordKind.ANNUAL_ASSESSMENT)]


# --- a good file ----------------------------------------------------------------------

def test_a_good_three_row_penalty_file_becomes_three_drafts_and_nothing_is_published(client, cast):
    client.force_login(cast.clerk_a)
    rows = [penalty_row(cast.unit_b), penalty_row(cast.unit_a, 事由="未公示收费标准", 决定日期=past(20)),  # an Excel date
            person_row(cast.servant_x, 事由="个人违法经营")]
    response = upload(client, workbook(rows))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert (job.status, job.total_rows, job.valid_rows, job.errors, job.provider) == ("ready", 3, 3, [], cast.unit_a)
    assert not CreditRecord.objects.exists()  # validated, not yet imported

    page = client.get(job_url(job)).content.decode()
    assert "全部数据校验通过" in page and ">导入</button>" in page and "只导入无误的行</button>" not in page
    assert 'http-equiv="refresh"' not in page

    assert client.post(job_url(job, "run/")).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count, job.progress) == (ImportStatus.DONE, 3, 3) and job.finished_at
    records = CreditRecord.objects.order_by("id")
    assert [r.title for r in records] == ["未按规定明码标价", "未公示收费标准", "个人违法经营"]
    assert {(r.status, r.provider, r.created_by, r.kind) for r in records} == {
        (RecordStatus.DRAFT, cast.unit_a, cast.clerk_a, PENALTY)}
    assert records[1].decision_date == past(20) and records[2].civil_servant == cast.servant_x
    assert records[0].details["fine_amount"] == "5"
    assert not CreditRecord.objects.public().exists()
    assert "已生成 3 条草稿记录" in client.get(job_url(job)).content.decode()
    # A second confirmation (a double click) changes nothing.
    assert client.post(job_url(job, "run/")).status_code == 409
    assert CreditRecord.objects.count() == 3


# --- bad rows -------------------------------------------------------------------------

@pytest.mark.parametrize("override, column, reason", [
    ({"决定日期": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "决定日期", "不能晚于今天"),
    ({"决定日期": "2026/03/02"}, "决定日期", "不是有效日期"),
    ({"主体统一社会信用代码": "91370116MA00000000"}, "主体统一社会信用代码", "GB 32100"),
    ({"失信程度": "很严重"}, "失信程度", "可选：轻微、一般、严重"),
    ({"处罚类别": "打板子"}, "处罚类别", "可选：警告"),
    ({"主体名称": "别的单位"}, "主体名称", "与单位名录不一致"),
    ({"事由": None}, "事由", ""),
], ids=["future-date", "bad-date", "bad-uscc", "unknown-choice", "unknown-detail-choice", "wrong-name", "blank"])
def test_one_bad_row_fails_the_job_with_its_row_and_reason_and_saves_nothing(client, cast, override, column, reason):
    client.force_login(cast.clerk_a)
    upload(client, workbook([penalty_row(cast.unit_b), penalty_row(cast.unit_b, **override), penalty_row(cast.unit_a)]))
    job = ImportJob.objects.get()
    assert (job.status, job.valid_rows) == (ImportStatus.FAILED, 2)
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, column)]
    assert reason in job.errors[0]["message"]
    page = client.get(job_url(job)).content.decode()
    assert "第 3 行" in page and column in page and "只导入无误的行</button>" in page and ">导入</button>" not in page
    assert client.post(job_url(job, "run/")).status_code == 409  # "import all" is not offered with errors
    assert not CreditRecord.objects.exists()


def test_a_person_outside_the_clerks_unit_is_out_of_scope(client, cast):
    client.force_login(cast.clerk_a)
    unknown = make_resident_id()
    upload(client, workbook([person_row(cast.servant_x), person_row(cast.servant_y), {
        **person_row(cast.servant_x), "公民身份号码": unknown}]))
    job = ImportJob.objects.get()
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "公民身份号码"), (4, "公民身份号码")]
    assert all("不在本单位范围" in e["message"] for e in job.errors)
    assert cast.servant_y.id_number not in str(job.errors)  # the number is echoed masked
    assert not CreditRecord.objects.exists()


def test_only_valid_rows_imports_exactly_the_good_ones(client, cast):
    client.force_login(cast.clerk_a)
    rows = [penalty_row(cast.unit_b, 事由="第一条"), penalty_row(cast.unit_b, 失信程度="很严重"),
            person_row(cast.servant_y), penalty_row(cast.unit_a, 事由="第四条")]
    upload(client, workbook(rows))
    job = ImportJob.objects.get()
    assert (job.status, job.valid_rows, sorted({e["row"] for e in job.errors})) == ("failed", 2, [3, 4])
    assert client.post(job_url(job, "run/"), {"only_valid": "1"}).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count, job.only_valid) == (ImportStatus.DONE, 2, True)
    assert sorted(CreditRecord.objects.values_list("title", flat=True)) == ["第一条", "第四条"]
    assert set(CreditRecord.objects.values_list("status", flat=True)) == {RecordStatus.DRAFT}
    assert client.post(job_url(job, "run/"), {"only_valid": "1"}).status_code == 409
    assert CreditRecord.objects.count() == 2


def test_the_import_rechecks_and_is_all_or_nothing_when_data_changed_since_validation(cast):
    job = imports.import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="a.xlsx",
                                file_bytes=workbook([penalty_row(cast.unit_b), person_row(cast.servant_x)]))
    assert job.status == ImportStatus.READY
    cast.servant_x.unit = cast.unit_b  # moved to another unit after validation
    cast.servant_x.save()
    job = imports.import_start(job=job, actor=cast.clerk_a)
    assert (job.status, job.created_count, [e["row"] for e in job.errors]) == (ImportStatus.FAILED, 0, [3])
    assert not CreditRecord.objects.exists()


# --- bad files ------------------------------------------------------------------------

def test_a_file_that_is_not_a_workbook_is_refused_clearly(client, cast):
    client.force_login(cast.clerk_a)
    response = upload(client, b"%PDF-1.7 not a spreadsheet")
    assert response.status_code == 400
    assert "不是有效的 Excel 工作簿" in response.content.decode()
    response = upload(client, workbook([penalty_row(cast.unit_b)]), name="old.xls")
    assert response.status_code == 400 and ".xlsx" in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


def test_a_workbook_missing_required_columns_or_with_foreign_ones_is_refused(client, cast):
    client.force_login(cast.clerk_a)
    headers = [c.label for c in imports.columns_for(PENALTY) if c.label not in ("事由", "处罚类别")] + ["处分种类"]
    response = upload(client, workbook([penalty_row(cast.unit_b)], headers=headers))
    assert response.status_code == 400
    errors = str(response.context["form"].errors["file"])
    assert "缺少必填列：事由、处罚类别" in errors and "处分种类" in errors
    assert not ImportJob.objects.exists()
    with pytest.raises(ValidationError, match="没有数据行"):
        imports.import_parse(file_bytes=workbook([]), kind=PENALTY)


def test_an_oversized_upload_is_413_and_the_row_limit_holds(client, cast, settings):
    client.force_login(cast.clerk_a)
    data = workbook([penalty_row(cast.unit_b)] * 3)
    settings.MAX_ATTACHMENT_BYTES = len(data) - 1
    assert upload(client, data).status_code == 413
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ValidationError, match="超过上限（2 行）"):
        imports.import_parse(file_bytes=data, kind=PENALTY)
    assert not ImportJob.objects.exists()


# --- access -----------------------------------------------------------------------------

def test_jobs_are_scoped_to_the_unit(client, cast):
    job = imports.import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="a.xlsx",
                                file_bytes=workbook([penalty_row(cast.unit_b)]))
    client.force_login(cast.clerk_b)
    assert client.get(job_url(job)).status_code == 404
    assert client.post(job_url(job, "run/")).status_code == 404
    assert job.original_name not in client.get(UPLOAD).content.decode()
    client.force_login(cast.head_a)
    assert client.get(job_url(job)).status_code == 200
    client.force_login(cast.office)
    assert client.get(job_url(job)).status_code == 200
    client.force_login(cast.user_x)
    assert client.get(UPLOAD).status_code == 403
    assert not CreditRecord.objects.exists()


def test_a_clerk_imports_only_for_their_own_unit_and_the_office_picks_one(client, cast):
    with pytest.raises(ValidationError):
        imports.import_submit(actor=cast.clerk_a, provider=cast.unit_b, kind=PENALTY, name="a.xlsx",
                              file_bytes=workbook([penalty_row(cast.unit_a)]))
    client.force_login(cast.office)
    assert 'name="provider"' in client.get(UPLOAD).content.decode()
    upload(client, workbook([penalty_row(cast.unit_a)]), provider=cast.unit_b.pk)
    assert ImportJob.objects.get().provider == cast.unit_b


def test_anonymous_is_sent_to_the_login_page(client, cast):
    job = imports.import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="a.xlsx",
                                file_bytes=workbook([penalty_row(cast.unit_b)]))
    for url in (UPLOAD, f"{UPLOAD}template/{PENALTY}.xlsx", job_url(job)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(job_url(job, "run/")).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


# --- background -------------------------------------------------------------------------

def test_a_large_file_runs_in_the_task_and_reports_progress(client, cast, django_capture_on_commit_callbacks,
                                                            settings, monkeypatch):
    # Scaled down to keep the suite fast: the threshold (500 rows in production) and the progress step (100) shrink
    # by ten, so 60 rows take the same path as 600 would.
    settings.IMPORT_INLINE_MAX_ROWS = 50
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 10)
    rows = [penalty_row(cast.unit_b, 事由=f"第{n}条") for n in range(60)]
    with django_capture_on_commit_callbacks() as queued:
        job = imports.import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="big.xlsx",
                                    file_bytes=workbook(rows))
    assert len(queued) == 1 and (job.status, job.progress) == (ImportStatus.UPLOADED, 0)
    client.force_login(cast.clerk_a)
    assert 'http-equiv="refresh" content="2"' in client.get(job_url(job)).content.decode()

    with CaptureQueriesContext(connection) as queries:
        assert run_import(job.pk) == ImportStatus.READY  # the task function itself, not through the broker
    progress_updates = [q for q in queries if 'UPDATE "records_importjob" SET "progress"' in q["sql"]]
    assert [int(q["sql"].split("= ")[1].split()[0]) for q in progress_updates] == [10, 20, 30, 40, 50, 60]
    job.refresh_from_db()
    assert (job.progress, job.valid_rows, job.errors) == (60, 60, [])
    assert not CreditRecord.objects.exists()

    with django_capture_on_commit_callbacks() as queued:
        job = imports.import_start(job=job, actor=cast.clerk_a)
    assert len(queued) == 1 and job.status == ImportStatus.IMPORTING
    assert run_import(job.pk) == ImportStatus.DONE
    assert run_import(job.pk) == ImportStatus.DONE  # a repeated delivery imports nothing twice
    job.refresh_from_db()
    assert (job.created_count, job.progress) == (60, 60)
    assert CreditRecord.objects.filter(status=RecordStatus.DRAFT, provider=cast.unit_a).count() == 60


def test_the_job_page_costs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    job = imports.import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="a.xlsx",
                                file_bytes=workbook([penalty_row(cast.unit_b, 失信程度="?")] * 5))
    client.force_login(cast.clerk_a)
    client.get(job_url(job))  # warm the session and caches
    with django_assert_num_queries(5):  # session, user, its groups (roles), the job with provider and uploader, unread notices
        assert client.get(job_url(job)).status_code == 200
