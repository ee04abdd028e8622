"""The public 双公示 list and the disclosure list are cached for anonymous visitors like the commitment list
(issue 18: the public's main page over millions of decisions); changes show at once."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import services

from .factories import licence_row

pytestmark = pytest.mark.django_db

LIST = reverse("decisions:public_list")


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60  # the test settings turn the cache off
    cache.clear()
    yield
    cache.clear()


def _published(cast, n: int, name: str):
    decision = services.decision_create(actor=cast.clerk_a, department=cast.clerk_a.unit,
                                        row=licence_row(n=n, subject_name=name))
    return services.decision_publish(decision=decision, actor=cast.clerk_a)


def test_the_public_decision_list_is_served_from_the_cache_and_changes_at_once(client, cast, page_cache,
                                                                                django_assert_num_queries):
    _published(cast, 1, "济南安和餐饮管理有限公司")
    assert "济南安和餐饮管理有限公司" in client.get(LIST).content.decode()
    with django_assert_num_queries(0):
        assert "济南安和餐饮管理有限公司" in client.get(LIST).content.decode()
    second = _published(cast, 2, "济南新开张餐饮有限公司")
    assert "济南新开张餐饮有限公司" in client.get(LIST).content.decode()
    services.decision_revoke(decision=second, actor=cast.clerk_a, reason="决定被依法撤销")
    assert "济南新开张餐饮有限公司" not in client.get(LIST).content.decode()
    assert "济南新开张餐饮有限公司" not in client.get(LIST, {"q": "新开张"}).content.decode()
    client.force_login(cast.office)  # logged in: rendered for them, never from the anonymous entry
    with CaptureQueriesContext(connection) as ctx:
        client.get(LIST)
    assert len(ctx.captured_queries) > 0


def test_the_disclosure_list_is_cached_too(client, cast, page_cache, django_assert_num_queries):
    disclosures = reverse("public:disclosure_list")
    first = client.get(disclosures)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        assert client.get(disclosures).status_code == 200
    cast.unit_a.name = "区市场监督管理局（更名）"
    cast.unit_a.save()
    with CaptureQueriesContext(connection) as ctx:
        client.get(disclosures)
    assert len(ctx.captured_queries) > 0  # a unit's new name is a new version of the page
