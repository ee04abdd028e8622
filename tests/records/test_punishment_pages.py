"""The joint-punishment pages: the clerk files the explanation and the report, the office accepts;
the court-list upload; flags and zero status for the office and leadership; the public notices."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from records.models import CourtListImport, RectificationCase
from records.services import punishment
from tests.records.test_punishment_court_list import court_row, listing, workbook
from tests.records.test_punishment_rectification import PDF, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.records.test_punishment_urlconf")]

D = datetime.date
BASE = "/workspace/punishment"


def as_(client, user):
    client.logout()
    client.force_login(user)
    return client


def test_the_clerk_explains_and_reports_and_the_office_accepts_in_the_browser_pages(cast, client):
    case = open_case(cast)
    url = f"{BASE}/cases/{case.pk}/"
    clerk = as_(client, cast.clerk_a)
    page = clerk.get(f"{BASE}/cases/")
    assert page.status_code == 200 and cast.unit_a.name in page.content.decode()
    assert "报送书面说明" in clerk.get(url).content.decode()
    assert clerk.post(url + "explain/", {"explanation": ""}).status_code == 400
    response = clerk.post(url + "explain/", {"explanation": "制度执行不到位",
                                             "attachments": SimpleUploadedFile("说明.pdf", PDF)})
    assert response.status_code == 302 and response["Location"] == url
    response = clerk.post(url + "report/", {"measures": "", "results": "", "completed_on": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写整改措施" in body and "请填写整改成效" in body and "请填写整改完成日期" in body
    response = clerk.post(url + "report/", {"measures": "建立制度", "results": "已整改", "completed_on": "2026-03-20"})
    assert response.status_code == 302
    assert clerk.get(url + "accept/").status_code == 403
    office = as_(client, cast.office)
    assert "验收通过" in office.get(url).content.decode()
    assert office.post(url + "accept/", {"note": "整改到位"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "accepted" and case.attachments.count() == 1
    assert office.post(url + "accept/", {"note": "again"}).status_code == 409


def test_case_pages_follow_the_access_rule(cast, client):
    case = open_case(cast)
    url = f"{BASE}/cases/{case.pk}/"
    assert client.get(url).status_code == 302  # anonymous → login
    assert as_(client, cast.clerk_b).get(url).status_code == 404
    assert as_(client, cast.clerk_b).post(url + "explain/", {"explanation": "x"}).status_code == 404
    assert as_(client, cast.supervisor_in).get(url).status_code == 200
    assert as_(client, cast.user_x).get(url).status_code == 403


def test_the_office_opens_a_case_returns_a_report_and_publishes_a_notice(cast, client):
    from tests.records.test_punishment_rectification import published_penalty

    record = published_penalty(cast, severity="minor")
    office = as_(client, cast.office)
    response = office.post(f"{BASE}/cases/new/", {"unit": cast.unit_a.pk, "records": [record.pk], "reason": "典型"})
    assert response.status_code == 302
    case = RectificationCase.objects.get(records=record)
    response = office.post(f"{BASE}/notices/new/", {"number": "莱信办通〔2026〕2号", "title": "关于政务失信的通报",
                                                     "body": "予以通报批评。", "cases": [case.pk]})
    assert response.status_code == 302
    client.logout()
    public = client.get("/disclosures/notices/")
    assert public.status_code == 200 and "关于政务失信的通报" in public.content.decode()
    notice = case.notices.get()
    detail = client.get(f"/disclosures/notices/{notice.pk}/").content.decode()
    assert cast.unit_a.name in detail and cast.servant_x.name not in detail


def test_the_office_uploads_the_court_list_and_sees_matches_and_unmatched_rows(cast, client):
    office = as_(client, cast.office)
    assert office.get(f"{BASE}/court-list/").status_code == 200
    assert office.get(f"{BASE}/court-list/template.xlsx").content.startswith(b"PK")
    data = workbook([court_row(cast.unit_a), court_row(name="某某有限公司", code="", case_number="Z-9")])
    response = office.post(f"{BASE}/court-list/", {"file": SimpleUploadedFile("名单.xlsx", data)})
    job = CourtListImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}/court-list/{job.pk}/"
    page = office.get(response["Location"]).content.decode()
    assert "某某有限公司" in page and cast.unit_a.name in page
    assert as_(client, cast.clerk_a).get(f"{BASE}/court-list/").status_code == 403


def test_flags_and_zero_status_pages_for_the_office_and_leadership(cast, client):
    record = listing(cast)
    punishment.punishment_record_changed(record=record, today=D(2026, 2, 4))
    leader = as_(client, cast.leader)
    page = leader.get(f"{BASE}/flags/").content.decode()
    assert cast.unit_b.name in page and "限制融资授信" in page
    assert leader.get(f"{BASE}/zero-status/").status_code == 200
    assert leader.get(f"{BASE}/zero-status/compute/").status_code == 403
    office = as_(client, cast.office)
    assert office.post(f"{BASE}/zero-status/compute/", {"period": "2026Q1"}).status_code == 302
    assert office.post(f"{BASE}/zero-status/compute/", {"period": "2026Q9"}).status_code == 400
    assert as_(client, cast.clerk_a).get(f"{BASE}/flags/").status_code == 403
