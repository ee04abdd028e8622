"""Personal files in HTML: "my file", cadre checks and the office's file-access log."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from notifications.models import Notice
from notifications.services import outbox_sweep
from records import services
from records.choices import RecordKind
from records.models import CadreCheck, CreditRecord, FileAccess
from tests.factories import make_servant, make_user
from tests.records.test_public_pages import RECENT, personal_record, published_penalty
from workdays.services import policy_revise

pytestmark = pytest.mark.django_db

MY_FILE = reverse("records:my_file")
CHECKS = reverse("records:cadre_check_list")
NEW_CHECK = reverse("records:cadre_check_create")
ACCESS_LOG = reverse("records:file_access_list")


def as_(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def file_x(cast):
    """Servant X's file: a revoked sanction, a corrected accountability record with an open objection,
    an annual assessment entry and a draft; plus a sanction of servant Y."""
    revoked = services.record_revoke(record=personal_record(cast, RecordKind.GOVERNMENT_SANCTION, title="违反工作纪律"),
                                     actor=cast.clerk_a, reason="原处分决定被撤销")
    corrected = services.record_correct(record=personal_record(cast, RecordKind.ACCOUNTABILITY, title="履职不力"),
                                        actor=cast.clerk_a, reason="文书号录入错误", decision_number="问责〔2026〕2号")
    CreditRecord.objects.filter(pk=corrected.pk).update(objection_open=True)
    entry = personal_record(cast, RecordKind.ANNUAL_ASSESSMENT, title="2025年度考核")
    draft = services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="clean_government", title="尚未发布的廉政记录", decision_date=RECENT, details={"conclusion": "无问题"},
    )
    other = personal_record(cast, RecordKind.GOVERNMENT_SANCTION, servant=cast.servant_y, title="李华的处分")
    return {"revoked": revoked, "corrected": corrected, "entry": entry, "draft": draft, "other": other}


# --- my file ------------------------------------------------------------------------------

def test_a_servant_sees_their_own_file_with_its_history(client, cast, file_x):
    page = as_(client, cast.user_x).get(MY_FILE)
    assert page.status_code == 200
    assert {r.pk for r in page.context["records"]} == {file_x["revoked"].pk, file_x["corrected"].pk}
    assert [r.pk for r in page.context["entries"]] == [file_x["entry"].pk]
    html = page.content.decode()
    assert cast.servant_x.id_number in html  # the person sees their full ID number
    for text in ("违反工作纪律", "已撤销", "原处分决定被撤销", "履职不力", "异议处理中", "文书号录入错误",
                 "决定文书号", "2025年度考核", "基本称职", "区市场监督管理局", f'id="record-{file_x["corrected"].pk}"'):
        assert text in html, text
    assert "尚未发布的廉政记录" not in html
    assert "李华的处分" not in html
    corrected = next(r for r in page.context["records"] if r.pk == file_x["corrected"].pk)
    assert corrected.version == 2 and corrected.objection_open
    assert "edit" not in {e.action for r in page.context["records"] for e in r.history}


def test_another_servant_never_sees_xs_records(client, cast, file_x):
    page = as_(client, cast.user_y).get(MY_FILE)
    assert [r.pk for r in page.context["records"]] == [file_x["other"].pk]
    assert page.context["entries"] == []
    html = page.content.decode()
    assert "违反工作纪律" not in html and "履职不力" not in html and cast.servant_x.id_number not in html


def test_my_file_is_for_civil_servants_only(client, cast):
    for who in ("office", "clerk_a", "leader", "supervisor_in", "cadre"):
        assert as_(client, getattr(cast, who)).get(MY_FILE).status_code == 403, who
    assert as_(client, cast.api_client).get(MY_FILE).status_code == 302  # no HTML session (issue 16)
    anonymous = as_(client, None).get(MY_FILE)
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]


def test_who_viewed_my_file_shows_a_clerks_view(client, api, cast, file_x):
    assert api.as_(cast.clerk_a).get(f"/api/v1/records/{file_x['entry'].pk}/").status_code == 200
    page = as_(client, cast.user_x).get(MY_FILE)
    [access] = page.context["access_page"]
    assert (access.viewer, access.purpose) == (cast.clerk_a, "本单位经办查询")
    html = page.content.decode()
    assert "clerk_a" in html and "区市场监督管理局" in html and "本单位经办查询" in html
    # Reading one's own file is not logged.
    assert FileAccess.objects.filter(civil_servant=cast.servant_x).count() == 1


def _my_file_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MY_FILE).status_code == 200
    return len(queries)


def test_my_file_costs_a_fixed_number_of_queries(client, cast, file_x):
    services.file_access_log(viewer=cast.clerk_a, servant_ids=[cast.servant_x.pk], purpose="本单位经办查询",
                             channel="html")
    as_(client, cast.user_x)
    small = _my_file_queries(client, cast.user_x)
    for index in range(4):
        record = personal_record(cast, RecordKind.INTEGRITY_TRAINING, title=f"培训{index}")
        services.record_correct(record=record, actor=cast.clerk_a, reason="学时更正",
                                details={"training_name": "诚信教育专题", "training_type": "在职培训", "hours": "6"})
        personal_record(cast, RecordKind.ACCOUNTABILITY, title=f"问责{index}")
        services.file_access_log(viewer=cast.clerk_a, servant_ids=[cast.servant_x.pk], purpose="本单位经办查询",
                                 channel="html")
    assert _my_file_queries(client, cast.user_x) == small
    # session, user, roles, unread notices, servant, the summary (one grouped query; it also counts the page),
    # the page of records, their events, which of them await a repair decision, access count, access page
    assert small == 11


@pytest.fixture
def long_file(cast):
    """120 published records of servant X, one a day back from RECENT: every third an annual assessment (a file
    entry), the others sanctions; the oldest sanction revoked, two with an open objection."""
    rows = [personal_record(cast, RecordKind.ANNUAL_ASSESSMENT if index % 3 == 0 else RecordKind.GOVERNMENT_SANCTION,
                            title=f"记录{index:03d}", decision_date=RECENT - datetime.timedelta(days=index))
            for index in range(120)]
    services.record_revoke(record=rows[119], actor=cast.clerk_a, reason="原处分决定被撤销")
    CreditRecord.objects.filter(pk__in=[rows[1].pk, rows[100].pk]).update(objection_open=True)
    return rows


def _titles(response) -> set[str]:
    return {r.title for r in response.context["records"] + response.context["entries"]}


def test_a_long_file_shows_fifty_records_a_page_newest_first_and_a_summary_of_all_of_it(client, cast, long_file):
    first = as_(client, cast.user_x).get(MY_FILE)
    page = first.context["page_obj"]
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (1, 3, 120)
    assert _titles(first) == {f"记录{index:03d}" for index in range(50)}
    assert all(hasattr(r, "history") for r in first.context["records"] + first.context["entries"])
    summary = first.context["summary"]
    assert (summary.total, summary.records_total, summary.entries_total) == (120, 80, 40)
    assert (summary.published, summary.objections_open) == (119, 2)
    assert {row["kind"]: (row["total"], row["published"]) for row in summary.by_kind} == {
        RecordKind.GOVERNMENT_SANCTION: (80, 79), RecordKind.ANNUAL_ASSESSMENT: (40, 40)}
    assert {row["status"]: row["total"] for row in summary.by_status} == {"published": 119, "revoked": 1}
    html = first.content.decode()
    assert "第 1 页，共 3 页" in html and "记录049" in html and "记录050" not in html
    assert "共 80 条" in html and "共 40 条" in html

    last = client.get(MY_FILE, {"page": 3})
    assert _titles(last) == {f"记录{index:03d}" for index in range(100, 120)}
    assert "原处分决定被撤销" in last.content.decode()  # the history of the page's records is there


def test_the_files_filters_narrow_the_pages_and_the_page_links_keep_them(client, cast, long_file):
    as_(client, cast.user_x)
    published = client.get(MY_FILE, {"status": "published"})
    assert published.context["page_obj"].paginator.count == 119
    assert "status=published&amp;page=2" in published.content.decode()
    assert client.get(MY_FILE, {"status": "published", "page": 3}).context["page_obj"].paginator.count == 119
    entries = client.get(MY_FILE, {"kind": RecordKind.ANNUAL_ASSESSMENT})
    assert entries.context["records"] == [] and len(entries.context["entries"]) == 40
    assert entries.context["entries_total"] == 40 and entries.context["page_obj"].paginator.num_pages == 1
    objections = client.get(MY_FILE, {"objection_open": "true"})
    assert _titles(objections) == {"记录001", "记录100"}
    # The summary always counts the whole file.
    assert objections.context["summary"].total == 120


def test_the_notice_of_a_change_opens_the_file_at_that_record_whatever_its_page(client, cast, long_file):
    oldest = long_file[118]
    services.record_correct(record=oldest, actor=cast.clerk_a, reason="文书号录入错误", decision_number="更正〔2026〕1号")
    outbox_sweep()
    link = Notice.objects.filter(recipient=cast.user_x).order_by("-pk").first().link
    assert link == f"{MY_FILE}?record={oldest.pk}#record-{oldest.pk}"
    response = as_(client, cast.user_x).get(link)
    assert _titles(response) == {"记录118"}
    assert response.context["records_total"] == 1
    html = response.content.decode()
    assert f'id="record-{oldest.pk}"' in html and "文书号录入错误" in html and "显示全部" in html
    assert _titles(client.get(MY_FILE, {"record": long_file[0].pk + 10**6})) == set()
    assert _titles(as_(client, cast.user_y).get(link)) == set()  # never another person's record


# --- cadre checks -----------------------------------------------------------------------------

def test_a_cadre_needs_an_open_check_to_see_a_file(client, cast, file_x):
    as_(client, cast.cadre)
    by_person = reverse("records:cadre_servant_file", args=[cast.servant_x.pk])
    assert client.get(by_person).status_code == 404
    expired = CadreCheck.objects.create(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                                        purpose_note="旧的审查", expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert client.get(reverse("records:cadre_check_detail", args=[expired.pk])).status_code == 404
    assert client.get(by_person).status_code == 404
    assert not FileAccess.objects.exists()


def test_a_cadre_starts_a_check_sees_the_file_and_the_person_is_told(client, cast, file_x):
    as_(client, cast.cadre)
    form = client.get(NEW_CHECK, {"q": "张明"})
    assert form.status_code == 200
    html = form.content.decode()
    assert cast.servant_x.masked_id_number in html and cast.servant_x.id_number not in html
    assert "李华" not in html  # the search narrowed the choice

    response = client.post(NEW_CHECK, {"civil_servant": cast.servant_x.pk, "purpose": "appointment",
                                       "purpose_note": "拟任科长任前审查"})
    check = CadreCheck.objects.get(reviewer=cast.cadre)
    assert response.status_code == 302
    assert response["Location"] == reverse("records:cadre_check_detail", args=[check.pk])
    assert (check.civil_servant, check.purpose, check.purpose_note) == (cast.servant_x, "appointment", "拟任科长任前审查")

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert {r.pk for r in page.context["records"]} == {file_x["revoked"].pk, file_x["corrected"].pk}
    html = page.content.decode()
    assert "违反工作纪律" in html and "2025年度考核" in html
    assert "尚未发布的廉政记录" not in html and "李华的处分" not in html
    assert cast.servant_x.masked_id_number in html and cast.servant_x.id_number not in html

    access = FileAccess.objects.get(viewer=cast.cadre)
    assert (access.civil_servant, access.cadre_check, access.channel) == (cast.servant_x, check, "html")
    assert access.purpose == "任前审查：拟任科长任前审查"
    assert client.get(reverse("records:cadre_servant_file", args=[cast.servant_x.pk]))["Location"] == \
        reverse("records:cadre_check_detail", args=[check.pk])

    outbox_sweep()
    notice = Notice.objects.get(recipient=cast.user_x, key__contains=f"cadre-check:{check.pk}")
    assert "组织人事部门" in notice.title and "拟任科长任前审查" in notice.body

    listing = client.get(CHECKS)
    assert [c.pk for c in listing.context["page_obj"]] == [check.pk]
    assert "拟任科长任前审查" in listing.content.decode()


def test_a_cadre_check_of_a_long_file_is_paged_like_the_own_file_and_each_page_opened_is_logged(client, cast, long_file):
    # Before issue 18 the check rendered all 120 records with every history on one page (no page_obj).
    check = services.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                                       purpose_note="拟任科长任前审查")
    url = reverse("records:cadre_check_detail", args=[check.pk])
    first = as_(client, cast.cadre).get(url)
    page = first.context["page_obj"]
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (1, 3, 120)
    assert _titles(first) == {f"记录{index:03d}" for index in range(50)}
    summary = first.context["summary"]
    assert (summary.total, summary.published, summary.objections_open) == (120, 119, 2)
    html = first.content.decode()
    assert "第 1 页，共 3 页" in html and "记录050" not in html and "拟任科长任前审查" in html
    assert cast.servant_x.id_number not in html

    last = client.get(url, {"page": 3})
    assert _titles(last) == {f"记录{index:03d}" for index in range(100, 120)}
    assert "原处分决定被撤销" in last.content.decode()
    assert client.get(url, {"status": "published"}).context["page_obj"].paginator.count == 119
    assert _titles(client.get(url, {"objection_open": "true"})) == {"记录001", "记录100"}
    opened = FileAccess.objects.filter(viewer=cast.cadre, civil_servant=cast.servant_x, cadre_check=check)
    assert opened.count() == 4  # one per page opened, each under the check


def test_a_check_of_an_empty_file_is_still_logged(client, cast):
    as_(client, cast.cadre)
    response = client.post(NEW_CHECK, {"civil_servant": cast.servant_y.pk, "purpose": "award",
                                       "purpose_note": "年度评先评优"})
    client.get(response["Location"])
    access = FileAccess.objects.get(viewer=cast.cadre)
    assert (access.civil_servant, access.purpose) == (cast.servant_y, "评先评优：年度评先评优")
    assert access.cadre_check == CadreCheck.objects.get()


def test_a_check_can_name_the_person_by_id_number(client, cast):
    as_(client, cast.cadre)
    response = client.post(NEW_CHECK, {"id_number": cast.servant_y.id_number.lower(), "purpose": "assessment",
                                       "purpose_note": "年度考核"})
    assert response.status_code == 302
    assert CadreCheck.objects.get().civil_servant == cast.servant_y
    unknown = client.post(NEW_CHECK, {"id_number": "110101199001011234", "purpose": "assessment",
                                      "purpose_note": "年度考核"})
    assert "id_number" in unknown.context["form"].errors


def test_a_servants_page_offers_a_cadre_reviewer_a_check_of_that_servant(client, cast):
    """A cadre reviewer on /workspace/servants/<id>/ had no way from there to start a check of the person.
    The link opens the form with the person chosen; a ?servant= that names nobody chooses nobody.
    Fails before the change (no link on the servant's page)."""
    page = as_(client, cast.cadre).get(reverse("records:servant_detail", args=[cast.servant_x.pk])).content.decode()
    link = f"{NEW_CHECK}?servant={cast.servant_x.pk}"
    assert f'href="{link}"' in page and "发起审查" in page
    form = client.get(link)
    assert form.status_code == 200 and form.context["form"]["civil_servant"].value() == cast.servant_x.pk
    assert f'<option value="{cast.servant_x.pk}" selected>' in form.content.decode()
    for bad in ("abc", "0", "99999999", "99999999999999999999", "١٢"):
        other = client.get(NEW_CHECK, {"servant": bad})
        assert other.status_code == 200 and other.context["form"]["civil_servant"].value() is None, bad
    for who in ("office", "clerk_a", "leader", "supervisor_in"):  # the others may not start a check
        page = as_(client, getattr(cast, who)).get(reverse("records:servant_detail", args=[cast.servant_x.pk]))
        assert NEW_CHECK not in page.content.decode(), who


def test_with_an_open_check_the_servants_page_opens_the_file_instead_of_a_second_check(client, cast):
    """A reviewer whose check of the person is still open was offered 发起审查 again, which would start a second
    check and tell the person a second time; the page now opens the file under the open check (fails on the old
    page: 发起审查 whatever the checks). An expired check, or another reviewer's, does not count."""
    detail = reverse("records:servant_detail", args=[cast.servant_x.pk])
    CadreCheck.objects.create(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                              purpose_note="旧的审查", expires_at=timezone.now() - datetime.timedelta(hours=1))
    other = make_user("cadre-2", Role.CADRE_REVIEWER)
    CadreCheck.objects.create(reviewer=other, civil_servant=cast.servant_x, purpose="appointment",
                              purpose_note="他人的审查", expires_at=timezone.now() + datetime.timedelta(days=3))
    page = as_(client, cast.cadre).get(detail).content.decode()
    assert NEW_CHECK in page and "查阅档案" not in page
    check = CadreCheck.objects.create(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                                      purpose_note="任前审查", expires_at=timezone.now() + datetime.timedelta(days=3))
    page = client.get(detail).content.decode()
    opened = reverse("records:cadre_check_detail", args=[check.pk])
    assert f'href="{opened}"' in page and "查阅档案" in page and NEW_CHECK not in page
    assert client.get(opened).status_code == 200


@pytest.mark.parametrize("note", ["", "   "])
def test_a_check_without_a_purpose_note_is_a_form_error(client, cast, note):
    response = as_(client, cast.cadre).post(NEW_CHECK, {"civil_servant": cast.servant_x.pk, "purpose": "appointment",
                                                        "purpose_note": note})
    assert response.status_code == 200
    assert "purpose_note" in response.context["form"].errors
    assert not CadreCheck.objects.exists()
    missing = client.post(NEW_CHECK, {"purpose": "appointment", "purpose_note": "任前审查"})
    assert "civil_servant" in missing.context["form"].errors


def test_a_check_is_the_reviewers_own(client, cast, file_x):
    colleague = make_user("cadre2", "cadre_reviewer")
    check = services.cadre_check_start(reviewer=colleague, civil_servant=cast.servant_x, purpose="appointment",
                                       purpose_note="同事的审查")
    assert as_(client, cast.cadre).get(reverse("records:cadre_check_detail", args=[check.pk])).status_code == 404
    assert list(client.get(CHECKS).context["page_obj"]) == []


def test_cadre_pages_are_for_cadre_reviewers_only(client, cast):
    for who in ("office", "clerk_a", "user_x", "leader", "supervisor_in"):
        as_(client, getattr(cast, who))
        assert client.get(CHECKS).status_code == 403, who
        assert client.get(NEW_CHECK).status_code == 403, who
    assert as_(client, None).get(CHECKS).status_code == 302


def test_the_cadre_check_list_costs_a_fixed_number_of_queries(client, cast):
    as_(client, cast.cadre)
    services.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                               purpose_note="第一次")
    with CaptureQueriesContext(connection) as small:
        client.get(CHECKS)
    for index in range(4):
        servant = make_servant(cast.unit_b, f"候选人{index}")
        services.cadre_check_start(reviewer=cast.cadre, civil_servant=servant, purpose="award", purpose_note="评优")
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(CHECKS).context["page_obj"]) == 5
    assert len(large) == len(small)


