"""Browser journey of an objection (issue 4), phone-sized (375 px), the clerk's inbox also at 1280 px: the civil
servant files an objection from their file and sees its due date; the providing clerk reviews it and upholds it with
a correction; the civil servant sees the outcome and the corrected record (version 2). Each key page is checked by
axe."""
import datetime
import re

from django.utils import timezone

from accounts.choices import Role
from objections import services as objection_services
from objections.models import Objection
from records import services
from records.choices import RecordStatus
from tests.factories import make_servant, make_unit
from tests.support.browser import assert_fits, journey_user, log_in, log_out
from tests.support.fit import misfits

# The decision form's one choice (outcome and record action together) and its required confirmation.
UPHELD_CORRECT = "异议成立：更正记录（生成新版本，替换原内容）"
CONFIRM = re.compile(r"^我已核对")


def gaps_between_detail_lists(page) -> list[float]:
    """The space, in px, above each description list that follows another."""
    return page.evaluate("""() => Array.from(document.querySelectorAll("main .detail-list + .detail-list"),
        (dl) => dl.getBoundingClientRect().top - dl.previousElementSibling.getBoundingClientRect().bottom)""")


def _world():
    """Unit A's clerk, servant 张明 of unit A, and a published sanction of 张明 that unit A provided."""
    unit = make_unit("区市场监督管理局", discipline_unit=make_unit("区纪委监委"))
    servant = make_servant(unit, "张明")
    clerk = journey_user("obj-clerk", Role.CLERK, unit=unit, full_name="王经办")
    servant_user = journey_user("obj-servant", Role.CIVIL_SERVANT, civil_servant=servant, full_name="张明")
    record = services.record_create(
        actor=clerk, provider=unit, subject_type="person", civil_servant=servant, kind="government_sanction",
        severity="general", sanction_type="demerit", title="违反工作纪律", decision_number="莱纪处〔2026〕7号",
        decision_date=timezone.localdate() - datetime.timedelta(days=10), details={"sanction_body": "区纪委监委"},
    )
    return clerk, servant_user, services.record_publish(record=record, actor=clerk)


