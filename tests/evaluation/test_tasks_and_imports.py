"""Work tasks on the clock engine, the all-or-nothing Excel import of figures, and the demo data."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from evaluation import selectors, services
from evaluation.demo import seed_evaluation
from evaluation.models import InputBatch, InputValue, ReplyQuery, Run, TaskAssignment
from integrity_portal.errors import TransitionNotAllowed
from workdays.models import Clock
from workdays.services import calendar_year_save

from .conftest import item, run

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["统一社会信用代码", "单位名称", "受理件数", "按期办结率（%）", "群众满意率（%）"]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_task_runs_on_the_clock_engine_and_is_submitted_reviewed_and_returned(cast):
    task = services.task_issue(actor=cast.office, title="报送整改报告", kind="rectification_report",
                               description="d", units=[cast.unit_a], issued_on=D(2025, 9, 1))
    assignment = task.assignments.get()
    assert assignment.clock.purpose == "work_task" and assignment.due_date == assignment.clock.due_date
    assert assignment.due_date == D(2025, 10, 17)  # 30 working days: National Day off, 28 Sep and 11 Oct worked
    with pytest.raises(ValidationError):
        services.task_submit(assignment=assignment, actor=cast.clerk_b, note="", files=[("a.pdf", b"%PDF x")])
    services.task_submit(assignment=assignment, actor=cast.clerk_a, note="已报送", files=[("a.pdf", b"%PDF x")],
                         today=D(2025, 10, 20))
    assignment.refresh_from_db()
    assert (assignment.state, assignment.on_time) == ("submitted", False)
    assert Clock.objects.get(pk=assignment.clock_id).state == "stopped"
    services.task_review(assignment=assignment, actor=cast.office, accept=False, note="请补充整改成效")
    services.task_submit(assignment=assignment, actor=cast.clerk_a, note="已补充", files=[])
    services.task_review(assignment=assignment, actor=cast.office, accept=True, note="")
    assignment.refresh_from_db()
    assert assignment.state == "accepted" and assignment.on_time is False  # lateness is the first submission's
    with pytest.raises(TransitionNotAllowed):
        services.task_review(assignment=assignment, actor=cast.office, accept=True, note="")


def test_a_calendar_revision_moves_the_tasks_due_date_with_its_clock(cast):
    """The assignment's due date is the clock's copy (workdays.mirrors): a recompute moves both (issue 18)."""
    task = services.task_issue(actor=cast.office, title="报送整改报告", kind="rectification_report",
                               description="d", units=[cast.unit_a], issued_on=D(2026, 12, 10))
    assignment = task.assignments.get()
    provisional = assignment.due_date
    calendar_year_save(year=2027, status="official", source_notice="国务院办公厅通知（2027）",
                       exceptions=[(D(2027, 1, 1), "holiday", "元旦")], actor=cast.office, today=D(2026, 12, 11))
    assignment.refresh_from_db()
    assert assignment.due_date == Clock.objects.get(pk=assignment.clock_id).due_date > provisional
    services.task_extend(assignment=assignment, actor=cast.office, days=2, reason="材料较多")
    assignment.refresh_from_db()
    assert assignment.due_date == Clock.objects.get(pk=assignment.clock_id).due_date


def test_task_pages_issue_and_submit(client, cast):
    client.force_login(cast.office)
    response = client.post(reverse("evaluation:task_list"), {"title": "报送数据", "kind": "figures",
                                                             "description": "季度数据", "units": [cast.unit_a.pk]})
    assert response.status_code == 302
    assignment = TaskAssignment.objects.get()
    client.force_login(cast.clerk_b)
    assert client.get(reverse("evaluation:assignment_detail", args=[assignment.pk])).status_code == 404
    client.force_login(cast.clerk_a)
    url = reverse("evaluation:assignment_detail", args=[assignment.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile
    response = client.post(url, {"action": "submit", "note": "见附件",
                                 "files": SimpleUploadedFile("数据.pdf", b"%PDF-1.4 data", "application/pdf")})
    assert response.status_code == 302
    assert TaskAssignment.objects.get().state == "submitted"
    assert client.post(url, {"action": "review", "decision": "accept"}).status_code == 403


def test_the_hotline_import_feeds_the_indicators(cast, scheme):
    template = load_workbook(io.BytesIO(services.input_template("hotline")))
    assert [c.value for c in template.active[1]] == HEADER
    batch = services.input_import(actor=cast.office, period="2025Q3", kind="hotline", name="热线.xlsx",
                                  file_bytes=workbook([[cast.unit_a.code, cast.unit_a.name, 120, 90, 92.5]]))
    assert batch.row_count == 1 and InputValue.objects.count() == 3
    version = run()
    on_time = item(version, cast.unit_a, "hotline_on_time_rate")
    assert (on_time.value, on_time.points) == (Decimal("90.0000"), Decimal("3.00"))  # linear 80–100 of 6
    assert item(version, cast.unit_a, "hotline_satisfaction").points == Decimal("3.20")  # ≥90: 80% of 4
    assert item(version, cast.unit_b, "hotline_on_time_rate").points is None  # not reported: not applicable
    assert version.scores.get(unit=cast.unit_b).total == Decimal("100.00")  # scaled over what applies


def test_imported_figures_read_as_written_in_the_evidence(cast, scheme):
    services.input_import(actor=cast.office, period="2025Q3", kind="hotline", name="热线.xlsx",
                          file_bytes=workbook([[cast.unit_a.code, cast.unit_a.name, 120, 90, 92.5]]))
    evidence = selectors.evidence_for(cast.office, item(run(), cast.unit_a, "hotline_on_time_rate"))
    assert sorted(row["status"] for row in evidence["counted"]) == ["120", "90"]  # not 1.2E+2, not 9E+1


def test_an_import_with_bad_rows_is_refused_whole_with_row_errors(cast):
    rows = [[cast.unit_a.code, cast.unit_a.name, 10, 95, 90],
            ["91370116MA0000000X", "不存在的单位", 10, 95, 90],
            [cast.unit_b.code, cast.unit_b.name, -1, 120, "很好"],
            [cast.unit_a.code, cast.unit_a.name, 10, 95, 90]]
    with pytest.raises(services.ImportRejected) as caught:
        services.input_import(actor=cast.office, period="2025Q3", kind="hotline", name="x.xlsx",
                              file_bytes=workbook(rows))
    errors = {(e.row_number, e.field) for e in caught.value.row_errors}
    assert (3, "统一社会信用代码") in errors
    assert {(4, "受理件数"), (4, "按期办结率（%）"), (4, "群众满意率（%）")} <= errors
    assert (5, "统一社会信用代码") in errors  # the same unit twice
    assert not InputValue.objects.exists() and not InputBatch.objects.exists()
    with pytest.raises(ValidationError, match="缺少必填列"):
        services.input_import(actor=cast.office, period="2025Q3", kind="tv_supervision", name="x.xlsx",
                              file_bytes=workbook(rows))


def test_the_import_page_shows_row_errors(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.office)
    upload = SimpleUploadedFile("x.xlsx", workbook([[cast.unit_a.code, "错名", 1, 1, 1]]))
    response = client.post(reverse("evaluation:inputs"), {"period": "2025Q3", "kind": "hotline", "file": upload})
    assert response.status_code == 400 and "与名录中的单位名称" in response.content.decode()
    assert client.get(reverse("evaluation:input_template", args=["air_quality"])).status_code == 200
    client.force_login(cast.leader)
    assert client.get(reverse("evaluation:inputs")).status_code == 403


def test_the_demo_data_is_idempotent(cast):
    units = {u.name: u for u in (cast.unit_a, cast.unit_b, cast.office_unit)}
    cast.clerk_a.is_unit_head = True
    users = {"office": cast.office, "clerk": cast.clerk_a, "clerk2": cast.clerk_b}
    assert seed_evaluation(units=units, users=users) > 0
    assert Run.objects.filter(status="published").count() == 1
    assert Run.objects.filter(status="draft").count() == 1
    assert ReplyQuery.objects.filter(state="open").count() == 1
    assert TaskAssignment.objects.count() == 4 and InputBatch.objects.count() == 2
    assert seed_evaluation(units=units, users=users) == 0
    assert Run.objects.count() == 2
