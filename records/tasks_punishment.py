"""Celery tasks of joint punishment: thin wrappers over the services, each safe to run twice.

The lead imports this module from ``records/tasks.py`` (``from . import tasks_punishment  # noqa: F401``)
so the worker registers the tasks; the beat entries are in migration 0007.
"""
from celery import shared_task

from . import court_list
from .services import punishment


@shared_task(name="records.sync_restriction_flags")
def sync_restriction_flags() -> int:
    return punishment.flags_sync_all()


@shared_task(name="records.refresh_zero_status")
def refresh_zero_status() -> list[str]:
    return punishment.zero_status_refresh()


@shared_task(name="records.fetch_court_list")
def fetch_court_list() -> str:
    """Runs only where ``COURT_LIST_URL`` is configured; otherwise a no-op."""
    job = court_list.court_list_fetch()
    return "skipped" if job is None else f"{job.status}:{job.pk}"


@shared_task(name="records.punishment_record_changed")
def punishment_record_changed(record_id: int) -> None:
    """For callers that prefer to run the hook after commit (``transaction.on_commit``)."""
    from .models import CreditRecord

    record = CreditRecord.objects.filter(pk=record_id).first()
    if record is not None:
        punishment.punishment_record_changed(record=record)
