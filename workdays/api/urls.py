from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CalendarYearViewSet, PolicyViewSet, WorkdayAddView, WorkdayCheckView

router = SimpleRouter()
router.register("calendar-years", CalendarYearViewSet, basename="calendar-year")
router.register("policies", PolicyViewSet, basename="policy")

urlpatterns = [
    path("workdays/add/", WorkdayAddView.as_view(), name="api-workdays-add"),
    path("workdays/check/", WorkdayCheckView.as_view(), name="api-workdays-check"),
    *router.urls,
]
