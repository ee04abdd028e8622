from rest_framework.routers import SimpleRouter

from .views import BroadcastViewSet, NoticeViewSet

router = SimpleRouter()
router.register("notices/broadcast", BroadcastViewSet, basename="broadcast")
router.register("notices", NoticeViewSet, basename="notice")

urlpatterns = router.urls