def test_servant_objects_clerk_upholds_with_a_correction_servant_sees_version_2(
        page_at_375, browser_page, audit_page):
    _clerk, _servant_user, record = _world()
    page = page_at_375

    # The servant files an objection from their own file …
    log_in(page, "obj-servant")
    page.goto("/workspace/me/")
    page.locator(f"#record-{record.pk}").get_by_role("link", name="提出异议").click()
    page.wait_for_url(re.compile(rf"/workspace/objections/new/{record.pk}/$"))
    assert "违反工作纪律" in page.content()
    audit_page(page, "objections-form")
    assert_fits(page)
    page.get_by_label("异议理由").fill("决定文书号录入有误，应为莱纪处〔2026〕9号。")
    page.get_by_role("button", name="提交异议").click()
    page.wait_for_url(re.compile(r"/workspace/objections/\d+/$"))
    objection = Objection.objects.get(record=record)
    due = objection.clock.due_date.isoformat()

    # … and sees its due date, in the flash message and in the clock panel.
    assert f"信息提供单位应于 {due} 前答复" in page.content()
    assert "已提交" in page.get_by_test_id("objection-state").inner_text()
    assert page.get_by_test_id("due-date").inner_text().startswith(due)
    assert "答复期限" in page.content() and "计入的工作日" in page.content()
    page.reload()  # audited without the flash message
    audit_page(page, "objections-detail-submitted")
    assert_fits(page)
    # The record's list and the objection's own read as two groups (they ran together before).
    assert min(gaps_between_detail_lists(page)) >= 12
    page.goto("/workspace/me/")
    assert "异议处理中" in page.locator(f"#record-{record.pk}").inner_text()
    assert page.locator(f"#record-{record.pk}").get_by_role("link", name="提出异议").count() == 0
    log_out(page)

    # The providing clerk finds it in the inbox (desktop table) …
    desk = browser_page(1280, 900)
    log_in(desk, "obj-clerk")
    desk.goto("/workspace/objections/")
    row = desk.locator("table tbody tr", has_text="违反工作纪律").first
    assert due in row.inner_text() and "已提交" in row.inner_text()
    audit_page(desk, "objections-inbox")

    # … reviews it, and upholds it with a corrected document number (at 375 px).
    log_in(page, "obj-clerk")
    page.goto(f"/workspace/objections/{objection.pk}/")
    page.get_by_role("button", name="开始核查").click()
    page.wait_for_url(re.compile(rf"/workspace/objections/{objection.pk}/$"))
    assert "核查中" in page.get_by_test_id("objection-state").inner_text()
    page.get_by_role("link", name="答复异议").click()
    page.wait_for_url(re.compile(rf"/workspace/objections/{objection.pk}/decide/$"))
    # One choice carries the outcome and the record's fate; nothing is preselected.
    page.get_by_label(UPHELD_CORRECT, exact=True).check()
    page.get_by_label("核查意见").fill("经核查，决定文书号录入错误，已更正为莱纪处〔2026〕9号。")
    # The correction fields start from the record (see the test below).
    page.get_by_label("事由").fill("违反工作纪律")
    page.get_by_label("失信程度").select_option("general")
    page.get_by_label("处分种类").select_option("demerit")
    page.get_by_label("决定文书号").fill("莱纪处〔2026〕9号")
    page.get_by_label(CONFIRM).check()  # required: the answer is final and goes to the applicant
    audit_page(page, "objections-decide")
    assert_fits(page)
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_url(re.compile(rf"/workspace/objections/{objection.pk}/$"))
    assert "已答复，申请人将收到通知" in page.content()
    assert "异议成立" in page.get_by_test_id("objection-state").inner_text()
    record.refresh_from_db()
    assert record.version == 2 and record.decision_number == "莱纪处〔2026〕9号"
    assert record.status == RecordStatus.PUBLISHED and not record.objection_open
    log_out(page)

    # The servant sees the outcome and the corrected record, version 2.
    log_in(page, "obj-servant")
    page.goto(f"/workspace/objections/{objection.pk}/")
    assert "异议成立" in page.get_by_test_id("objection-state").inner_text()
    assert "已更正为莱纪处〔2026〕9号" in page.get_by_test_id("decision-reason").inner_text()
    assert "现为第 2 版" in page.content()
    audit_page(page, "objections-detail-upheld")
    assert_fits(page)
    page.goto("/workspace/me/")
    card = page.locator(f"#record-{record.pk}")
    text = card.inner_text()
    assert "莱纪处〔2026〕9号" in text and "莱纪处〔2026〕7号" not in text
    assert "异议处理中" not in text
    assert card.locator("dt", has_text="版本").locator("xpath=following-sibling::dd[1]").inner_text() == "2"
    card.locator("summary").click()
    assert "更正" in card.locator("details table").inner_text()
    audit_page(page, "objections-my-file-corrected")
    assert_fits(page)


def test_the_decide_form_starts_from_the_record_so_only_the_wrong_item_is_changed(page_at_375):
    clerk, servant_user, record = _world()
    objection = objection_services.objection_submit(record=record, applicant=servant_user,
                                                    reason="决定文书号录入有误，应为莱纪处〔2026〕9号。")
    objection_services.objection_review(objection=objection, actor=clerk)
    page = page_at_375
    log_in(page, "obj-clerk")
    page.goto(f"/workspace/objections/{objection.pk}/decide/")
    page.get_by_label(UPHELD_CORRECT, exact=True).check()
    page.get_by_label("核查意见").fill("决定文书号录入错误，予以更正。")
    page.get_by_label("决定文书号").fill("莱纪处〔2026〕9号")  # as the legend says: change only what is wrong
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="提交答复").click()
    page.wait_for_load_state()
    errors = page.locator(".errorlist").all_inner_texts()
    assert not errors, errors
    assert page.url.endswith(f"/workspace/objections/{objection.pk}/")
    record.refresh_from_db()
    assert (record.version, record.title, record.severity, record.sanction_type, record.decision_number) == (
        2, "违反工作纪律", "general", "demerit", "莱纪处〔2026〕9号")


def test_the_office_overviews_statistics_fit_a_phone(page_at_375):
    """The statistics card's longest label, 答复用时中位数（工作日）, wraps at 375 px: before, it ran into the next
    line (按期答复率). Fails on the old stylesheet (the card label rule of tests/support/fit.py)."""
    _clerk, servant_user, record = _world()
    objection_services.objection_submit(record=record, applicant=servant_user, reason="决定文书号录入有误。")
    journey_user("obj-office", Role.CREDIT_OFFICE, full_name="区信用办")
    page = page_at_375
    log_in(page, "obj-office")
    page.goto("/workspace/objections/overview/")
    assert page.locator('[data-label="答复用时中位数（工作日）"]').count() == 1
    assert not misfits(page), misfits(page)
