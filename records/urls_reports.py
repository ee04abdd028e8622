"""Credit reports and their verification; mounted at the site root: ``path("", include("records.urls_reports"))``.

Namespace ``reports``. The fixed paths come before ``reports/<code>/``.
"""
from django.urls import path

from . import views_reports

app_name = "reports"

urlpatterns = [
    path("reports/me/", views_reports.MyReportView.as_view(), name="mine"),
    path("reports/servants/<int:pk>/", views_reports.ServantReportView.as_view(), name="servant"),
    path("reports/units/<int:pk>/", views_reports.UnitReportView.as_view(), name="unit"),
    path("reports/<str:code>/", views_reports.IssuedReportView.as_view(), name="issued"),
    path("reports/<str:code>/pdf/", views_reports.ReportPdfView.as_view(), name="pdf"),
    path("verify/", views_reports.VerifyView.as_view(), name="verify_form"),
    path("verify/<str:code>/", views_reports.VerifyView.as_view(), name="verify"),
]
