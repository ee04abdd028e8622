"""Credit reports (信用报告): who gets one, what it says, the PDF's text layer, and /verify/."""
import datetime
import html
import json
import shutil
import subprocess

import pytest
from django.utils import timezone

from records import reports
from records import services as records
from records.models import CadreCheck, CreditReport, FileAccess
from records.models.reports import CODE_LENGTH, content_digest, normalize_code
from tests.records.test_record_lifecycle import PENALTY_DETAILS, penalty, sanction

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.records.test_reports_urlconf")]

D = datetime.date


@pytest.fixture
def file_x(cast):
    """Servant X: a sanction in force and an annual assessment; unit B: a public penalty and a minor one."""
    in_force = records.record_publish(record=sanction(cast), actor=cast.clerk_a)
    records.record_publish(record=records.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="annual_assessment", assessment_grade="excellent", title="2025年度考核", decision_date=D(2026, 1, 20),
        details={"assessment_year": 2025}), actor=cast.clerk_a)
    public = records.record_publish(record=penalty(cast), actor=cast.clerk_a, today=D(2026, 3, 5))
    minor = records.record_publish(record=penalty(cast, severity="minor", title="轻微违规不公示",
                                                  decision_number="莱市监罚〔2026〕99号"),
                                   actor=cast.clerk_a, today=D(2026, 3, 5))
    return {"sanction": in_force, "penalty": public, "minor": minor}


def _issue(client, url) -> CreditReport:
    response = client.post(url)
    assert response.status_code == 302
    return CreditReport.objects.latest("pk")


def _text(response) -> str:
    return html.unescape(response.content.decode())


# --- a civil servant's report -------------------------------------------------------------------

