from rest_framework.routers import SimpleRouter

from .views import PeriodViewSet, ScoreViewSet

router = SimpleRouter()
router.register("evaluations/periods", PeriodViewSet, basename="evaluation-period")
router.register("evaluations/scores", ScoreViewSet, basename="evaluation-score")

urlpatterns = router.urls
