"""Public pages under /decisions/ and the workspace under /workspace/decisions/ (mounted at the root)."""
from django.urls import path

from . import views as ws
from . import views_public as public

app_name = "decisions"

urlpatterns = [
    path("decisions/", public.PublicListView.as_view(), name="public_list"),
    path("decisions/<int:pk>/", public.PublicDetailView.as_view(), name="public_detail"),
    path("decisions/subjects/<int:pk>/", public.PublicSubjectView.as_view(), name="public_subject"),
    path("workspace/decisions/", ws.DecisionListView.as_view(), name="list"),
    path("workspace/decisions/new/<slug:act>/", ws.DecisionCreateView.as_view(), name="create"),
    path("workspace/decisions/publish/", ws.DecisionBulkPublishView.as_view(), name="bulk_publish"),
    path("workspace/decisions/quality/", ws.QualityView.as_view(), name="quality"),
    path("workspace/decisions/<int:pk>/", ws.DecisionDetailView.as_view(), name="detail"),
    path("workspace/decisions/<int:pk>/edit/", ws.DecisionEditView.as_view(), name="edit"),
    path("workspace/decisions/<int:pk>/publish/", ws.DecisionPublishView.as_view(), name="publish"),
    path("workspace/decisions/<int:pk>/revoke/", ws.DecisionRevokeView.as_view(), name="revoke"),
]
