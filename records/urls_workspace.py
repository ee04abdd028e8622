"""Record workspace pages (mounted under /workspace/ by records.urls; names prefixed ``record_``)."""
from django.urls import path

from . import views_workspace as views

urlpatterns = [
    path("records/", views.RecordListView.as_view(), name="record_list"),
    path("records/new/", views.RecordCreateView.as_view(), name="record_create"),
    path("records/publish/", views.RecordBulkPublishView.as_view(), name="record_bulk_publish"),
    path("records/export/", views.RecordExportView.as_view(), name="record_export"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"),
    path("records/<int:pk>/edit/", views.RecordEditView.as_view(), name="record_edit"),
    path("records/<int:pk>/publish/", views.RecordPublishView.as_view(), name="record_publish"),
    path("records/<int:pk>/revoke/", views.RecordRevokeView.as_view(), name="record_revoke"),
    path("records/<int:pk>/correct/", views.RecordCorrectView.as_view(), name="record_correct"),
    path("records/<int:pk>/decision-changed/", views.RecordDecisionChangedView.as_view(),
         name="record_decision_changed"),
    path("records/<int:pk>/attachments/", views.RecordAttachView.as_view(), name="record_attach"),
    path("records/<int:pk>/attachments/<int:attachment_pk>/", views.RecordAttachmentDownloadView.as_view(),
         name="record_attachment"),
]
