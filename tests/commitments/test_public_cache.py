"""The cached anonymous public pages (integrity_portal.pagecache, issue 10): served without queries, one entry
per language, changes shown at once, never served to logged-in users, the visitor's own CSRF token."""
import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from commitments import services

from .conftest import make_commitment

pytestmark = pytest.mark.django_db

LIST = reverse("commitments:public_list")


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60  # the test settings turn the cache off
    cache.clear()
    yield
    cache.clear()


def test_a_second_anonymous_visit_is_served_without_a_query(client, cast, page_cache, django_assert_num_queries):
    make_commitment(cast, title="公开的承诺", publish=True)
    first = client.get(LIST)
    with django_assert_num_queries(0):
        second = client.get(LIST)
    assert _without_csrf(second) == _without_csrf(first)  # the token is masked afresh on every response
    assert "公开的承诺" in second.content.decode()
    unit_page = reverse("commitments:public_unit", args=[cast.unit_a.pk])
    client.get(unit_page)
    with django_assert_num_queries(0):
        assert "公开的承诺" in client.get(unit_page).content.decode()


def test_publishing_and_concluding_show_at_once(client, cast, page_cache):
    client.get(LIST)
    commitment = make_commitment(cast, title="新公开的承诺", publish=True)
    assert "新公开的承诺" in client.get(LIST).content.decode()
    unit_page = reverse("commitments:public_unit", args=[cast.unit_a.pk])
    assert client.get(unit_page).context["record"].fulfilled == 0
    services.commitment_conclude(commitment=commitment, actor=cast.clerk_a, outcome="fulfilled")
    assert client.get(unit_page).context["record"].fulfilled == 1


@pytest.mark.requires("msgfmt")
def test_each_language_has_its_own_entry(client, cast, page_cache):
    make_commitment(cast, publish=True)
    assert "承诺事项" in client.get(LIST).content.decode()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(LIST).content.decode()
    assert "Commitments" in english and "承诺事项" not in english


def test_filters_and_pages_are_separate_entries(client, cast, page_cache):
    make_commitment(cast, title="标准厂房租金减免", publish=True)
    make_commitment(cast, title="审批时限承诺", kind="approval_time_limit", publish=True)
    assert "审批时限承诺" in client.get(LIST).content.decode()
    filtered = client.get(LIST, {"kind": "investment_promotion"}).content.decode()
    assert "标准厂房租金减免" in filtered and "审批时限承诺" not in filtered


def test_logged_in_staff_are_never_served_the_anonymous_page(client, cast, page_cache):
    make_commitment(cast, title="特定范围的承诺", publish=True, publication_type="limited")
    assert "特定范围的承诺" not in client.get(LIST).content.decode()
    client.force_login(cast.clerk_b)
    assert "特定范围的承诺" in client.get(LIST).content.decode()
    client.logout()
    assert "特定范围的承诺" not in client.get(LIST).content.decode()


def test_a_cached_page_carries_the_visitors_own_csrf_token(client, cast, page_cache):
    client.get(LIST)
    from django.test import Client

    other = Client()
    response = other.get(LIST)  # served from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    assert django_settings.CSRF_COOKIE_NAME in response.cookies
    switch = Client(enforce_csrf_checks=True)
    switch.cookies = other.cookies
    answer = switch.post(reverse("set_language"), {"language": "en", "next": LIST, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
