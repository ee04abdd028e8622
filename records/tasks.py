import datetime

from celery import shared_task
from django.utils import timezone

from . import import_tasks, services, tasks_punishment  # noqa: F401  (registers their tasks)
from .models import ImportJob
from .models.imports import ImportStatus


@shared_task(name="records.expire_disclosures")
def expire_disclosures() -> int:
    return services.records_expire()


@shared_task(name="records.requeue_stale_imports")
def requeue_stale_imports() -> int:
    """Re-send import jobs whose task message never reached a worker (broker outage, crash).

    ``run_import`` is safe to run twice: it locks the job and does only its next step.
    """
    now = timezone.now()
    stale = ImportJob.objects.filter(
        status=ImportStatus.UPLOADED, created_at__lt=now - datetime.timedelta(minutes=2)
    ) | ImportJob.objects.filter(
        status=ImportStatus.IMPORTING, finished_at__isnull=True, created_at__lt=now - datetime.timedelta(minutes=10)
    )
    ids = list(stale.values_list("pk", flat=True)[:50])
    for job_id in ids:
        import_tasks.run_import.delay(job_id)
    return len(ids)
