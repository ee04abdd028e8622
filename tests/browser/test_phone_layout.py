"""At 375 px a message's body on the office's outbox page wraps at the page's width: the JSON sent to the
provincial platform (long keys, a long summary) made the page 585 px wide and scroll sideways."""
import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

from notifications import platform
from records import services as records
from tests.records.test_record_lifecycle import penalty
from tests.support.browser import assert_fits


def test_an_outbox_message_body_fits_a_phone(cast, browser_page, live_server):
    records.record_publish(record=penalty(cast), actor=cast.clerk_a, today=datetime.date(2026, 3, 5))
    message = max(platform.demo_outbox().values(), key=lambda m: len(str(m.payload)))
    client = Client()
    client.force_login(cast.office)
    page = browser_page(375, 812)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "domain": urlsplit(live_server.url).hostname,
                               "path": "/", "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page.goto(f"/workspace/outbox/{message.pk}/")
    assert page.locator("pre.code-block").count() == 1
    assert_fits(page)


def test_a_filter_select_with_long_english_options_fits_a_phone(cast, browser_page, live_server):
    """The rectification case list's state filter on an English page: its longest option (Explained, awaiting
    rectification report) made the select, and the page, 422 px wide at 375 (a select is as wide as its longest
    option unless told otherwise)."""
    client = Client()
    client.force_login(cast.office)
    page = browser_page(375, 812)
    host = urlsplit(live_server.url).hostname
    page.context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "domain": host, "path": "/",
         "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
        {"name": settings.LANGUAGE_COOKIE_NAME, "domain": host, "path": "/", "value": "en"}])
    page.goto("/workspace/punishment/cases/")
    assert page.locator("select#state option").count() > 3
    assert page.locator("html").get_attribute("lang") == "en"
    assert_fits(page)
