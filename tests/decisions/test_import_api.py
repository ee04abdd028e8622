"""The import's API and page: 200 with the outcome, dry run, 400 for a bad file, 413, the background job for a
large file (Celery task called directly), and the clerk's page with the errors by row and header."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions import imports
from decisions.import_jobs import DecisionImportJob
from decisions.import_tasks import run_import
from decisions.models import Decision

from .files import (
    PENALTY_CURRENT_HEADERS,
    current_penalty_line,
    penalty_decisions,
    xlsx,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/decisions/import/"
PAGE = "/workspace/decisions/import/"


def upload(data: bytes, name: str = "处罚.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def good_file(cast, n=2) -> bytes:
    return xlsx(PENALTY_CURRENT_HEADERS, [current_penalty_line(d) for d in penalty_decisions(cast.unit_a.name, n)])


def test_the_api_imports_a_file_or_dry_runs_it(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(API, {"file": upload(good_file(cast)), "dry_run": "true"})
    assert response.status_code == 200, response.content
    assert response.json() == {"act": "penalty", "rows": 2, "imported": 0, "dry_run": True, "errors": []}
    assert not Decision.objects.exists()
    response = client.post(API, {"file": upload(good_file(cast))})
    assert response.json()["imported"] == 2 and Decision.objects.filter(department=cast.unit_a).count() == 2


def test_the_api_lists_row_errors_with_the_header_as_written(client, cast):
    decisions = penalty_decisions(cast.unit_a.name)
    decisions[1]["date"] = "2026-13-01"
    client.force_login(cast.clerk_a)
    response = client.post(API, {"file": upload(xlsx(PENALTY_CURRENT_HEADERS,
                                                     [current_penalty_line(d) for d in decisions]))})
    body = response.json()
    assert response.status_code == 200 and body["imported"] == 0
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(3, "处罚决定日期")]
    assert not Decision.objects.exists()


def test_a_bad_file_is_400_and_an_oversized_one_413(client, cast, settings):
    client.force_login(cast.clerk_a)
    response = client.post(API, {"file": upload(b"\xff\xfe\xff", name="x.csv")})
    assert response.status_code == 400 and "GB18030" in str(response.json())
    settings.DECISIONS_IMPORT_MAX_BYTES = 100
    assert client.post(API, {"file": upload(good_file(cast))}).status_code == 413
    assert client.post(API, {}).status_code == 400


def test_only_a_clerk_imports_and_for_their_own_department(client, cast):
    client.force_login(cast.office)
    assert client.post(API, {"file": upload(good_file(cast))}).status_code == 403
    client.force_login(cast.clerk_b)  # unit B's clerk: the file's decisions become unit B's, never unit A's
    response = client.post(API, {"file": upload(good_file(cast))})
    assert response.status_code == 200 and not Decision.objects.filter(department=cast.unit_a).exists()


def test_a_large_file_is_a_job_the_task_imports_once(client, cast, settings, django_capture_on_commit_callbacks):
    settings.DECISIONS_IMPORT_INLINE_MAX_ROWS = 2
    client.force_login(cast.clerk_a)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(API, {"file": upload(good_file(cast, n=5))})
    assert response.status_code == 202 and response.json()["status"] == "queued" and len(callbacks) == 1
    job = DecisionImportJob.objects.get()
    assert not Decision.objects.exists()
    page = client.get(f"{PAGE}{job.pk}/")
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.content.decode()
    assert run_import(job.pk) == "done" and run_import(job.pk) == "done"  # a repeated delivery does nothing more
    assert Decision.objects.count() == 5
    assert client.get(f"{API}{job.pk}/").json() | {"errors": []} == {
        "id": job.pk, "status": "done", "act": "penalty", "rows": 5, "imported": 5, "dry_run": False, "errors": []}
    client.force_login(cast.clerk_b)
    assert client.get(f"{API}{job.pk}/").status_code == 404
    assert client.get(f"{PAGE}{job.pk}/").status_code == 404


def test_a_large_file_with_an_error_fails_whole(cast, settings):
    settings.DECISIONS_IMPORT_INLINE_MAX_ROWS = 1
    decisions = penalty_decisions(cast.unit_a.name, n=3)
    decisions[2]["date"] = datetime.date(2099, 1, 1)
    job = imports.decisions_import_submit(actor=cast.clerk_a, department=cast.unit_a, name="x.xlsx", file_bytes=xlsx(
        PENALTY_CURRENT_HEADERS, [current_penalty_line(d) for d in decisions]))
    assert run_import(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.imported, [(e["row"], e["column"]) for e in job.errors]) == (0, [(4, "处罚决定日期")])
    assert not Decision.objects.exists()


def test_the_page_shows_the_errors_and_imports_again_after_fixing(client, cast):
    decisions = penalty_decisions(cast.unit_a.name)
    good = decisions[1]["id"]
    decisions[1]["id"] = good[:-1] + ("0" if good[-1] != "0" else "1")
    client.force_login(cast.clerk_a)
    response = client.post(PAGE, {"file": upload(xlsx(PENALTY_CURRENT_HEADERS,
                                                      [current_penalty_line(d) for d in decisions]))})
    page = response.content.decode()
    assert response.status_code == 400 and "1 行有误" in page and "证件号码" in page and "修改后重新导入" in page
    decisions[1]["id"] = good
    response = client.post(PAGE, {"file": upload(xlsx(PENALTY_CURRENT_HEADERS,
                                                      [current_penalty_line(d) for d in decisions])),
                                  "dry_run": "on"})
    assert response.status_code == 200 and "试导入完成" in response.content.decode()
    assert not Decision.objects.exists()
    response = client.post(PAGE, {"file": upload(xlsx(PENALTY_CURRENT_HEADERS,
                                                      [current_penalty_line(d) for d in decisions]))})
    assert response.status_code == 200 and "已生成 2 条草稿" in response.content.decode()
    assert Decision.objects.count() == 2


def test_the_page_refuses_a_file_without_headers_naming_the_expected_ones(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(PAGE, {"file": upload(xlsx(["甲", "乙"], [["1", "2"]]))})
    assert response.status_code == 400 and "行政处罚决定书文号" in response.content.decode()
