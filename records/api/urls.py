from rest_framework.routers import SimpleRouter

from .views import CivilServantViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("civil-servants", CivilServantViewSet, basename="civil-servant")

urlpatterns = router.urls
