"""At 375 px, what follows a description list (.detail-list) does not sit on its last row: a panel, a form, a
table or a heading right under a list keeps the space panels keep between them (the lists have no margin). Pages:
a unit's work task (报送材料 panel), an objection without evidence (答复期限 panel) and a clue's public tracking
page (办理进展 panel). On the stylesheet before this test every one of these gaps was 0 px.

A paragraph right under a list keeps the same distance, at 375 and 1280 px: the new-objection and new-repair forms
(their explanations under the record's summary), a record's card in one's own file (the 提出异议 buttons) and an
indicator's page (the note over its evidence). On the stylesheet before that test each of these was 0 px."""
import datetime
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

from disputes import services as disputes
from disputes.models import RoutingRule
from evaluation import services as evaluation
from objections import services as objections
from records import services as records
from tests.records.test_record_lifecycle import penalty, sanction

# Set to a folder to keep a full-page screenshot of each page (for looking at, not compared).
SHOTS = os.environ.get("PORTAL_GAP_SHOTS")


def gaps_under_lists(page) -> list[tuple[str, float]]:
    """Every description list in the page's main part that something follows: (what follows, the gap in px)."""
    return [tuple(pair) for pair in page.evaluate("""() => [...document.querySelectorAll("main .detail-list")]
        .filter(dl => dl.nextElementSibling)
        .map(dl => [dl.nextElementSibling.tagName.toLowerCase() + "." + dl.nextElementSibling.className,
                    dl.nextElementSibling.getBoundingClientRect().top - dl.getBoundingClientRect().bottom])""")]


def _signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "domain": urlsplit(live_server.url).hostname,
                               "path": "/", "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def _check(page, name: str, expected: str) -> None:
    gaps = gaps_under_lists(page)
    assert any(following.startswith(expected) for following, _ in gaps), (name, gaps)
    assert all(gap >= 12 for _, gap in gaps), (name, gaps)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"panel-{name}-{page.viewport_size['width']}.png"), full_page=True)


def test_what_follows_a_description_list_keeps_its_distance_at_375(cast, browser_page, live_server):
    today = datetime.date.today()
    task = evaluation.task_issue(actor=cast.office, title="报送整改报告", kind="rectification_report",
                                 description="按要求报送整改报告。", units=[cast.unit_a], issued_on=today)
    record = records.record_publish(record=penalty(cast), actor=cast.clerk_a, today=today)
    objection = objections.objection_submit(record=record, applicant=cast.clerk_b, reason="处罚对象认定错误",
                                            today=today)
    RoutingRule.objects.create(category="arrears", body_unit=cast.unit_a, unit=cast.unit_a, priority=10)
    _, code = disputes.clue_submit(today=today, category="arrears", body_unit=cast.unit_a, body_name="",
                                   description="区市场监督管理局拖欠我公司设备款 50 万元，多次催要未果。", amount="50")
    widths = [375] + ([1280] if SHOTS else [])
    for width in widths:
        page = browser_page(width, 812)
        page.goto("/disputes/track/")  # anonymous: the tracking page answers the receipt code
        page.get_by_label("受理回执码").fill(code)
        page.get_by_role("button", name="查询").click()
        page.wait_for_load_state()
        _check(page, "public-track", "section.panel")

        _signed_in(page, live_server, cast.clerk_a)
        page.goto(f"/workspace/evaluation/tasks/{task.assignments.get().pk}/")
        _check(page, "assignment-detail", "section.panel")
        page.goto(f"/workspace/objections/{objection.pk}/")  # no evidence: the 答复期限 panel follows the list
        _check(page, "objection-detail", "section.panel")


def test_a_paragraph_under_a_description_list_keeps_its_distance(cast, browser_page, live_server):
    today = datetime.date.today()
    own = records.record_publish(record=sanction(cast), actor=cast.clerk_a, today=today)  # servant X's, unit A's
    evaluation.scheme_create_default(year=2025)
    score = evaluation.evaluation_run(period="2025Q3", today=datetime.date(2025, 10, 20)).scores.get(unit=cast.unit_a)
    for width in (375, 1280):
        page = browser_page(width, 812)
        _signed_in(page, live_server, cast.user_x)
        page.goto(f"/workspace/objections/new/{own.pk}/")
        _check(page, "objection-form", "p.")
        page.goto(f"/workspace/repairs/new/{own.pk}/")
        _check(page, "repair-form", "p.")
        page.goto("/workspace/me/")
        _check(page, "my-file", "p.record-actions")
    # An objection and a repair application open: the card has no action (申请信用修复 was still offered, and led
    # to a 409 page), and its history follows the list.
    objections.objection_submit(record=own, applicant=cast.user_x, reason="处分对象认定错误", today=today)
    objections.repair_apply(record=own, applicant=cast.user_x, statement="已深刻检讨并完成整改。", today=today,
                            effects_removed=True)
    for width in (375, 1280):
        page = browser_page(width, 812)
        _signed_in(page, live_server, cast.user_x)
        page.goto("/workspace/me/")
        _check(page, "my-file-history", "details")
        assert not page.locator("p.record-actions").count()  # no empty action row

        _signed_in(page, live_server, cast.office)
        page.goto(f"/workspace/evaluation/scores/{score.pk}/indicators/dishonesty_records/")
        _check(page, "indicator-detail", "p.muted")
