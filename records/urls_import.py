from django.urls import path

from . import views_import

# Included by records/urls.py (app "records", mounted at /workspace/).
urlpatterns = [
    path("records/import/", views_import.ImportUploadView.as_view(), name="import_upload"),
    path("records/import/template/<str:kind>.xlsx", views_import.ImportTemplateView.as_view(), name="import_template"),
    path("records/import/<int:pk>/", views_import.ImportJobView.as_view(), name="import_job"),
    path("records/import/<int:pk>/run/", views_import.ImportStartView.as_view(), name="import_start"),
]
