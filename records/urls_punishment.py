"""Pages of joint punishment, namespace ``punishment``; the lead mounts this once at the site root:
``path("", include("records.urls_punishment"))`` — staff pages under /workspace/punishment/, the
public notices under /disclosures/notices/.
"""
from django.urls import path

from . import views_punishment as v

app_name = "punishment"

urlpatterns = [
    path("workspace/punishment/cases/", v.CaseListView.as_view(), name="case_list"),
    path("workspace/punishment/cases/new/", v.CaseOpenView.as_view(), name="case_open"),
    path("workspace/punishment/cases/<int:pk>/", v.CaseDetailView.as_view(), name="case_detail"),
    path("workspace/punishment/cases/<int:pk>/explain/", v.CaseExplainView.as_view(), name="case_explain"),
    path("workspace/punishment/cases/<int:pk>/report/", v.CaseReportView.as_view(), name="case_report"),
    path("workspace/punishment/cases/<int:pk>/accept/", v.CaseAcceptView.as_view(), name="case_accept"),
    path("workspace/punishment/cases/<int:pk>/return/", v.CaseReturnView.as_view(), name="case_return"),
    path("workspace/punishment/cases/<int:pk>/accountability/", v.CaseAccountabilityView.as_view(),
         name="case_accountability"),
    path("workspace/punishment/notices/new/", v.NoticePublishView.as_view(), name="notice_publish"),
    path("workspace/punishment/flags/", v.FlagListView.as_view(), name="flag_list"),
    path("workspace/punishment/zero-status/", v.ZeroStatusView.as_view(), name="zero_status"),
    path("workspace/punishment/zero-status/compute/", v.ZeroStatusComputeView.as_view(), name="zero_status_compute"),
    path("workspace/punishment/court-list/", v.CourtUploadView.as_view(), name="court_upload"),
    path("workspace/punishment/court-list/template.xlsx", v.CourtTemplateView.as_view(), name="court_template"),
    path("workspace/punishment/court-list/<int:pk>/", v.CourtImportDetailView.as_view(), name="court_import_detail"),
    path("disclosures/notices/", v.PublicNoticeListView.as_view(), name="public_notice_list"),
    path("disclosures/notices/<int:pk>/", v.PublicNoticeDetailView.as_view(), name="public_notice_detail"),
]
