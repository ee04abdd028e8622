"""The clearance report (通报): per-unit counts, the monthly beat job (once), publishing, Excel."""
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from disputes import services, tasks
from disputes.models import ClearanceReport
from integrity_portal.errors import TransitionNotAllowed
from notifications.models import Notice
from notifications.services import outbox_sweep
from tests.support.long_lists import detail_links, read_pages

from .conftest import D, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(cast, rule_a):
    """Four clues of unit A in March 2026, one of unit B, one left in triage."""
    a = dict(body_unit=cast.unit_a, body_name="")
    on_time, _ = submit(today=D(2026, 3, 2), **a)
    services.clue_acknowledge(clue=on_time, actor=cast.clerk_a, today=D(2026, 3, 5))
    services.clue_conclude(clue=on_time, actor=cast.clerk_a, outcome="resolved", reason="已付", today=D(2026, 3, 15))
    late, _ = submit(today=D(2026, 3, 2), **a)
    services.clue_acknowledge(clue=late, actor=cast.clerk_a, today=D(2026, 3, 25))  # due 03-17: late
    services.clue_conclude(clue=late, actor=cast.clerk_a, outcome="resolved", reason="已付", today=D(2026, 3, 27))
    submit(today=D(2026, 3, 3), **a)  # never acknowledged: due 03-18, overdue at month end
    submit(today=D(2026, 3, 30), **a)  # open, not yet due
    other, _ = submit(today=D(2026, 3, 20))  # due 04-04: not overdue at month end
    services.clue_route(clue=other, actor=cast.office, unit=cast.unit_b)
    submit(today=D(2026, 3, 11), category="other")  # triage
    return cast


def test_the_report_counts_each_units_clues(march):
    rows = {r["unit"].name: r for r in services.clearance_rows(D(2026, 3, 1), D(2026, 3, 31))}
    a = rows["区市场监督管理局"]
    assert (a["received"], a["acknowledged_on_time"], a["concluded"], a["concluded_on_time"]) == (4, 1, 2, 2)
    assert (a["open"], a["overdue"]) == (2, 1)
    assert str(a["median_days"]) == "19.0"  # 13 and 25 days
    b = rows["凤城街道办事处"]
    assert (b["received"], b["open"], b["overdue"], b["median_days"]) == (1, 1, 0, None)


def test_the_monthly_job_builds_last_months_report_once_and_tells_office_and_leaders(march, monkeypatch,
                                                                                     django_capture_on_commit_callbacks):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.build_monthly_clearance_report()
        second = tasks.build_monthly_clearance_report()
    outbox_sweep()
    assert first == second
    report = ClearanceReport.objects.get()
    assert (report.period_start, report.period_end) == (D(2026, 3, 1), D(2026, 3, 31))
    assert report.rows.count() == 2 and "待分办 1 件" in report.summary
    assert Notice.objects.filter(recipient=march.office, title__contains="清理情况通报").count() == 1
    assert Notice.objects.filter(recipient=march.leader, title__contains="清理情况通报").count() == 1


def test_a_published_report_is_frozen_and_exports_to_excel(march):
    report = services.clearance_report_build(period_start=D(2026, 3, 1), period_end=D(2026, 3, 31))
    rebuilt = services.clearance_report_build(period_start=D(2026, 3, 1), period_end=D(2026, 3, 31))
    assert rebuilt.pk == report.pk and report.rows.count() == 2
    services.clearance_report_publish(report=report, actor=march.office)
    with pytest.raises(TransitionNotAllowed):
        services.clearance_report_build(period_start=D(2026, 3, 1), period_end=D(2026, 3, 31))
    with pytest.raises(TransitionNotAllowed):
        services.clearance_report_publish(report=report, actor=march.office)
    sheet = load_workbook(io.BytesIO(services.clearance_report_xlsx(report))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("单位", "收到线索", "按期受理")
    assert rows[2][0] == "区市场监督管理局" and rows[2][1] == 4


def test_report_pages_scope_and_the_public_version(march, client):
    report = services.clearance_report_build(period_start=D(2026, 3, 1), period_end=D(2026, 3, 31))
    assert client.get(f"/disputes/reports/{report.pk}/").status_code == 404
    client.force_login(march.clerk_a)
    assert client.get("/workspace/disputes/reports/").status_code == 403
    client.force_login(march.leader)
    assert client.get(f"/workspace/disputes/reports/{report.pk}/").status_code == 200
    export = client.get(f"/workspace/disputes/reports/{report.pk}/export/")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert client.post(f"/workspace/disputes/reports/{report.pk}/publish/").status_code == 403
    client.force_login(march.office)
    assert client.post(f"/workspace/disputes/reports/{report.pk}/publish/").status_code == 302
    built = client.post("/workspace/disputes/reports/new/", {"period_start": "2026-02-01", "period_end": "2026-02-28"})
    assert built.status_code == 302 and ClearanceReport.objects.count() == 2
    client.logout()
    page = client.get(f"/disputes/reports/{report.pk}/")
    assert page.status_code == 200 and "区市场监督管理局" in page.content.decode()
    assert report.title in client.get("/disputes/reports/").content.decode()


def test_the_report_lists_page_through_every_report(cast, client):
    """The public list stopped at 60 reports and the office's at 120: ten years of monthly reports are 120."""
    now = timezone.now()
    reports = ClearanceReport.objects.bulk_create([
        ClearanceReport(period_start=D(2016 + n // 12, n % 12 + 1, 1), period_end=D(2016 + n // 12, n % 12 + 1, 28),
                        title=f"通报{n}", published_at=None if n % 2 else now) for n in range(121)])
    published = sorted(r.pk for r in reports if r.published_at)
    listed, pages = read_pages(client, reverse("disputes:public_reports"), detail_links("disputes:public_report"))
    assert sorted(map(int, listed)) == published
    assert len(published) == 61 and "共 61 条" in pages[0] and len(pages) == 3  # 30 a page
    client.force_login(cast.office)
    listed, pages = read_pages(client, reverse("disputes:report_list"), detail_links("disputes:report_detail"))
    assert sorted(map(int, listed)) == sorted(r.pk for r in reports)
    assert "共 121 条" in pages[0] and len(pages) == 3  # 50 a page