def test_the_servant_previews_issues_and_downloads_their_report(client, cast, file_x):
    client.force_login(cast.user_x)
    response = client.get("/reports/me/")
    assert response.status_code == 302 and response.url == f"/reports/servants/{cast.servant_x.pk}/"
    page = _text(client.get(response.url))
    assert "公务员政务诚信信用报告" in page and "违反工作纪律" in page and "2025年度考核" in page
    assert cast.servant_x.masked_id_number in page and cast.servant_x.id_number not in page
    report = _issue(client, f"/reports/servants/{cast.servant_x.pk}/")
    assert (report.subject_type, report.civil_servant, report.issued_to) == ("person", cast.servant_x, cast.user_x)
    assert len(report.code) == CODE_LENGTH and report.content_hash == content_digest(report.content)
    assert cast.servant_x.id_number not in json.dumps(report.content, ensure_ascii=False)
    issued = _text(client.get(f"/reports/{report.display_code}/"))
    assert report.display_code in issued and report.content_hash in issued
    pdf = client.get(f"/reports/{report.display_code}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert not FileAccess.objects.exists()  # the person's own reads are not logged


def test_a_report_lists_records_in_force_and_only_counts_those_that_ended(cast, file_x):
    records.record_revoke(record=file_x["sanction"], actor=cast.clerk_a, reason="原处分决定已撤销")
    content = reports.servant_report_content(servant=cast.servant_x,
                                             records=reports.servant_records(user=cast.office, servant=cast.servant_x))
    assert content["records"] == [] and content["summary"]["ended"] == 1
    assert [e["title"] for e in content["entries"]] == ["2025年度考核"]


@pytest.mark.parametrize("who, status", [
    ("clerk_a", 200), ("office", 200), ("clerk_b", 404), ("cadre", 404), ("supervisor_in", 403), ("user_y", 404),
    ("leader", 403),
])
def test_who_may_have_a_servants_report(client, cast, file_x, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(f"/reports/servants/{cast.servant_x.pk}/").status_code == status
    assert client.post(f"/reports/servants/{cast.servant_x.pk}/").status_code == (302 if status == 200 else status)


def test_anonymous_goes_to_the_login_page(client, cast, file_x):
    assert client.get(f"/reports/servants/{cast.servant_x.pk}/").status_code == 302


def test_reads_by_others_are_logged_as_report_views(client, cast, file_x):
    client.force_login(cast.clerk_a)
    client.get(f"/reports/servants/{cast.servant_x.pk}/")
    access = FileAccess.objects.get()
    assert (access.viewer, access.civil_servant, access.channel) == (cast.clerk_a, cast.servant_x, "report")


def test_a_cadre_check_opens_the_report_and_is_named_in_the_log(client, cast, file_x):
    check = records.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                                      purpose_note="拟任科长")
    client.force_login(cast.cadre)
    report = _issue(client, f"/reports/servants/{cast.servant_x.pk}/")
    assert report.issued_to == cast.cadre
    assert set(FileAccess.objects.values_list("cadre_check", flat=True)) == {check.pk}
    CadreCheck.objects.filter(pk=check.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(cast.cadre)
    # The check has closed: the report the reviewer was given stays theirs; a new one is refused.
    assert client.get(f"/reports/{report.code}/").status_code == 200
    assert client.get(f"/reports/servants/{cast.servant_x.pk}/").status_code == 404


def test_an_issued_personal_report_is_not_for_anyone_with_the_code(client, cast, file_x):
    client.force_login(cast.user_x)
    report = _issue(client, f"/reports/servants/{cast.servant_x.pk}/")
    client.logout()
    assert client.get(f"/reports/{report.code}/").status_code == 302
    assert client.get(f"/reports/{report.code}/pdf/").status_code == 302
    client.force_login(cast.clerk_b)
    assert client.get(f"/reports/{report.code}/").status_code == 404
    assert client.get(f"/reports/{report.code}/pdf/").status_code == 404


def test_the_report_preview_reads_a_fixed_number_of_queries(client, cast, file_x, django_assert_max_num_queries):
    client.force_login(cast.user_x)
    with django_assert_max_num_queries(14):  # session, user, roles, nav, servant, records, log check, unread
        assert client.get(f"/reports/servants/{cast.servant_x.pk}/").status_code == 200


# --- a unit's report ----------------------------------------------------------------------------------

def test_anyone_gets_a_units_report_with_its_public_records_only(client, cast, file_x):
    page = _text(client.get(f"/reports/units/{cast.unit_b.pk}/"))
    assert "单位政务诚信信用报告" in page and cast.unit_b.code in page and "未按规定明码标价" in page
    assert "轻微违规不公示" not in page and "违反工作纪律" not in page
    report = _issue(client, f"/reports/units/{cast.unit_b.pk}/")
    assert report.issued_to is None and report.subject_unit == cast.unit_b
    assert [r["title"] for r in report.content["records"]] == ["未按规定明码标价"]
    assert client.get(f"/reports/{report.code}/").status_code == 200
    assert client.get(f"/reports/{report.code.lower()}/pdf/").status_code == 200


def test_a_units_report_writes_amounts_as_a_clerk_does(cast):
    records.record_publish(record=penalty(cast, details={**PENALTY_DETAILS, "fine_amount": "5.000000"}),
                           actor=cast.clerk_a, today=D(2026, 3, 5))
    content = reports.unit_report_content(unit=cast.unit_b, today=D(2026, 3, 5))
    assert ["罚款金额（万元）", "5"] in content["records"][0]["details"]  # the PDF's rows too


def test_an_unknown_unit_is_404(client, cast):
    assert client.get("/reports/units/999999/").status_code == 404


# --- verification ----------------------------------------------------------------------------------

def test_verify_tells_anyone_a_report_is_genuine_without_personal_data(client, cast, file_x):
    client.force_login(cast.user_x)
    report = _issue(client, f"/reports/servants/{cast.servant_x.pk}/")
    client.logout()
    page = _text(client.get(f"/verify/{report.display_code.lower()}/"))
    assert "报告真实有效" in page and report.content_hash in page and "公务员政务诚信信用报告" in page
    assert timezone.localtime(report.issued_at).strftime("%Y-%m-%d %H:%M") in page
    for personal in (cast.servant_x.name, cast.servant_x.masked_id_number, cast.servant_x.id_number,
                     cast.unit_a.name, "违反工作纪律"):
        assert personal not in page


def test_verify_names_the_unit_of_a_unit_report(client, cast, file_x):
    report = _issue(client, f"/reports/units/{cast.unit_b.pk}/")
    page = _text(client.get(f"/verify/{report.code}/"))
    assert cast.unit_b.name in page and cast.unit_b.code in page


@pytest.mark.parametrize("code", ["0" * CODE_LENGTH, "not-a-code", "ABCD"])
def test_an_unknown_or_malformed_code_is_404(client, code):
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404 and "未找到" in _text(response)


def test_the_verify_form_redirects_a_typed_code(client, cast, file_x):
    report = _issue(client, f"/reports/units/{cast.unit_b.pk}/")
    typed = " " + report.display_code.lower() + " "
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302 and response.url == f"/verify/{report.code}/"
    assert "格式不正确" in _text(client.get("/verify/", {"code": "xyz"}))



def test_a_malformed_typed_code_is_an_error_of_the_code_field(client):
    """/verify/ showed 验证码格式不正确 as an unstyled paragraph (class="error" has no style) apart from its
    field, whose input was not styled like other forms' either. It is now the field's error: the usual
    errorlist, the input aria-invalid and described by it; the page stays 200. Fails before the change."""
    response = client.get("/verify/", {"code": "xyz"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["验证码格式不正确：应为 20 位字母和数字（可含连字符）。"]
    html = response.content.decode()
    assert 'class="field field--error field--required"' in html
    assert '<ul class="errorlist" id="id_code_error"><li>验证码格式不正确' in html
    field = html[html.index('<input type="text" name="code"'):].split(">", 1)[0]
    assert 'value="xyz"' in field and 'aria-invalid="true"' in field and 'aria-describedby="id_code_error"' in field
    assert 'class="error"' not in html
    blank = client.get("/verify/")  # nothing typed yet: no error
    assert blank.status_code == 200 and "errorlist" not in blank.content.decode()
    unknown = client.get("/verify/" + "0" * CODE_LENGTH + "/")
    assert unknown.status_code == 404 and 'class="alert alert--error" role="alert"' in unknown.content.decode()

def test_codes_are_random_and_normalised():
    from records.models.reports import new_verification_code

    codes = {new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    grouped = "-".join(code[i:i + 4] for i in range(0, CODE_LENGTH, 4)).lower()
    assert normalize_code(grouped) == code and normalize_code("O" * CODE_LENGTH) == "0" * CODE_LENGTH


# --- the PDF itself ----------------------------------------------------------------------------------

@pytest.mark.requires("pdftoppm")
def test_the_pdf_holds_the_chinese_text_and_renders(client, cast, file_x, tmp_path):
    client.force_login(cast.user_x)
    report = _issue(client, f"/reports/servants/{cast.servant_x.pk}/")
    pdf_path = tmp_path / "report.pdf"
    pdf_path.write_bytes(client.get(f"/reports/{report.code}/pdf/").content)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext comes with pdftoppm (poppler-utils)"
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")
    flat = "".join(text.split())
    for expected in ("公务员政务诚信信用报告", cast.servant_x.name, "违反工作纪律", "2025年度考核", "记过",
                     report.display_code, cast.servant_x.masked_id_number):
        assert expected in flat, expected
    assert cast.servant_x.id_number not in flat
    subprocess.run([shutil.which("pdftoppm"), "-png", "-r", "40", str(pdf_path), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and pages[0].read_bytes().startswith(b"\x89PNG") and pages[0].stat().st_size > 2000
    fonts = subprocess.run([shutil.which("pdffonts") or "pdffonts", str(pdf_path)], capture_output=True,
                           timeout=60).stdout.decode()
    assert "STSong-Light" in fonts


@pytest.mark.requires("pdftoppm")
def test_a_unit_report_pdf_holds_its_records(client, cast, file_x, tmp_path):
    report = _issue(client, f"/reports/units/{cast.unit_b.pk}/")
    pdf_path = tmp_path / "unit.pdf"
    pdf_path.write_bytes(client.get(f"/reports/{report.code}/pdf/").content)
    text = subprocess.run([shutil.which("pdftotext"), "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")
    flat = "".join(text.split())
    for expected in ("单位政务诚信信用报告", cast.unit_b.name, cast.unit_b.code, "未按规定明码标价", "违反价格法"):
        assert expected in flat, expected
