"""Browser journey of the credit files (issue 3), phone-sized (375 px) with the record list at 1280 px:
the clerk enters a sanction through the form and publishes it; the civil servant sees it in their own file;
an anonymous visitor finds a unit's penalty on the public disclosure page and finds no personal record.
Each key page is checked by axe."""
import datetime
import re

from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from records import services
from records.choices import RecordStatus
from records.models import CreditRecord
from tests.factories import make_servant, make_unit
from tests.support.browser import assert_fits, journey_user, log_in, log_out


def _unit_penalty(clerk, unit):
    """A published general penalty of the clerk's unit against ``unit`` (a public record)."""
    record = services.record_create(
        actor=clerk, provider=clerk.unit, subject_type="unit", subject_unit=unit, kind="administrative_penalty",
        severity="general", title="未按规定明码标价", decision_number="莱市监罚〔2026〕12号",
        decision_date=timezone.localdate() - datetime.timedelta(days=3),
        legal_basis="《中华人民共和国价格法》第四十二条",
        details={"subject_category": "法人及非法人组织", "violation_type": "违反价格法", "penalty_category": "罚款",
                 "penalty_content": "罚款人民币伍万元", "fine_amount": "5"},
    )
    return services.record_publish(record=record, actor=clerk)


def test_clerk_enters_and_publishes_servant_sees_it_public_sees_only_the_unit_penalty(
        page_at_375, browser_page, audit_page):
    discipline = make_unit("区纪委监委")
    unit_a = make_unit("区市场监督管理局", discipline_unit=discipline)
    unit_b = make_unit("凤城街道办事处", kind="street")
    servant = make_servant(unit_a, "张明")
    journey_user("rec-clerk", Role.CLERK, unit=unit_a, full_name="王经办")
    journey_user("rec-servant", Role.CIVIL_SERVANT, civil_servant=servant, full_name="张明")
    clerk = User.objects.get(username="rec-clerk")
    penalty = _unit_penalty(clerk, unit_b)
    decided = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    page = page_at_375

    # The clerk chooses the kind, fills the sanction form and saves a draft.
    log_in(page, "rec-clerk")
    page.goto("/workspace/records/new/")
    assert "第 1 步" in page.content()
    audit_page(page, "records-kind")
    assert_fits(page)
    page.get_by_label("记录类别").select_option("government_sanction")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url(re.compile(r"kind=government_sanction"))
    assert "录入记录：政务处分" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("公务员").select_option(label="张明（区市场监督管理局）")
    page.get_by_label("失信程度").select_option("general")
    page.get_by_label("处分种类").select_option("demerit")
    page.get_by_label("事由").fill("违反工作纪律擅离职守")
    page.get_by_label("决定文书号").fill("莱纪处〔2026〕7号")
    page.get_by_label("决定日期").fill(decided)
    page.get_by_label("处分机关").fill("区纪委监委")
    audit_page(page, "records-form")
    assert_fits(page)
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/workspace/records/\d+/$"))
    record = CreditRecord.objects.get(title="违反工作纪律擅离职守")
    assert record.status == RecordStatus.DRAFT and record.civil_servant == servant
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "草稿" in heading and "第 1 版" in heading
    assert "草稿已保存" in page.content()

    # … and publishes it, after a page that says what publishing does and to whom.
    page.get_by_role("link", name="发布", exact=True).click()
    page.wait_for_url(re.compile(rf"/workspace/records/{record.pk}/publish/$"))
    assert f"记入 {servant.name} 的个人诚信档案" in page.content()
    audit_page(page, "records-publish-confirm")
    page.get_by_role("button", name=re.compile("^确认发布")).click()
    page.wait_for_url(re.compile(rf"/workspace/records/{record.pk}/$"))
    assert "记录已发布" in page.content()
    assert "已发布" in page.get_by_role("heading", level=1).inner_text()
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED and record.window_start is not None
    page.reload()  # audited without the flash message
    audit_page(page, "records-detail-published")
    assert_fits(page)

    # The list shows both records at desktop width.
    desk = browser_page(1280, 900)
    log_in(desk, "rec-clerk")
    desk.goto("/workspace/records/")
    rows = desk.locator("table tbody tr")
    assert rows.filter(has_text="违反工作纪律擅离职守").count() == 1
    assert rows.filter(has_text="未按规定明码标价").count() == 1
    audit_page(desk, "records-list")
    log_out(page)

    # The civil servant sees the sanction in their own file.
    log_in(page, "rec-servant")
    page.goto("/workspace/me/")
    assert "我的诚信档案" in page.get_by_role("heading", level=1).inner_text()
    card = page.locator(f"#record-{record.pk}")
    card_text = card.inner_text()
    for text in ("政务处分：违反工作纪律擅离职守", "已发布", "记过", "莱纪处〔2026〕7号", "区市场监督管理局", decided):
        assert text in card_text, text
    assert card.get_by_role("link", name="提出异议").is_visible()
    assert "未按规定明码标价" not in page.content()  # the unit's penalty is not in a person's file
    audit_page(page, "records-my-file")
    assert_fits(page)
    log_out(page)

    # An anonymous visitor finds the unit's penalty by the unit's name …
    public = browser_page(375, 812)
    public.goto("/disclosures/")
    assert "信用信息公示" in public.get_by_role("heading", level=1).inner_text()
    public.get_by_label("单位名称、事由或文书号").fill("凤城")
    public.get_by_role("button", name="查询").click()
    public.wait_for_url(re.compile(r"q=%E5%87%A4%E5%9F%8E"))
    table = public.locator("table tbody")
    assert table.locator("tr").count() == 1
    assert "凤城街道办事处" in table.inner_text() and "行政处罚" in table.inner_text()
    audit_page(public, "records-disclosures-search")
    assert_fits(public)
    public.get_by_role("link", name="凤城街道办事处").click()
    public.wait_for_url(re.compile(rf"/disclosures/{penalty.pk}/$"))
    for text in ("莱市监罚〔2026〕12号", "罚款人民币伍万元", unit_b.code, "区市场监督管理局"):
        assert text in public.content(), text
    audit_page(public, "records-disclosure-detail")
    assert_fits(public)

    # … and no personal record: not by the person's name, the title or the document number, nor by its address.
    for query in ("张明", "违反工作纪律", "莱纪处"):
        public.goto("/disclosures/")
        public.get_by_label("单位名称、事由或文书号").fill(query)
        public.get_by_role("button", name="查询").click()
        public.wait_for_load_state()
        assert "暂无符合条件的公示信息" in public.content(), query
        assert "张明" not in public.locator("main").inner_text()
    public.goto("/disclosures/")
    assert "违反工作纪律擅离职守" not in public.content() and "张明" not in public.content()
    response = public.goto(f"/disclosures/{record.pk}/")
    assert response is not None and response.status == 404


