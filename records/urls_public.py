"""Public disclosure pages, mounted at the site root with namespace ``public``."""
from django.urls import path

from . import views_public

urlpatterns = [
    path("disclosures/", views_public.DisclosureListView.as_view(), name="disclosure_list"),
    path("disclosures/defaulters/", views_public.DefaulterListView.as_view(), name="defaulter_list"),
    path("disclosures/<int:pk>/", views_public.DisclosureDetailView.as_view(), name="disclosure_detail"),
]
