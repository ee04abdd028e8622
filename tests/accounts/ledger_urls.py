"""The site's URLs plus the ledger page (until the lead mounts ``accounts.urls_ledger`` in the root URLconf)."""
from django.urls import include, path, resolve

from integrity_portal.urls import urlpatterns as site

try:
    resolve("/workspace/ledger/", urlconf="integrity_portal.urls")
    urlpatterns = list(site)
except Exception:  # noqa: BLE001 - not mounted yet
    urlpatterns = [*site, path("workspace/", include("accounts.urls_ledger"))]
