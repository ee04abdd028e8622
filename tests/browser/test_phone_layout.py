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
