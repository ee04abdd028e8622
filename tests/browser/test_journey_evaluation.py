"""Browser journey of an evaluation (issue 8), phone-sized (375 px), the dashboard also at 1280 px: the credit office
starts a run for last year from the workspace; the run is computed (the Celery task's service, called here: the test
broker is in memory and no worker runs); publishing inside the reply window is refused; once the window is over (its
stored end moved into the past) the office publishes it; the leader opens the dashboard and drills from a rank to the
score, the indicator and the record behind it. Each key page is checked by axe."""
import datetime
import re

from django.utils import timezone

from accounts.choices import Role
from evaluation import services as evaluation
from evaluation.models import Run
from records import services as records
from tests.factories import make_unit
from tests.support.browser import assert_fits, journey_user, log_in, log_out


def test_office_runs_and_publishes_leader_drills_from_rank_to_record(page_at_375, browser_page, audit_page):
    year = timezone.localdate().year - 1
    period = str(year)
    evaluation.scheme_create_default(year=year)
    office_unit = make_unit("区发展和改革局")
    market = make_unit("区市场监督管理局")
    make_unit("凤城街道办事处", kind="street")
    office = journey_user("ev-office", Role.CREDIT_OFFICE, unit=office_unit, is_staff=True, full_name="信用办李")
    journey_user("ev-leader", Role.LEADER, full_name="区领导赵")
    decided = datetime.date(year, 6, 15)
    penalty = records.record_create(
        actor=office, provider=office_unit, subject_type="unit", subject_unit=market, kind="administrative_penalty",
        severity="serious", title="虚报冒领专项补助资金", decision_number=f"莱发改罚〔{year}〕21号", decision_date=decided,
        details={"subject_category": "法人及非法人组织", "violation_type": "违反财政法规", "penalty_category": "罚款",
                 "penalty_content": "罚款人民币拾万元", "fine_amount": "10"},
    )
    penalty = records.record_publish(record=penalty, actor=office, today=decided)
    page = page_at_375

    # The office starts a run for last year.
    log_in(page, "ev-office")
    page.goto("/workspace/evaluation/")
    assert "政务诚信考核评价" in page.get_by_role("heading", level=1).inner_text()
    audit_page(page, "evaluation-workspace")
    assert_fits(page)
    page.get_by_label("考核期间").select_option(period)  # picked from the periods, never typed
    page.get_by_role("button", name="开始计算").click()
    page.wait_for_url(re.compile(r"/workspace/evaluation/runs/\d+/$"))
    run = Run.objects.get(period__code=period)
    assert f"已开始计算 {run.period.label} 第 1 版" in page.content()
    assert "计算中" in page.get_by_role("heading", level=1).inner_text()
    assert "计算进度" in page.content()

    # The worker computes it (the task's service); the office sees the draft and its reply window.
    evaluation.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "draft" and run.reply_until >= timezone.localdate()
    page.goto(f"/workspace/evaluation/runs/{run.pk}/")
    assert "待发布（反馈期）" in page.get_by_role("heading", level=1).inner_text()
    assert run.reply_until.isoformat() in page.content()
    ranking = page.locator("table tbody")
    for name in ("区市场监督管理局", "凤城街道办事处", "区发展和改革局"):
        assert name in ranking.inner_text(), name
    audit_page(page, "evaluation-run-draft")
    assert_fits(page)

    # Inside the reply window publishing is refused (after the page that says what it does), and nothing changes.
    page.get_by_role("link", name="发布考核结果").click()
    page.wait_for_url(re.compile(rf"/workspace/evaluation/runs/{run.pk}/publish/$"))
    assert "涉及 3 个单位" in page.content()
    audit_page(page, "evaluation-publish-confirm")
    page.get_by_role("button", name=re.compile("^确认发布")).click()
    page.wait_for_load_state()
    assert "当前状态不允许此操作" in page.get_by_role("heading", level=1).inner_text()
    assert f"反馈期至 {run.reply_until.isoformat()} 结束" in page.content()
    audit_page(page, "evaluation-publish-refused")
    run.refresh_from_db()
    assert run.status == "draft"

    # After the window (its stored end moved into the past) the office publishes it.
    Run.objects.filter(pk=run.pk).update(reply_until=timezone.localdate() - datetime.timedelta(days=1))
    page.goto(f"/workspace/evaluation/runs/{run.pk}/")
    page.get_by_role("link", name="发布考核结果").click()
    page.get_by_role("button", name=re.compile("^确认发布")).click()
    page.wait_for_url(re.compile(rf"/workspace/evaluation/runs/{run.pk}/$"))
    assert "考核结果已发布" in page.content()
    assert "已发布" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="发布考核结果").count() == 0
    run.refresh_from_db()
    assert run.status == "published" and run.published_by == office
    log_out(page)

    # The leader opens the dashboard (desktop and phone) …
    desk = browser_page(1280, 900)
    log_in(desk, "ev-leader")
    desk.goto("/workspace/evaluation/dashboard/")
    assert "政务诚信领导驾驶舱" in desk.get_by_role("heading", level=1).inner_text()
    assert f"{run.period.label}得分排名" in desk.content()
    assert desk.locator("figure.bars a.bars__link").count() >= 1  # server-rendered charts, each bar a link
    # The dashboard's axe check and 375-px width are their own test below.
    log_in(page, "ev-leader")
    page.goto("/workspace/evaluation/dashboard/")

    # … drills from the rank to the unit's score …
    score = run.scores.get(unit=market)
    page.locator("details", has_text="排名表").locator("summary").click()
    row = page.locator("details table tbody tr", has_text="区市场监督管理局")
    assert row.locator("td").first.inner_text() == str(score.rank)
    row.get_by_role("link", name="区市场监督管理局").click()
    page.wait_for_url(re.compile(rf"/workspace/evaluation/scores/{score.pk}/$"))
    assert "区市场监督管理局" in page.get_by_role("heading", level=1).inner_text()
    audit_page(page, "evaluation-score")
    assert_fits(page)
    caption = page.locator("#items-caption").bounding_box()  # one line over the cards, not a character a line
    assert caption["width"] > 200 and caption["height"] < 40, caption

    # … to the dishonesty-records indicator and the record it counted …
    page.get_by_role("link", name="失信记录", exact=True).click()
    page.wait_for_url(re.compile(rf"/workspace/evaluation/scores/{score.pk}/indicators/dishonesty_records/$"))
    assert "失信记录" in page.get_by_role("heading", level=1).inner_text()
    counted = page.locator("#ev-title").locator("xpath=..")
    assert "虚报冒领专项补助资金" in counted.inner_text()
    item = score.items.get(indicator_key="dishonesty_records")
    assert item.points is not None and item.points < item.weight  # the serious record cost points
    audit_page(page, "evaluation-indicator")
    assert_fits(page)

    # … and opens the record itself.
    counted.get_by_role("link", name="虚报冒领专项补助资金").click()
    page.wait_for_url(re.compile(rf"/workspace/records/{penalty.pk}/$"))
    assert "虚报冒领专项补助资金" in page.get_by_role("heading", level=1).inner_text()
    assert f"莱发改罚〔{year}〕21号" in page.content()


