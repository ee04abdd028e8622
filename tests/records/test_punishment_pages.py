"""The joint-punishment pages: the clerk files the explanation and the report, the office accepts;
the court-list upload; flags and zero status for the office and leadership; the public notices."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from records.models import CourtListImport, PunishmentNotice, RectificationCase, ZeroStatusSnapshot
from records.services import punishment
from tests.records.test_punishment_court_list import court_row, listing, workbook
from tests.records.test_punishment_rectification import PDF, open_case
from tests.support.long_lists import copies, detail_links, read_pages

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


def test_the_zero_status_page_counts_the_current_quarter_live_and_writes_nothing(cast, client):
    """A page view stores nothing (it used to save the current quarter's snapshot on the first GET)."""
    listing(cast, published=D(2026, 2, 1))  # still listed: in the stock of every later day
    leader = as_(client, cast.leader)
    with CaptureQueriesContext(connection) as queries:
        page = leader.get(f"{BASE}/zero-status/").content.decode()
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == [] and not ZeroStatusSnapshot.objects.exists()
    assert "存量 1 家" in page and cast.unit_b.name in page and "本期尚无快照。" in page
    assert "尚无快照；快照由每日定时任务生成。" in page

    punishment.zero_status_refresh()  # the daily job stores it; the page then says when
    snapshot = ZeroStatusSnapshot.objects.get(period=leader.get(f"{BASE}/zero-status/").context["current"].period)
    page = leader.get(f"{BASE}/zero-status/").content.decode()
    taken = timezone.localtime(snapshot.computed_at).strftime("%Y-%m-%d %H:%M")
    assert f"生成于 {taken}" in page and f"最近一次生成于 {taken}" in page
    assert ZeroStatusSnapshot.objects.count() == 3


def test_the_office_takes_the_current_quarters_snapshot_on_request(cast, client):
    office = as_(client, cast.office)
    today = timezone.localdate()
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    assert office.get(f"{BASE}/zero-status/compute/").context["form"].initial == {"period": quarter}
    assert not ZeroStatusSnapshot.objects.exists()  # the form page writes nothing either
    assert office.post(f"{BASE}/zero-status/compute/", {"period": quarter}).status_code == 302
    assert office.post(f"{BASE}/zero-status/compute/", {"period": quarter}).status_code == 302
    assert list(ZeroStatusSnapshot.objects.values_list("period", flat=True)) == [quarter]


# --- the lists page through every row (they stopped at 200 cases, 100 notices, 60 snapshots, 20 imports) ----------

def test_the_case_list_pages_through_every_case_keeping_its_filter(cast, client):
    case = open_case(cast)  # and 200 more opened the same day: the id orders them
    more = copies(case, 200, explanation_clock_id=lambda i: None, report_clock_id=lambda i: None)
    url = reverse("punishment:case_list")
    listed, pages = read_pages(as_(client, cast.office), url + "?state=open", detail_links("punishment:case_detail"))
    assert sorted(map(int, listed)) == sorted([case.pk, *(c.pk for c in more)])  # each once
    assert "共 201 条" in pages[0] and len(pages) == 5
    assert '<a href="?state=open&amp;page=2" rel="next">' in pages[0]
    assert client.get(url, {"state": "open", "page": "999999"}).context["page_obj"].number == 5  # the last
    assert client.get(url, {"state": "open", "page": "abc"}).context["page_obj"].number == 1


def test_the_public_notice_list_pages_through_every_notice(cast, client):
    now = timezone.now()  # published together: the id orders them
    notices = PunishmentNotice.objects.bulk_create([
        PunishmentNotice(number=f"区信用办〔2026〕{n}号", title=f"失信通报{n}", body="限期整改", published_at=now)
        for n in range(101)])
    listed, pages = read_pages(client, reverse("punishment:public_notice_list"),
                               detail_links("punishment:public_notice_detail"))
    assert sorted(map(int, listed)) == sorted(n.pk for n in notices)
    assert "共 101 条" in pages[0] and len(pages) == 4  # 30 a page


def test_the_zero_status_history_pages_through_every_period(cast, client):
    now = timezone.now()
    ZeroStatusSnapshot.objects.bulk_create([
        ZeroStatusSnapshot(period=f"{2020 + n // 12}-{n % 12 + 1:02d}", period_start=D(2020 + n // 12, n % 12 + 1, 1),
                           period_end=D(2020 + n // 12, n % 12 + 1, 28), as_of=D(2020 + n // 12, n % 12 + 1, 28),
                           stock_count=0, increment_count=0, is_final=True, computed_at=now)
        for n in range(61)])
    listed, pages = read_pages(as_(client, cast.leader), reverse("punishment:zero_status"), r'<tr data-period="([^"]+)">')
    assert listed == list(ZeroStatusSnapshot.objects.values_list("period", flat=True))  # newest first, each once
    assert len(listed) == 61 and "共 61 条" in pages[0]  # what is stored: looking adds nothing


def test_the_court_upload_page_lists_every_import(cast, client):
    imports = CourtListImport.objects.bulk_create([
        CourtListImport(uploaded_by=cast.office, original_name=f"名单{n}.xlsx", status="done") for n in range(21)])
    listed, pages = read_pages(as_(client, cast.office), reverse("punishment:court_upload"),
                               detail_links("punishment:court_import_detail"))
    assert sorted(map(int, listed)) == sorted(job.pk for job in imports)
    assert "共 21 条" in pages[0]


def test_the_case_page_joins_its_parts_with_english_separators_on_english_pages(cast, client):
    """Separators written in the template go through the catalogue; data (names, titles, reasons) stays as written.

    Fails on the old template: "Case opened automatically by rule，2026-03-09", "2026-03-13（Running）",
    "Administrative penalty：未按规定明码标价（…，2026-03-02）", "Acceptance opinion：", "System：— → Open（…）"."""
    import re

    from records import services
    from tests.records.test_punishment_rectification import explain, report

    services.unit_head_appoint(unit=cast.unit_a, person_name="王某", start=D(2020, 1, 1), actor=None)
    case = open_case(cast)
    explain(case, cast)
    report(case, cast, measures="重新制定收费公示制度", results="已全部公示")
    punishment.rectification_accept(case=case, actor=cast.office, note="整改到位", today=D(2026, 4, 2))
    case = punishment.rectification_accountability_decide(case=case, actor=cast.office, form="通报", decision="通报批评",
                                                          decided_on=D(2026, 4, 2), today=D(2026, 4, 3))
    record = case.records.get()
    data = [cast.unit_a.name, cast.unit_b.name, record.title, record.provider.name, "价格公示制度执行不到位。",
            "重新制定收费公示制度", "已全部公示", "整改到位", "通报批评", case.head_name,
            *(t.reason for t in case.transitions.all())]
    url = reverse("punishment:case_detail", args=[case.pk])
    office = as_(client, cast.office)
    office.cookies["django_language"] = "en"
    page = office.get(url).content.decode()
    main = page[page.index("<main"):page.index("</main>")]
    for text in sorted(filter(None, data), key=len, reverse=True):  # the stored reasons hold the others
        main = main.replace(text, "")
    assert not re.findall(r".{0,40}[：；，、（）].{0,20}", main)
    assert "Case opened automatically by rule, " in main and "Acceptance opinion: " in main
    assert f"Administrative penalty: {record.title} ({record.provider.name}, 2026-03-02)" in page
    assert re.search(r"\d{4}-\d\d-\d\d \(\w", main)

    office.cookies["django_language"] = "zh-hans"
    page = office.get(url).content.decode()
    assert "按规则自动立案，" in page and "验收意见：" in page and "通报：通报批评（2026-04-02）" in page
    assert f"行政处罚：{record.title}（{record.provider.name}，2026-03-02）" in page
    assert re.search(r"\d{4}-\d\d-\d\d（", page)


def test_the_court_uploads_and_the_public_notices_are_bracketed_in_english(cast, client):
    """Fails on the old templates: "名单.xlsx</a>（Upload，Imported；2 rows, …）" and "</a>（区信用办〔2026〕1号，…）";
    the file name and the notice number are data and stay as written."""
    import re

    office = as_(client, cast.office)
    data = workbook([court_row(cast.unit_a), court_row(name="某某有限公司", code="", case_number="Z-9")])
    office.post(f"{BASE}/court-list/", {"file": SimpleUploadedFile("名单.xlsx", data)})
    PunishmentNotice.objects.create(number="区信用办〔2026〕1号", title="失信通报", body="限期整改", published_at=timezone.now())
    office.cookies["django_language"] = "en"
    jobs = office.get(f"{BASE}/court-list/").content.decode()
    job = re.search(r"名单\.xlsx</a>(.*?)</li>", jobs).group(1)
    assert job.startswith(" (") and job.endswith(")") and not re.search(r"[：；，、（）]", job), job
    notices = office.get(reverse("punishment:public_notice_list")).content.decode()
    assert "</a> (区信用办〔2026〕1号, " in notices

    office.cookies["django_language"] = "zh-hans"
    jobs = office.get(f"{BASE}/court-list/").content.decode()
    assert re.search(r"名单\.xlsx</a>（[^<]*，[^<]*；2 行，匹配 1，生成草稿 1）</li>", jobs)
    notices = office.get(reverse("punishment:public_notice_list")).content.decode()
    assert "</a>（区信用办〔2026〕1号，" in notices
