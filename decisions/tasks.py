"""Celery tasks: thin wrappers over the services."""
from celery import shared_task

from . import services


@shared_task(name="decisions.expire_windows")
def expire_windows() -> int:
    """Daily (00:40): published decisions past their 公示截止期 leave public view. Safe to run twice."""
    return services.decisions_expire()


from .import_tasks import run_import  # noqa: E402,F401  registers decisions.run_import with the worker
