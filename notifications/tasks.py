from celery import shared_task

from . import services


@shared_task(name="notifications.deliver_outbox_message")
def deliver_outbox_message(message_id: int) -> bool:
    return services.outbox_deliver(message_id=message_id)


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox() -> int:
    return services.outbox_sweep()
