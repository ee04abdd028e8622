"""Celery tasks: thin wrappers over the services (beat schedules them, see migration 0004)."""
from celery import shared_task

from . import services


@shared_task(name="workdays.advance_clocks")
def advance_clocks() -> dict:
    return services.clocks_advance()


@shared_task(name="workdays.warn_missing_calendar_year")
def warn_missing_calendar_year() -> int:
    return services.calendar_warn_missing_next_year()
