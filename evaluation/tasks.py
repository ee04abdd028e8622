"""Celery tasks: thin wrappers over the services (beat schedules ``evaluation.run_scheduled``)."""
from celery import shared_task

from . import services


@shared_task(name="evaluation.run_scheduled")
def run_scheduled() -> list[int]:
    return [run.pk for run in services.evaluation_run_scheduled()]


@shared_task(name="evaluation.execute_run")
def execute_run(run_id: int) -> str:
    """Compute a version started from the workspace; a finished one is left alone (idempotent)."""
    return services.run_execute(run_id=run_id).status
