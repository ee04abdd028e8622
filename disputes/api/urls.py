from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("disputes/clues", views.ClueViewSet, basename="dispute-clue")
router.register("disputes/reports", views.ClearanceReportViewSet, basename="dispute-report")

urlpatterns = [
    path("disputes/", views.ClueSubmitView.as_view(), name="dispute-submit"),
    path("disputes/track/", views.ClueTrackView.as_view(), name="dispute-track"),
    path("disputes/track/info/", views.ClueTrackInfoView.as_view(), name="dispute-track-info"),
    path("disputes/track/rate/", views.ClueTrackRateView.as_view(), name="dispute-track-rate"),
    path("disputes/track/reopen/", views.ClueTrackReopenView.as_view(), name="dispute-track-reopen"),
    *router.urls,
]
