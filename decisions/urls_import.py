from django.urls import path

from . import views_import

app_name = "decisions_import"

urlpatterns = [
    path("workspace/decisions/import/", views_import.DecisionImportView.as_view(), name="upload"),
    path("workspace/decisions/import/<int:pk>/", views_import.DecisionImportJobView.as_view(), name="job"),
]
