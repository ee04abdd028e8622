"""Public pages under /commitments/ and the workspace under /workspace/commitments/ (mounted at the root)."""
from django.urls import path

from . import views_import as imports
from . import views_public as public
from . import views_workspace as ws

app_name = "commitments"

urlpatterns = [
    path("commitments/", public.CommitmentListView.as_view(), name="public_list"),
    path("commitments/feed/", public.CommitmentFeed(), name="feed"),
    path("commitments/units/<int:pk>/", public.UnitPageView.as_view(), name="public_unit"),
    path("commitments/<int:pk>/", public.CommitmentDetailView.as_view(), name="public_detail"),
    path("commitments/<int:pk>/evidence/<int:evidence_pk>/", public.EvidenceDownloadView.as_view(),
         name="public_evidence"),
    path("workspace/commitments/", ws.CommitmentListView.as_view(), name="list"),
    path("workspace/commitments/new/", ws.CommitmentCreateView.as_view(), name="create"),
    path("workspace/commitments/export/", ws.CommitmentExportView.as_view(), name="export"),
    path("workspace/commitments/import/", imports.CommitmentImportView.as_view(), name="import_upload"),
    path("workspace/commitments/import/template.xlsx", imports.CommitmentImportTemplateView.as_view(),
         name="import_template"),
    path("workspace/commitments/<int:pk>/", ws.CommitmentDetailView.as_view(), name="detail"),
    path("workspace/commitments/<int:pk>/edit/", ws.CommitmentEditView.as_view(), name="edit"),
    path("workspace/commitments/<int:pk>/publish/", ws.CommitmentPublishView.as_view(), name="publish"),
    path("workspace/commitments/<int:pk>/milestones/new/", ws.MilestoneAddView.as_view(), name="milestone_add"),
    path("workspace/commitments/<int:pk>/milestones/<int:milestone_pk>/complete/",
         ws.MilestoneCompleteView.as_view(), name="milestone_complete"),
    path("workspace/commitments/<int:pk>/milestones/<int:milestone_pk>/evidence/",
         ws.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("workspace/commitments/<int:pk>/evidence/<int:evidence_pk>/", ws.EvidenceDownloadView.as_view(),
         name="evidence"),
    path("workspace/commitments/<int:pk>/officials/new/", ws.OfficialAddView.as_view(), name="official_add"),
    path("workspace/commitments/<int:pk>/conclude/", ws.ConcludeView.as_view(), name="conclude"),
    path("workspace/commitments/<int:pk>/change/", ws.ChangeView.as_view(), name="change"),
    path("workspace/commitments/<int:pk>/breach/", ws.BreachView.as_view(), name="breach"),
]
