"""The Celery app. Broker: Redis in production, kombu's filesystem transport by default."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrity_portal.settings.dev")

app = Celery("integrity_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
