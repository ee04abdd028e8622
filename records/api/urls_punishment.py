"""API routes of joint punishment; included in ``/api/v1/`` by the lead (``path("", include(...))``)."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from .punishment_views import CreditCheckView, RectificationCaseViewSet, RestrictionFlagViewSet

router = SimpleRouter()
router.register("rectification-cases", RectificationCaseViewSet, basename="rectification-case")
router.register("restriction-flags", RestrictionFlagViewSet, basename="restriction-flag")

urlpatterns = [path("credit-check/", CreditCheckView.as_view(), name="api-credit-check"), *router.urls]
