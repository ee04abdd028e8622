from celery import shared_task

from . import services


@shared_task(name="commitments.mark_overdue_milestones")
def mark_overdue_milestones() -> int:
    return services.milestones_mark_overdue()
