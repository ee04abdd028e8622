"""The office's account pages; mounted under /workspace/: ``path("workspace/", include("accounts.urls_accounts"))``."""
from django.urls import path

from . import views_accounts

app_name = "useraccounts"

urlpatterns = [
    path("accounts/", views_accounts.account_list, name="list"),
    path("accounts/new/", views_accounts.account_create, name="create"),
    path("accounts/lockouts/", views_accounts.lockout_list, name="lockouts"),
    path("accounts/<int:pk>/", views_accounts.account_detail, name="detail"),
    path("accounts/<int:pk>/role/", views_accounts.account_role, name="role"),
    path("accounts/<int:pk>/active/", views_accounts.account_active, name="active"),
    path("accounts/<int:pk>/unlock/", views_accounts.account_unlock, name="unlock"),
]
