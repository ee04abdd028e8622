"""Browser journey: the civil servant issues and downloads their credit report, then verifies its code."""
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from records import services as records
from tests.factories import make_servant, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.requires("chromium"),
              pytest.mark.urls("tests.records.test_reports_urlconf")]

PASSWORD = "journey-pass-2026"


def test_the_servant_downloads_their_report_and_verifies_its_code(page_at_375, audit_page):
    unit = make_unit("区市场监督管理局")
    servant = make_servant(unit, "张明")
    records.record_publish(record=records.record_create(
        actor=None, provider=unit, subject_type="person", civil_servant=servant, kind="government_sanction",
        severity="general", sanction_type="demerit", title="违反工作纪律", decision_date=timezone.localdate(),
        details={"sanction_body": "区纪委监委"}), actor=None)
    user = User.objects.create_user(username="journey-servant", password=PASSWORD, civil_servant=servant,
                                    full_name="张明")
    user.groups.add(Group.objects.get(name=Role.CIVIL_SERVANT))
    page = page_at_375

    page.goto("/accounts/login/?next=/reports/me/")
    page.get_by_label("用户名").fill("journey-servant")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator('form:has(input[name="username"]) [type="submit"]').click()
    page.wait_for_url(re.compile(r"/reports/servants/\d+/$"))
    assert "违反工作纪律" in page.content()
    audit_page(page, "report-preview")

    page.get_by_role("button", name="出具信用报告").click()
    page.wait_for_url(re.compile(r"/reports/[0-9A-Z-]{24}/$"))
    code = page.locator("[data-verification-code]").inner_text().strip()
    audit_page(page, "report-issued")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert open(download.path(), "rb").read(5) == b"%PDF-"

    page.goto("/verify/")
    page.get_by_label("验证码").fill(code.lower())
    page.get_by_role("button", name="核验").click()
    page.wait_for_url(re.compile(r"/verify/[0-9A-Z]{20}/$"))
    assert "报告真实有效" in page.content() and "张明" not in page.content()
    audit_page(page, "report-verify")