# --- the office's file-access log ----------------------------------------------------------

def test_the_office_sees_and_filters_the_access_log(client, cast, file_x):
    services.file_access_log(viewer=cast.clerk_a, servant_ids=[cast.servant_x.pk], purpose="本单位经办查询",
                             channel="html")
    services.file_access_log(viewer=cast.clerk_b, servant_ids=[cast.servant_y.pk], purpose="本单位经办查询",
                             channel="api")
    as_(client, cast.office)
    page = client.get(ACCESS_LOG)
    assert page.status_code == 200
    assert len(page.context["page_obj"]) == 2
    assert cast.servant_x.id_number in page.content.decode()  # the office sees full ID numbers

    by_name = client.get(ACCESS_LOG, {"servant": "张明"})
    assert [a.civil_servant for a in by_name.context["page_obj"]] == [cast.servant_x]
    by_id = client.get(ACCESS_LOG, {"servant": cast.servant_y.id_number})
    assert [a.civil_servant for a in by_id.context["page_obj"]] == [cast.servant_y]
    today = timezone.localdate()
    assert len(client.get(ACCESS_LOG, {"date_from": today.isoformat()}).context["page_obj"]) == 2
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert list(client.get(ACCESS_LOG, {"date_from": tomorrow}).context["page_obj"]) == []
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert list(client.get(ACCESS_LOG, {"date_to": yesterday}).context["page_obj"]) == []


