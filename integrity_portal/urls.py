from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from . import views

admin.site.site_header = format_lazy("{} · {}", settings.PORTAL_NAME, _("管理后台"))
admin.site.site_title = settings.PORTAL_NAME
admin.site.index_title = _("区信用办管理")

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("records.api.urls")),
    path("", include("workdays.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("objections.api.urls")),
    path("", include("commitments.api.urls")),
    path("", include("disputes.api.urls")),
    path("", include("decisions.api.urls_import")),
    path("", include("evaluation.api.urls")),
    path("", include("decisions.api.urls")),
    path("", include("records.api.urls_punishment")),
    path("", include("objections.api.urls_inbound")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("workspace/", views.workspace_home, name="workspace-home"),
    path("workspace/todo/", views.workspace_todo, name="workspace-todo"),
    path("accounts/", include("accounts.urls")),
    path("workspace/", include("records.urls")),
    path("workspace/", include("notifications.urls")),
    path("", include("workdays.urls")),
    path("", include("records.urls_punishment")),
    path("", include(("records.urls_public", "public"), namespace="public")),
    path("", include("records.urls_reports")),
    path("workspace/", include("notifications.urls_outbox")),
    path("workspace/", include("accounts.urls_ledger")),
    path("workspace/", include("accounts.urls_config")),
    path("workspace/", include("accounts.urls_accounts")),
    # Each of these apps mounts its public pages and its /workspace/… pages itself.
    path("", include("objections.urls")),
    path("", include("commitments.urls")),
    path("", include("disputes.urls")),
    path("", include("decisions.urls_import")),
    path("", include("evaluation.urls")),
    path("", include("decisions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
# Uploaded files (evidence, attachments, imports) are never served by path, in any setting: only the access-checked
# download views of their apps hand them out (issue 16 item 10).
