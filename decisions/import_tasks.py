"""Background work of the 双公示 import: a thin wrapper over ``decisions.imports`` (registered by ``tasks.py``)."""
from celery import shared_task

from . import imports


@shared_task(name="decisions.run_import")
def run_import(job_id: int) -> str:
    """Import a queued job; a repeated delivery does nothing more."""
    return imports.decisions_import_run(job_id=job_id)
