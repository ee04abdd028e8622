"""A test-only urlconf: the site's URLs plus the joint-punishment pages and API, until the lead mounts them.

Used with ``@pytest.mark.urls("tests.records.test_punishment_urlconf")``; it holds no tests.
"""
from django.urls import include, path

from integrity_portal.urls import urlpatterns as site

urlpatterns = [
    path("", include("records.urls_punishment")),
    path("api/v1/", include("records.api.urls_punishment")),
    *site,
]
