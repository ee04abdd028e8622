"""The configuration-change page; mounted under /workspace/: ``path("workspace/", include("accounts.urls_config"))``."""
from django.urls import path

from . import views_config

app_name = "configuration"

urlpatterns = [
    path("configuration-changes/", views_config.configuration_change_list, name="changes"),
]
