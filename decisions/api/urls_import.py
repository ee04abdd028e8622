from django.urls import path

from .import_views import DecisionImportJobView, DecisionImportView

# Included before decisions.api.urls, whose router would read "import" as a decision's id.
urlpatterns = [
    path("decisions/import/", DecisionImportView.as_view(), name="decision-import"),
    path("decisions/import/<int:pk>/", DecisionImportJobView.as_view(), name="decision-import-job"),
]
