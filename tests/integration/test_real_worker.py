"""The outbox on real infrastructure: PostgreSQL, a Redis broker, a Celery worker process.

These prove what the in-memory tests cannot: that a task published after commit
crosses a real broker to a separate worker process that reads the same database,
and that a broker outage delays a notice without failing the request or losing it.
"""
import re
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from stdnum.cn import uscc

from accounts.choices import Role
from notifications.choices import OutboxStatus
from notifications.models import Notice, OutboxMessage
from notifications.services import notice_send
from notifications.tasks import sweep_outbox
from records.choices import UnitKind
from records.models import Unit

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.requires("postgresql", "redis-server"),
    pytest.mark.django_db(transaction=True),
]

BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_unit(name: str = "区测试局") -> Unit:
    body = "11371202" + f"{uuid.uuid4().int % 10**9:09d}"
    return Unit.objects.create(name=name, code=body + uscc.calc_check_digit(body), kind=UnitKind.DEPARTMENT)


def make_user(username: str, role: str | None = None, unit: Unit | None = None):
    user = get_user_model().objects.create_user(username=username, password="it-pass-2026", unit=unit)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def task_results(worker, task_name: str) -> list[str]:
    """The results the worker logged for ``task_name``, in order."""
    return re.findall(rf"Task {re.escape(task_name)}\[[^\]]+\] succeeded in [\d.]+s: (.*)", worker.log())


def test_notice_published_after_commit_is_delivered_by_the_worker(
    redis_server, celery_publisher, celery_worker_process, wait_until,
):
    user = make_user("it-recipient")
    with transaction.atomic():
        notice_send(recipient=user, title="真实队列测试通知", body="由独立的 Celery 进程送达。", key="it-real-worker")
        # Written in the cause's transaction, nothing delivered yet.
        assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 1

    wait_until(lambda: Notice.objects.filter(recipient=user).exists(), 30,
               message="the worker to deliver the notice through Redis")
    message = OutboxMessage.objects.get(key=f"inbox:it-real-worker:{user.pk}")
    wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT, 10,
               message="the outbox row to be marked sent")

    assert Notice.objects.filter(recipient=user).count() == 1
    notice = Notice.objects.get(recipient=user)
    assert notice.title == "真实队列测试通知"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 1 and message.sent_at is not None
    # The separate worker process did it (this process's broker is Redis: nothing runs eagerly).
    assert task_results(celery_worker_process, "notifications.deliver_outbox_message") == ["True"]


def test_broker_outage_delays_a_broadcast_but_never_loses_or_doubles_it(
    redis_server, celery_publisher, celery_worker_factory, client, wait_until,
):
    unit = make_unit()
    office = make_user("it-office", Role.CREDIT_OFFICE)
    clerks = [make_user(f"it-clerk-{n}", Role.CLERK, unit=unit) for n in range(3)]
    make_user("it-leader", Role.LEADER)  # not addressed by the broadcast

    redis_server.stop()
    assert not redis_server.ping()
    client.force_login(office, backend=BACKEND)
    started = time.monotonic()
    response = client.post(
        "/api/v1/notices/broadcast/",
        {"title": "停电演练通知", "body": "请各经办人按时报送。", "role": Role.CLERK.value},
        content_type="application/json",
    )
    elapsed = time.monotonic() - started

    assert 200 <= response.status_code < 300, response.content.decode()
    assert elapsed < 10, f"the request took {elapsed:.1f} s with the broker down"
    messages = OutboxMessage.objects.filter(key__startswith="inbox:broadcast:")
    assert messages.count() == len(clerks)
    assert set(messages.values_list("status", flat=True)) == {OutboxStatus.PENDING}
    assert not Notice.objects.exists()

    redis_server.start()
    worker = celery_worker_factory(redis_server.url)
    sweep_outbox.delay()
    wait_until(lambda: Notice.objects.filter(recipient__in=clerks).count() == len(clerks), 30,
               message="the sweeper to deliver the pending notices after the outage")
    wait_until(lambda: len(task_results(worker, "notifications.sweep_outbox")) == 1, 15,
               message="the first sweep to finish")

    sweep_outbox.delay()
    wait_until(lambda: len(task_results(worker, "notifications.sweep_outbox")) == 2, 15,
               message="the second sweep to finish")

    assert task_results(worker, "notifications.sweep_outbox") == [str(len(clerks)), "0"]
    for clerk in clerks:
        assert Notice.objects.filter(recipient=clerk).count() == 1, clerk.username
    assert not Notice.objects.exclude(recipient__in=clerks).exists()
    assert set(messages.values_list("status", flat=True)) == {OutboxStatus.SENT}
