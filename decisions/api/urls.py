from rest_framework.routers import SimpleRouter

from .views import DecisionViewSet, PublicDecisionViewSet

router = SimpleRouter()
router.register("decisions", DecisionViewSet, basename="decision")
router.register("public/decisions", PublicDecisionViewSet, basename="public-decision")

urlpatterns = router.urls
