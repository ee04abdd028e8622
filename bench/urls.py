"""The project's urls plus the bench baseline view (mounted only under bench.settings)."""
from django.urls import include, path

from . import views

urlpatterns = [
    path("__bench__/baseline/", views.baseline, name="bench-baseline"),
    path("", include("integrity_portal.urls")),
]
