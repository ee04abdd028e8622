from django.urls import path
from rest_framework.routers import SimpleRouter

from .record_views import CreditRecordViewSet, MyFileView
from .views import CivilServantViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("civil-servants", CivilServantViewSet, basename="civil-servant")
router.register("records", CreditRecordViewSet, basename="record")

urlpatterns = [path("me/file/", MyFileView.as_view(), name="api-my-file"), *router.urls]
