"""Browser journey of 双公示 (issue 14), at 1280 px: a market-regulation clerk imports the department's penalty
export, sees the rejected row by row number and header, fixes the file and imports it again, then publishes the
drafts; an anonymous visitor finds the company by two characters of its name and opens the penalty; the office
sees the department's 及时率 on the 双公示 quality page. Key pages are checked by axe."""
import datetime
import re

from django.utils import timezone

from accounts.choices import Role
from decisions.models import Decision
from tests.decisions.factories import penalty_row
from tests.decisions.files import PENALTY_CURRENT_HEADERS, current_penalty_line, penalty_decisions, xlsx
from tests.factories import make_unit
from tests.support.browser import assert_fits, journey_user, log_in, log_out


def _file(tmp_path, decisions, name):
    path = tmp_path / name
    path.write_bytes(xlsx(PENALTY_CURRENT_HEADERS, [current_penalty_line(d) for d in decisions]))
    return str(path)


def gaps_under_the_application(page) -> tuple[float, float]:
    """The space, in px, between the page's last description list and what follows it, and between that list and
    the history panel (处理记录)."""
    return tuple(page.evaluate("""() => {
        const lists = document.querySelectorAll("main .detail-list"), dl = lists[lists.length - 1];
        const history = document.querySelector('main section[aria-labelledby="history-title"]');
        const bottom = dl.getBoundingClientRect().bottom;
        return [dl.nextElementSibling.getBoundingClientRect().top - bottom, history.getBoundingClientRect().top - bottom];
    }"""))


