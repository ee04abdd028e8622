"""Browser journey at 375 px (no JavaScript needed): an anonymous visitor submits a clue and tracks it; the unit's
clerk acknowledges and resolves it; the visitor sees the outcome and rates it. Each public page is checked by axe."""
import re

import pytest
from django.contrib.auth.models import Group

from accounts.choices import Role
from accounts.models import User
from disputes.models import DisputeClue, RoutingRule
from tests.factories import make_unit
from tests.support.browser import JOURNEY_PASSWORD, assert_fits

pytestmark = [pytest.mark.browser, pytest.mark.requires("chromium")]


def _track(page, code):
    page.goto("/disputes/track/")
    page.get_by_label("受理回执码").fill(code)
    page.get_by_role("button", name="查询").click()


def test_a_visitor_submits_and_tracks_the_clerk_resolves_the_visitor_rates(page_at_375, audit_page):
    unit = make_unit("区市场监督管理局")
    RoutingRule.objects.create(category="arrears", body_unit=unit, unit=unit)
    clerk = User.objects.create_user(username="jf-clerk", password=JOURNEY_PASSWORD, unit=unit, full_name="刘经办")
    clerk.groups.add(Group.objects.get_or_create(name=Role.CLERK.value)[0])
    page = page_at_375

    page.goto("/disputes/")
    audit_page(page, "disputes-submit")
    assert_fits(page)
    page.get_by_label("线索类别").select_option("arrears")
    page.get_by_label("涉及单位（从名录选择）").select_option(label="区市场监督管理局")
    page.get_by_label("基本情况").fill("检测设备尾款 12 万元逾期一年未付。")
    page.get_by_role("button", name="提交线索").click()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"([A-Z2-7]{4}-){5}[A-Z2-7]{4}", code)
    audit_page(page, "disputes-receipt")
    assert_fits(page)
    page.get_by_role("button", name="查看办理进度").click()
    assert "已分办，待受理" in page.get_by_test_id("clue-state").inner_text()
    assert "区市场监督管理局" in page.content()

    clue = DisputeClue.objects.get()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("jf-clerk")
    page.get_by_label("密码").fill(JOURNEY_PASSWORD)
    page.locator('form:has(input[name="username"]) [type="submit"]').click()
    page.wait_for_url(re.compile(r"/workspace/$"))
    page.goto(f"/workspace/disputes/{clue.pk}/")
    page.get_by_role("link", name="受理", exact=True).click()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/workspace/disputes/{clue.pk}/$"))
    assert "已受理" in page.get_by_test_id("clue-state").inner_text()
    page.get_by_role("link", name="办理结果").click()
    page.get_by_label("已办结（问题已解决）").check()
    page.get_by_label("结果说明（向提交人公开）").fill("尾款 12 万元已于本周支付完毕。")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/workspace/disputes/{clue.pk}/$"))
    assert "已办结" in page.get_by_test_id("clue-state").inner_text()
    page.locator("form.user-bar__logout button").click()

    _track(page, code)
    assert "尾款 12 万元已于本周支付完毕" in page.get_by_test_id("outcome").inner_text()
    audit_page(page, "disputes-track")
    assert_fits(page)
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert "感谢您的评价" in page.content()
    assert DisputeClue.objects.get(pk=clue.pk).rating == 4
