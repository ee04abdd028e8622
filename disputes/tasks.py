"""Celery tasks: thin wrappers over the services (beat schedules them, see migration 0002)."""
from celery import shared_task

from . import services


@shared_task(name="disputes.build_monthly_clearance_report")
def build_monthly_clearance_report() -> int | None:
    report = services.clearance_report_monthly()
    return report.pk if report else None


@shared_task(name="disputes.erase_expired_contacts")
def erase_expired_contacts() -> int:
    return services.contacts_erase_expired()