def test_the_access_log_is_for_the_office_only(client, cast):
    for who in ("clerk_a", "head_a", "user_x", "leader", "supervisor_in", "cadre"):
        assert as_(client, getattr(cast, who)).get(ACCESS_LOG).status_code == 403, who
    assert as_(client, None).get(ACCESS_LOG).status_code == 302


def test_the_access_log_costs_a_fixed_number_of_queries(client, cast):
    as_(client, cast.office)
    services.file_access_log(viewer=cast.clerk_a, servant_ids=[cast.servant_x.pk], purpose="x", channel="html")
    with CaptureQueriesContext(connection) as small:
        client.get(ACCESS_LOG)
    for index in range(4):
        servant = make_servant(cast.unit_b, f"被查阅人{index}")
        services.file_access_log(viewer=cast.clerk_b, servant_ids=[servant.pk], purpose="y", channel="api")
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(ACCESS_LOG).context["page_obj"]) == 5
    assert len(large) == len(small)


def test_the_public_never_reaches_a_personal_file(client, cast, file_x):
    published_penalty(cast)
    for url in (MY_FILE, CHECKS, ACCESS_LOG):
        assert as_(client, None).get(url).status_code == 302


def test_cadre_check_access_lasts_as_long_as_the_policy_row_says(cast):
    policy_revise(key="cadre_check_access", value=3, unit="calendar_days", legal_basis="区信用办确定",
                  actor=cast.office)
    check = services.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                                       purpose_note="拟提拔任职")
    assert (check.expires_at - timezone.now()).days == 2  # three days from now, less the seconds gone by
