from django.urls import path

from . import views_ledger

app_name = "ledger"

urlpatterns = [
    path("ledger/", views_ledger.ledger_status, name="status"),
]
