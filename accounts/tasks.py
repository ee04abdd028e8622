"""Celery tasks of the ledger: thin wrappers (beat: seal every minute, export the head daily)."""
from celery import shared_task

from . import ledger


@shared_task(name="accounts.ledger_seal")
def ledger_seal() -> int:
    return ledger.ledger_seal_all()


@shared_task(name="accounts.ledger_export_head")
def ledger_export_head() -> str:
    return ledger.ledger_export_head()["entry_hash"]
