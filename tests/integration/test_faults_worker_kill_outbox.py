"""A Celery worker SIGKILLed at a known checkpoint inside outbox delivery: after a restart the work completes exactly once.

The checkpoint is ``integrity_portal.faults.fault_point``: the worker started with
``PORTAL_FAULT_POINT=<name>`` kills itself there with SIGKILL. The task was not acknowledged
(``acks_late``), so Redis hands it to the restarted worker once the (short, here) visibility
timeout passes; the database claim (the outbox's ``locked_until``) and the receiver's key make
the second attempt the only one that counts.
"""
import signal
import time

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.choices import OutboxStatus
from notifications.models import Notice, OutboxMessage
from notifications.services import notice_send, outbox_sweep
from tests.integration.faults import (
    FAULT_ENV,
    duplicates,
    killed_at_checkpoint,
    report,
    start_worker,
    wait_for_redelivery_due,
    wait_for_restarted_worker,
)
from tests.integration.test_real_worker import make_user

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.requires("postgresql", "redis-server"),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("checkpoint", ["outbox.after_claim", "outbox.after_deliver"])
def test_a_worker_killed_inside_outbox_delivery_delivers_once_after_restart(
    checkpoint, redis_server, celery_publisher, celery_worker_factory, monkeypatch, wait_until, capsys,
):
    user = make_user(f"fault-{checkpoint}")
    notices_before, messages_before = Notice.objects.count(), OutboxMessage.objects.count()
    doomed = start_worker(celery_worker_factory, redis_server.url, monkeypatch, fault=checkpoint)
    with transaction.atomic():
        notice_send(recipient=user, title="故障注入测试通知", body="投递中途进程被杀。", key=f"fault:{checkpoint}")
    message = OutboxMessage.objects.get(key=f"inbox:fault:{checkpoint}:{user.pk}")

    killed_at_checkpoint(doomed, checkpoint, redis_server.url, wait_until)
    assert doomed.proc.returncode == -signal.SIGKILL, doomed.log()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING  # claimed, never marked sent
    notices_at_kill = Notice.objects.filter(recipient=user).count()
    assert notices_at_kill == (1 if checkpoint == "outbox.after_deliver" else 0)

    # The restart comes once Redis may hand the task out again and the killed worker's claim has lapsed.
    waited = wait_for_redelivery_due(redis_server.url, wait_until)
    lock = float(FAULT_ENV["OUTBOX_LOCK_SECONDS"])
    wait_until(lambda: not OutboxMessage.objects.filter(pk=message.pk, locked_until__gt=timezone.now()).exists(),
               lock + 5, interval=0.1, message="the killed worker's claim on the outbox message to lapse")
    started = time.monotonic()
    restarted = start_worker(celery_worker_factory, redis_server.url, monkeypatch)
    startup = time.monotonic() - started
    finished = wait_for_restarted_worker(
        restarted, lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT, redis_server.url,
        wait_until, message="the restarted worker to deliver the outbox message the killed one held")
    assert outbox_sweep() == 0  # nothing left over for the sweeper

    message.refresh_from_db()
    added = Notice.objects.count() - notices_before  # the one notice this test sends, delivered once
    lost = 0 if added >= 1 and Notice.objects.filter(recipient=user, key=message.key).exists() else 1
    duplicated = (max(added - 1, 0) + duplicates(Notice.objects.all(), "key")
                  + max(OutboxMessage.objects.count() - messages_before - 1, 0))
    report(capsys, f"SIGKILL at {checkpoint}", injected=1, notices_before=notices_before,
           notices_at_kill=notices_at_kill, notices_after=notices_before + added, lost=lost, duplicated=duplicated,
           attempts=message.attempts, waited_for_redelivery_s=f"{waited:.1f}", restart_s=f"{startup:.1f}",
           redelivered_s=f"{finished:.1f}")
    assert (lost, duplicated) == (0, 0)
    assert message.attempts == 1 and message.sent_at is not None
