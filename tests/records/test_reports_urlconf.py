"""A test-only urlconf: the site's URLs plus credit reports, the outbox pages and the platform's
inbound endpoint, mounted where the lead mounts them. Used with
``@pytest.mark.urls("tests.records.test_reports_urlconf")``; it holds no tests.
"""
from django.urls import include, path

from integrity_portal.urls import urlpatterns as site

urlpatterns = [
    path("", include("records.urls_reports")),
    path("workspace/", include("notifications.urls_outbox")),
    path("api/v1/", include("objections.api.urls_inbound")),
    *site,
]
