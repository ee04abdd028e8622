"""On a phone a list's filter form folds to its first field: the office's record list had its twelve filters
above the list, a screen and a half (about 1,400 px at 375 px) before the first record. 更多筛选条件 opens the
rest and says how many of them are in use; at 1280 px, with an error to correct, or without JavaScript, every
field shows. On the page before this test the form was as tall at 375 px and had no such button."""
import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse

from records import services as records
from tests.records.test_record_lifecycle import penalty

FORM = "form.filter-form"


def _signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "domain": urlsplit(live_server.url).hostname,
                               "path": "/", "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def _height(page) -> float:
    return page.locator(FORM).bounding_box()["height"]


def test_a_long_filter_form_folds_on_a_phone_and_opens_on_request(cast, browser_page, live_server):
    records.record_publish(record=penalty(cast), actor=cast.clerk_a, today=datetime.date.today())
    url = live_server.url + reverse("records:record_list")
    page = browser_page(375, 812)
    _signed_in(page, live_server, cast.office)
    page.goto(url)
    more = page.locator(".filter-form__more")
    assert more.inner_text() == "更多筛选条件" and more.get_attribute("aria-expanded") == "false"
    search = page.get_by_label("事由、文书号或公务员姓名")
    assert search.is_visible() and not page.get_by_label("记录类别").is_visible()
    folded = _height(page)
    assert folded < 300, folded
    # the list starts on the first screen
    assert page.locator("main table, main .empty").first.bounding_box()["y"] < 812
    more.click()
    assert more.get_attribute("aria-expanded") == "true" and more.inner_text() == "收起筛选条件"
    assert page.get_by_label("记录类别").is_visible()
    assert _height(page) > 3 * folded
    # a filter in use beyond the first field is counted on the button, and the search still applies it
    page.get_by_label("记录类别").select_option("administrative_penalty")
    with page.expect_navigation():
        page.locator(FORM).get_by_role("button", name="查询", exact=True).click()
    assert "kind=administrative_penalty" in page.url, page.url
    assert page.get_by_role("button", name="更多筛选条件（已选 1 项）").is_visible()
    # an error to correct keeps every field open
    page.goto(url + "?decided_from=not-a-date")
    assert not page.get_by_role("button", name="更多筛选条件").is_visible()
    assert page.get_by_label("记录类别").is_visible()


def test_every_filter_shows_on_a_desktop_and_without_javascript(cast, browser_page, live_server, chromium_browser):
    url = live_server.url + reverse("records:record_list")
    page = browser_page(1280, 900)
    _signed_in(page, live_server, cast.office)
    page.goto(url)
    assert not page.get_by_role("button", name="更多筛选条件").is_visible()
    assert page.get_by_label("记录类别").is_visible()
    context = chromium_browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN",
                                           java_script_enabled=False)
    try:
        bare = context.new_page()
        _signed_in(bare, live_server, cast.office)
        bare.goto(url)
        assert bare.get_by_label("记录类别").is_visible()
        assert not bare.get_by_role("button", name="更多筛选条件").is_visible()
    finally:
        context.close()


def test_the_objection_lists_own_filter_forms_fold_too(cast, browser_page, live_server):
    """The objections overview, the objection list and the repair list write their filter forms themselves; the
    overview's was about 1,100 px at 375 px before its first row (fails on the old templates: no button)."""
    page = browser_page(375, 812)
    _signed_in(page, live_server, cast.office)
    for name in ("objections:office_overview", "objections:objection_list", "objections:repair_list"):
        page.goto(live_server.url + reverse(name))
        more = page.locator(".filter-form__more")
        assert more.is_visible() and more.inner_text() == "更多筛选条件", name
        folded = _height(page)
        assert folded < 400, (name, folded)
        more.click()
        assert _height(page) > 2 * folded, name
