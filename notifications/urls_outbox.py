"""The office's outbox pages; mounted under /workspace/: ``path("workspace/", include("notifications.urls_outbox"))``."""
from django.urls import path

from . import views_outbox

app_name = "outbox"

urlpatterns = [
    path("outbox/", views_outbox.outbox_list, name="list"),
    path("outbox/<int:pk>/", views_outbox.outbox_detail, name="detail"),
    path("outbox/<int:pk>/resend/", views_outbox.outbox_resend_view, name="resend"),
]
