"""Background work of the Excel import: a thin wrapper over ``records.imports``.

``integrity_portal/celery.py`` autodiscovers ``tasks.py`` only, so ``records/tasks.py``
imports this module to register the task with the worker.
"""
from celery import shared_task

from . import imports


@shared_task(name="records.run_import")
def run_import(job_id: int) -> str:
    """Validate or import the job, whichever is its next step; a repeated delivery does nothing more."""
    return imports.import_continue(job_id=job_id)
