from django.urls import include, path

from . import views

app_name = "records"

# Mounted at /workspace/. Record pages live in their own modules (urls_*.py).
urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/new/", views.UnitFormView.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitFormView.as_view(), name="unit_edit"),
    path("servants/", views.ServantListView.as_view(), name="servant_list"),
    path("servants/new/", views.ServantFormView.as_view(), name="servant_create"),
    path("servants/<int:pk>/", views.ServantDetailView.as_view(), name="servant_detail"),
    path("servants/<int:pk>/edit/", views.ServantFormView.as_view(), name="servant_edit"),
    path("", include("records.urls_workspace")),
    path("", include("records.urls_import")),
    path("", include("records.urls_file")),
]