SMALLEST_CHART_TEXT = """() => {
  let smallest = 99;
  for (const el of document.querySelectorAll(".bars *, .trend__legend *")) {
    if (el.textContent.trim()) smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
  }
  for (const text of document.querySelectorAll("svg.chart text")) {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    smallest = Math.min(smallest, parseFloat(text.getAttribute("font-size")) * scale);
  }
  return smallest;
}"""


def test_the_leaders_dashboard_passes_axe(page_at_375, browser_page, audit_page):
    year = timezone.localdate().year - 1
    evaluation.scheme_create_default(year=year)
    office_unit = make_unit("区发展和改革局")
    make_unit("区市场监督管理局")
    make_unit("凤城街道办事处", kind="street")
    office = journey_user("ev-office", Role.CREDIT_OFFICE, unit=office_unit, is_staff=True)
    journey_user("ev-leader", Role.LEADER)
    run = evaluation.evaluation_run(period=str(year), actor=office, today=datetime.date(year + 1, 1, 10))
    evaluation.run_publish(run=run, actor=office)
    for page in (page_at_375, browser_page(1280, 900)):
        log_in(page, "ev-leader")
        page.goto("/workspace/evaluation/dashboard/")
        assert page.locator("svg.chart a").count() == 0  # no links inside role="img"; the ranking table has them
        assert page.locator("figure.bars a.bars__link").count() == 3  # each bar of the ranking is a link
        assert page.evaluate(SMALLEST_CHART_TEXT) >= 12  # px, as rendered, at 375 and at 1280
        assert_fits(page)
        audit_page(page, "evaluation-dashboard")
