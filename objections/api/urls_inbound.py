"""The city platform's inbound endpoint; mounted under /api/v1/ (``path("", include(...))``)."""
from django.urls import path

from .inbound import PlatformForwardView

urlpatterns = [
    path("platform/forwards/", PlatformForwardView.as_view(), name="platform-forward"),
]
