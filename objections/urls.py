"""Objection and repair pages, mounted at the site root (staff pages under /workspace/)."""
from django.urls import path

from . import views, views_office, views_repairs

app_name = "objections"

urlpatterns = [
    path("workspace/objections/", views.ObjectionListView.as_view(), name="objection_list"),
    path("workspace/objections/overview/", views_office.OfficeOverviewView.as_view(), name="office_overview"),
    path("workspace/objections/export/", views_office.OfficeExportView.as_view(), name="office_export"),
    path("workspace/objections/new/<int:record_pk>/", views.ObjectionCreateView.as_view(), name="objection_create"),
    path("workspace/objections/<int:pk>/", views.ObjectionDetailView.as_view(), name="objection_detail"),
    path("workspace/objections/<int:pk>/review/", views.ObjectionReviewView.as_view(), name="objection_review"),
    path("workspace/objections/<int:pk>/decide/", views.ObjectionDecideView.as_view(), name="objection_decide"),
    path("workspace/objections/<int:pk>/withdraw/", views.ObjectionWithdrawView.as_view(), name="objection_withdraw"),
    path("workspace/objections/<int:pk>/extend/", views.ObjectionClockView.as_view(operation="extend"),
         name="objection_extend"),
    path("workspace/objections/<int:pk>/period/", views.ObjectionClockView.as_view(operation="period"),
         name="objection_period"),
    path("workspace/objections/<int:pk>/pause/", views.ObjectionClockView.as_view(operation="pause"),
         name="objection_pause"),
    path("workspace/objections/<int:pk>/resume/", views.ObjectionClockView.as_view(operation="resume"),
         name="objection_resume"),
    path("workspace/objections/evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("workspace/repairs/", views_repairs.RepairListView.as_view(), name="repair_list"),
    path("workspace/repairs/new/<int:record_pk>/", views_repairs.RepairCreateView.as_view(), name="repair_create"),
    path("workspace/repairs/new/decision/<int:decision_pk>/", views_repairs.DecisionRepairCreateView.as_view(),
         name="repair_create_decision"),
    path("workspace/repairs/<int:pk>/", views_repairs.RepairDetailView.as_view(), name="repair_detail"),
    path("workspace/repairs/<int:pk>/decide/", views_repairs.RepairDecideView.as_view(), name="repair_decide"),
]
