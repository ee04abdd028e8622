from celery import shared_task

from . import services


@shared_task(name="commitments.mark_overdue_milestones")
def mark_overdue_milestones() -> int:
    return services.milestones_mark_overdue()


@shared_task(name="commitments.sweep_import_uploads")
def sweep_import_uploads() -> int:
    """Delete uploads kept for an import confirmation that nobody can confirm any more."""
    from .imports import sweep_stored

    return sweep_stored()
