"""Every role, from its start page, follows every link and form it is shown (depth 3): no 403, 404 or 5xx
(``test_every_link_a_role_is_shown_opens``), and no page it reaches shows an internal name
(``test_no_page_a_role_reaches_shows_an_internal_name``). One crawl per role serves both tests."""
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.portal.conftest import DEMO_ROLES
from tests.support.crawl import BAD_STATUS, crawl_pages
from tests.support.raw_names import raw_names

pytestmark = [pytest.mark.slow]

ANONYMOUS = "anonymous"
USER_NAMES = frozenset([*DEMO_ROLES, "apiclient"])  # the demo's log-in names are data on the account pages
# Pages whose subject *is* internal names: the outbox shows message keys and transport errors for the office
# to diagnose a delivery; the Celery beat schedule shows task paths, cron lines and time-zone names.
TECHNICAL_PAGES = ("/workspace/outbox/", "/admin/django_celery_beat/")


@pytest.fixture(scope="module")
def crawled():
    return {}


@pytest.fixture
def pages_of(demo, db, crawled):
    """``pages_of(username)``: the role's crawl from its start page (``anonymous``: from the public home)."""
    from accounts.models import User

    def pages(username):
        if username not in crawled:
            client = Client()
            if username != ANONYMOUS:
                client.force_login(User.objects.get(username=username))
            start = "/" if username == ANONYMOUS else "/workspace/"
            crawled[username] = crawl_pages(client, start, depth=3, raise_on_broken=False)
        return crawled[username]

    return pages


@pytest.mark.parametrize("username", [*DEMO_ROLES, ANONYMOUS])
def test_every_link_a_role_is_shown_opens(pages_of, username):
    pages = pages_of(username)
    assert len(pages) > 1
    broken = [f"{page.status} {url}  (linked from {page.referrer})" for url, page in pages.items()
              if page.status in BAD_STATUS or page.status >= 500]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("username", [*DEMO_ROLES, ANONYMOUS])
def test_no_page_a_role_reaches_shows_an_internal_name(pages_of, username):
    found = {}
    for url, page in pages_of(username).items():
        if page.html and not urlsplit(url).path.startswith(TECHNICAL_PAGES):
            names = raw_names(page.html, admin=urlsplit(url).path.startswith("/admin/"), data=USER_NAMES)
            if names:
                found[url] = names[:5]
    assert not found, "\n".join(f"{url}: {names}" for url, names in found.items())


@pytest.mark.parametrize("username", [*DEMO_ROLES, ANONYMOUS])
def test_every_filter_offers_all_and_a_date_picker(pages_of, username):
    """A yes/no filter's empty choice reads 全部, not Django's 未知 (the 双公示 lists said 按期报送：未知 for "any"),
    and a date filter is a date input, not a text box for typing 2026-01-31 by hand."""
    found = {}
    for url, page in pages_of(username).items():
        if page.html and not urlsplit(url).path.startswith("/admin/"):
            forms = re.findall(r'<form class="filter-form".*?</form>', page.html, re.S)
            wrong = [m for form in forms for m in re.findall(
                r'<option value="unknown"[^>]*>(?!全部<)[^<]*<|<input type="text" name="[a-z_]*(?:from|to)"', form)]
            if wrong:
                found[url] = wrong[:3]
    assert not found, "\n".join(f"{url}: {wrong}" for url, wrong in found.items())
