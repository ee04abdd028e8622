from celery import shared_task

from . import services


@shared_task(name="records.expire_disclosures")
def expire_disclosures() -> int:
    return services.records_expire()
