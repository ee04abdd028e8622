"""Public pages under /disputes/ and the workspace under /workspace/disputes/ (mounted at the site root)."""
from django.urls import path

from . import views_public as public
from . import views_reports as reports
from . import views_workspace as ws

app_name = "disputes"

urlpatterns = [
    path("disputes/", public.SubmitView.as_view(), name="public_submit"),
    path("disputes/receipt/", public.ReceiptView.as_view(), name="public_receipt"),
    path("disputes/track/", public.TrackView.as_view(), name="public_track"),
    path("disputes/track/info/", public.AddInfoView.as_view(), name="public_add_info"),
    path("disputes/track/rate/", public.RateView.as_view(), name="public_rate"),
    path("disputes/track/reopen/", public.ReopenView.as_view(), name="public_reopen"),
    path("disputes/reports/", public.ReportListView.as_view(), name="public_reports"),
    path("disputes/reports/<int:pk>/", public.ReportDetailView.as_view(), name="public_report"),
    path("workspace/disputes/", ws.ClueListView.as_view(), name="workspace_list"),
    path("workspace/disputes/reports/", reports.ReportListView.as_view(), name="report_list"),
    path("workspace/disputes/reports/new/", reports.ReportBuildView.as_view(), name="report_build"),
    path("workspace/disputes/reports/<int:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path("workspace/disputes/reports/<int:pk>/export/", reports.ReportExportView.as_view(), name="report_export"),
    path("workspace/disputes/reports/<int:pk>/publish/", reports.ReportPublishView.as_view(), name="report_publish"),
    path("workspace/disputes/<int:pk>/", ws.ClueDetailView.as_view(), name="workspace_detail"),
    path("workspace/disputes/<int:pk>/contact/", ws.ContactRevealView.as_view(), name="contact"),
    path("workspace/disputes/<int:pk>/route/", ws.RouteView.as_view(), name="route"),
    path("workspace/disputes/<int:pk>/not-ours/", ws.RefuseView.as_view(), name="refuse"),
    path("workspace/disputes/<int:pk>/acknowledge/", ws.AcknowledgeView.as_view(), name="acknowledge"),
    path("workspace/disputes/<int:pk>/notes/new/", ws.NoteView.as_view(), name="note"),
    path("workspace/disputes/<int:pk>/conclude/", ws.ConcludeView.as_view(), name="conclude"),
    path("workspace/disputes/<int:pk>/extend/", ws.ExtendView.as_view(), name="extend"),
    path("workspace/disputes/<int:pk>/commitment/", ws.LinkView.as_view(), name="link"),
    path("workspace/disputes/<int:pk>/reopen/<int:request_pk>/", ws.ReopenDecideView.as_view(), name="reopen_decide"),
    path("workspace/disputes/<int:pk>/attachments/<int:attachment_pk>/", ws.AttachmentDownloadView.as_view(),
         name="attachment"),
]
