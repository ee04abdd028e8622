from rest_framework.routers import SimpleRouter

from .views import ObjectionViewSet, RepairViewSet

router = SimpleRouter()
router.register("objections", ObjectionViewSet, basename="objection")
router.register("repairs", RepairViewSet, basename="repair")

urlpatterns = router.urls