def test_a_long_file_at_375_px_summary_then_pages_of_fifty_that_keep_the_filter(page_at_375, audit_page):
    unit = make_unit("区市场监督管理局")
    servant = make_servant(unit, "张明")
    clerk = journey_user("long-clerk", Role.CLERK, unit=unit, full_name="王经办")
    journey_user("long-servant", Role.CIVIL_SERVANT, civil_servant=servant, full_name="张明")
    today = timezone.localdate()
    for index in range(60):
        services.record_publish(record=services.record_create(
            actor=clerk, provider=unit, subject_type="person", civil_servant=servant, kind="government_sanction",
            severity="general", sanction_type="demerit", title=f"违反工作纪律{index:02d}",
            decision_number=f"莱纪处〔2026〕{index}号", decision_date=today - datetime.timedelta(days=index + 1),
            details={"sanction_body": "区纪委监委"}), actor=clerk)
    page = page_at_375
    log_in(page, "long-servant")
    page.goto("/workspace/me/")
    summary = page.locator("#file-summary").locator("xpath=..")
    assert "60" in summary.get_by_role("link", name=re.compile("目前已发布")).first.inner_text()
    assert page.locator("article.card").count() == 50
    assert "违反工作纪律00" in page.content() and "违反工作纪律59" not in page.content()
    audit_page(page, "records-my-file-long")
    assert_fits(page)
    summary.get_by_role("link", name=re.compile("目前已发布")).first.click()
    page.wait_for_url(re.compile(r"status=published"))
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url(re.compile(r"status=published.*page=2|page=2.*status=published"))
    assert page.locator("article.card").count() == 10
    assert "违反工作纪律59" in page.content()
    assert_fits(page)
