"""Browser journey of a rectification case (issue 7), phone-sized (375 px), the case list also at 1280 px: the clerk
of a unit under rectification submits the written explanation and the rectification report (with attachments); the
credit office accepts it. Each key page is checked by axe.

The other half of issue 7's journey (the civil servant downloads their credit report and verifies its code) is
``tests/records/test_reports_browser.py``."""
import datetime
import re

from django.utils import timezone

from accounts.choices import Role
from records import services
from records.models import RectificationCase
from records.services import punishment
from tests.factories import make_unit
from tests.support.browser import assert_fits, journey_user, log_in, log_out

PDF = b"%PDF-1.4 rectification journey\n%%EOF\n"


def _state(page):
    return page.get_by_test_id("case-state").inner_text()


def test_the_clerk_explains_and_reports_and_the_office_accepts(page_at_375, browser_page, audit_page, tmp_path):
    unit = make_unit("区市场监督管理局", discipline_unit=make_unit("区纪委监委"), audit_unit=make_unit("区审计局"))
    provider = make_unit("区发展和改革局")
    journey_user("pun-clerk", Role.CLERK, unit=unit, full_name="王经办")
    journey_user("pun-office", Role.CREDIT_OFFICE, unit=provider, is_staff=True, full_name="信用办李")
    provider_clerk = journey_user("pun-provider", Role.CLERK, unit=provider)
    record = services.record_create(
        actor=provider_clerk, provider=provider, subject_type="unit", subject_unit=unit,
        kind="administrative_penalty", severity="general", title="未按规定公示收费标准",
        decision_number="莱发改罚〔2026〕3号", decision_date=timezone.localdate() - datetime.timedelta(days=5),
        details={"subject_category": "法人及非法人组织", "violation_type": "违反价格法", "penalty_category": "警告",
                 "penalty_content": "警告并责令改正"},
    )
    record = services.record_publish(record=record, actor=provider_clerk)
    punishment.punishment_record_changed(record=record, actor=provider_clerk)  # idempotent: one case
    case = RectificationCase.objects.get(records=record)
    assert case.state == "open" and case.unit == unit
    explanation_file = tmp_path / "情况说明.pdf"
    explanation_file.write_bytes(PDF)
    report_file = tmp_path / "整改报告.pdf"
    report_file.write_bytes(PDF)
    page = page_at_375

    # The clerk of the unit finds the case (desktop table) …
    desk = browser_page(1280, 900)
    log_in(desk, "pun-clerk")
    desk.goto("/workspace/punishment/cases/")
    row = desk.locator("table tbody tr", has_text="区市场监督管理局")
    assert row.count() == 1 and "待说明" in row.inner_text()
    audit_page(desk, "punishment-case-list")

    # … opens it on the phone and submits the written explanation with an attachment …
    log_in(page, "pun-clerk")
    page.goto("/workspace/punishment/cases/")
    page.get_by_role("link", name=f"#{case.pk}").click()
    page.wait_for_url(re.compile(rf"/workspace/punishment/cases/{case.pk}/$"))
    assert "区市场监督管理局的整改案件" in page.get_by_role("heading", level=1).inner_text()
    assert "待说明" in _state(page) and "未按规定公示收费标准" in page.content()
    assert "整改完成前取消" in page.content()  # not eligible for awards while the case is open
    audit_page(page, "punishment-case-open")
    assert_fits(page)
    page.get_by_role("link", name="报送书面说明").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/explain/$"))
    page.get_by_label("书面说明（失信原因）").fill("收费公示制度执行不到位，窗口未及时更新公示牌。")
    page.get_by_label("附件").set_input_files(str(explanation_file))
    audit_page(page, "punishment-explain")
    assert_fits(page)
    page.get_by_role("button", name="报送").click()
    page.wait_for_url(re.compile(rf"/workspace/punishment/cases/{case.pk}/$"))
    assert "已说明，待报送整改报告" in _state(page)
    assert "窗口未及时更新公示牌" in page.content() and "情况说明.pdf" in page.content()

    # … then the rectification report: an empty one is refused field by field, a full one is accepted.
    page.get_by_role("link", name="报送整改报告").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/report/$"))
    page.get_by_role("button", name="报送").click()
    page.wait_for_load_state()
    for message in ("请填写整改措施", "请填写整改成效", "请填写整改完成日期"):
        assert message in page.content(), message
    audit_page(page, "punishment-report-errors")
    page.get_by_label("整改措施").fill("重新制定收费公示制度，全员培训。")
    page.get_by_label("整改成效").fill("公示牌已全部更新，复查无问题。")
    page.get_by_label("整改完成日期").fill(timezone.localdate().isoformat())
    page.get_by_label("附件（整改报告、证明材料）").set_input_files(str(report_file))
    page.get_by_role("button", name="报送").click()
    page.wait_for_url(re.compile(rf"/workspace/punishment/cases/{case.pk}/$"))
    assert "已报送整改报告，待验收" in _state(page)
    assert "公示牌已全部更新" in page.content() and "整改报告.pdf" in page.content()
    assert page.get_by_role("link", name="验收通过").count() == 0  # the clerk may not accept
    audit_page(page, "punishment-case-rectified")
    assert_fits(page)
    log_out(page)

    # The credit office accepts it.
    log_in(page, "pun-office")
    page.goto(f"/workspace/punishment/cases/{case.pk}/")
    page.get_by_role("link", name="验收通过").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/accept/$"))
    page.get_by_label("验收意见").fill("整改到位，予以验收。")
    audit_page(page, "punishment-accept")
    page.get_by_role("button", name="验收通过").click()
    page.wait_for_url(re.compile(rf"/workspace/punishment/cases/{case.pk}/$"))
    assert "整改验收通过" in _state(page)
    assert "整改到位，予以验收" in page.content()
    assert "已恢复" in page.content()  # eligible for awards again
    history = page.locator("#case-history").locator("xpath=..").inner_text()
    assert "待说明" in history and "整改验收通过" in history
    audit_page(page, "punishment-case-accepted")
    assert_fits(page)
    case.refresh_from_db()
    assert case.state == "accepted" and case.attachments.count() == 2 and not case.award_ineligible