def test_clerk_imports_fixes_and_publishes_public_finds_the_penalty_office_sees_timeliness(
        page_at_1280, audit_page, tmp_path):
    market = make_unit("区市场监督管理局")
    journey_user("dec-clerk", Role.CLERK, unit=market, full_name="王经办")
    journey_user("dec-office", Role.CREDIT_OFFICE, full_name="区信用办")
    decisions = penalty_decisions(market.name)
    for d in decisions:
        d["date"] = timezone.localdate() - datetime.timedelta(days=1)
    good_code = decisions[0]["uscc"]
    decisions[0]["uscc"] = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    page = page_at_1280

    # The clerk uploads the export: one row is rejected, by its row number and the header as in the file.
    log_in(page, "dec-clerk")
    page.goto("/workspace/decisions/")
    page.get_by_role("link", name="批量导入").click()
    page.wait_for_url(re.compile(r"/workspace/decisions/import/$"))
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(_file(tmp_path, decisions, "处罚-有误.xlsx"))
    page.get_by_role("button", name="校验并导入").click()
    page.wait_for_load_state()
    assert "共 2 行，1 行有误，未导入任何数据" in page.locator("#import-outcome").inner_text()
    cells = page.locator("#import-error-table tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["2", "行政相对人代码_1(统一社会信用代码)"] and "GB 32100" in cells[2]
    assert not Decision.objects.exists()
    audit_page(page, "decisions-import-errors")
    assert_fits(page)

    # … fixes the file and imports it again: two drafts.
    decisions[0]["uscc"] = good_code
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(_file(tmp_path, decisions, "处罚.xlsx"))
    page.get_by_role("button", name="校验并导入").click()
    page.wait_for_load_state()
    assert "已生成 2 条草稿" in page.locator("#import-outcome").inner_text()
    assert Decision.objects.filter(department=market, status="draft").count() == 2

    # … and publishes them from the list.
    page.goto("/workspace/decisions/")
    for box in page.locator('input[name="ids"]').all():
        box.check()
    page.get_by_role("button", name="公示所选草稿").click()
    page.get_by_role("button", name="确认公示 2 条").click()  # what the public will see, and until when
    page.wait_for_load_state()
    assert Decision.objects.filter(status="published").count() == 2
    log_out(page)

    # The public finds the company by two characters of its name and opens the penalty.
    company = decisions[0]["name"]
    page.goto(f"/decisions/?q={company[2:4]}")
    page.get_by_role("link", name=decisions[0]["number"]).click()
    page.wait_for_url(re.compile(r"/decisions/\d+/$"))
    detail = page.content()
    assert company in detail and decisions[0]["number"] in detail and "罚款" in detail
    audit_page(page, "decisions-public-detail")

    # The office sees the department's 及时率: both published within the 7 working days.
    log_in(page, "dec-office")
    page.goto("/workspace/decisions/quality/")
    row = page.get_by_role("row").filter(has_text=market.name)
    assert "100" in row.inner_text()
    audit_page(page, "decisions-quality")


def test_a_companys_repair_is_registered_decided_and_ends_its_publication(page_at_375, browser_page, audit_page):
    """The department registers a company's credit-repair application from its penalty (375 px); the office finds
    it on its start page (1280 px), decides it without a punishment to choose, and the public no longer sees the
    penalty. The office's start page answered 500 once such an application was open."""
    from decisions import services

    market = make_unit("区市场监督管理局")
    clerk = journey_user("rep-clerk", Role.CLERK, unit=market, full_name="王经办")
    journey_user("rep-office", Role.CREDIT_OFFICE, full_name="区信用办")
    months_ago = timezone.localdate() - datetime.timedelta(days=200)
    row = penalty_row(n=9, decision_date=months_ago.isoformat(), subject_name="济南恒远建材有限公司")
    decision = services.decision_publish(
        decision=services.decision_create(actor=clerk, department=market, row=row), actor=clerk)
    assert decision.disclosed and decision.repairable_from <= timezone.localdate() < decision.publication_ends
    page = page_at_375

    # The clerk registers the company's application from the penalty's page.
    log_in(page, "rep-clerk")
    page.goto(f"/workspace/decisions/{decision.pk}/")
    page.get_by_role("link", name="登记信用修复申请").click()
    page.wait_for_url(re.compile(rf"/workspace/repairs/new/decision/{decision.pk}/$"))
    assert "最短公示期已于" in page.content()
    page.get_by_label("已主动挽回损失").check()
    page.get_by_label("自我纠错情况说明").fill("已全额缴纳罚款并完成整改，已在公司网站公开致歉。")
    audit_page(page, "repairs-register-decision")
    assert_fits(page)
    page.get_by_role("button", name="登记申请").click()
    page.wait_for_url(re.compile(r"/workspace/repairs/\d+/$"))
    assert "已申请" in page.locator("h1").inner_text()
    # The history panel stands apart from the application's list (it sat right under its last row).
    assert min(gaps_under_the_application(page)) >= 12, gaps_under_the_application(page)
    log_out(page)

    # The office finds it on its start page …
    desk = browser_page(1280, 900)
    log_in(desk, "rep-office")
    desk.goto("/workspace/")
    item = desk.get_by_role("row").filter(has_text=decision.document_number)
    assert "决定信用修复" in item.inner_text()
    item.get_by_role("link").first.click()
    desk.wait_for_url(re.compile(r"/workspace/repairs/\d+/$"))
    assert min(gaps_under_the_application(desk)) >= 12, gaps_under_the_application(desk)  # the button's row too
    # … and decides it: approval ends the publication, there is no punishment to choose.
    desk.get_by_role("link", name="作出决定").click()
    desk.wait_for_url(re.compile(r"/workspace/repairs/\d+/decide/$"))
    assert desk.locator('input[name="punishment"]').count() == 0
    assert "即日起停止公示" in desk.content()
    audit_page(desk, "repairs-decide-decision")
    assert_fits(desk)
    desk.get_by_label("准予修复").check()
    desk.get_by_label("决定理由").fill("已履行处罚决定，整改到位，准予提前停止公示。")
    desk.get_by_role("button", name="提交决定").click()
    desk.wait_for_url(re.compile(r"/workspace/repairs/\d+/$"))
    assert "准予修复" in desk.locator("h1").inner_text()
    assert min(gaps_under_the_application(desk)) >= 12, gaps_under_the_application(desk)
    decision.refresh_from_db()
    assert decision.status == "repaired"
    log_out(desk)

    # The public no longer finds the penalty.
    page.goto("/decisions/?q=恒远")
    assert decision.document_number not in page.content()
    assert page.goto(f"/decisions/{decision.pk}/").status == 404
