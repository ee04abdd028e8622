"""Browser journey of 双公示 (issue 14), at 1280 px: a market-regulation clerk imports the department's penalty
export, sees the rejected row by row number and header, fixes the file and imports it again, then publishes the
drafts; an anonymous visitor finds the company by two characters of its name and opens the penalty; the office
sees the department's 及时率 on the 双公示 quality page. Key pages are checked by axe."""
import datetime
import re

from django.utils import timezone

from accounts.choices import Role
from decisions.models import Decision
from tests.decisions.files import PENALTY_CURRENT_HEADERS, current_penalty_line, penalty_decisions, xlsx
from tests.factories import make_unit
from tests.support.browser import assert_fits, journey_user, log_in, log_out


def _file(tmp_path, decisions, name):
    path = tmp_path / name
    path.write_bytes(xlsx(PENALTY_CURRENT_HEADERS, [current_penalty_line(d) for d in decisions]))
    return str(path)


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
