"""Helpers of the fault tests: a worker started with a fault checkpoint armed, row counts, figures."""
from __future__ import annotations

import os
import time

import pytest
from django.db.models import Count

# The fault tests' broker and claim timings: a task a killed worker held may be handed out again once it is
# 3 s old (``visibility_timeout``), and an outbox claim lapses after 3 s.
FAULT_ENV = {"CELERY_VISIBILITY_TIMEOUT": "3", "OUTBOX_LOCK_SECONDS": "3"}
VISIBILITY_TIMEOUT = float(FAULT_ENV["CELERY_VISIBILITY_TIMEOUT"])
# kombu's Redis transport keeps a task a worker took, until it is acknowledged, in these two keys.
UNACKED_INDEX, UNACKED = "unacked_index", "unacked"
# Bounds of the waits (under CI's load a worker takes 5-20 s to start and a run a few seconds more).
KILL_TIMEOUT = 60
FINISH_TIMEOUT = 90


def start_worker(factory, broker_url: str, monkeypatch, fault: str | None = None):
    """A real worker whose environment arms ``fault`` (integrity_portal.faults); this process never is."""
    for name, value in FAULT_ENV.items():
        monkeypatch.setenv(name, value)
    if fault:
        monkeypatch.setenv("PORTAL_FAULT_POINT", fault)
    try:
        return factory(broker_url)
    finally:
        monkeypatch.delenv("PORTAL_FAULT_POINT", raising=False)
        assert "PORTAL_FAULT_POINT" not in os.environ


def _redis(broker_url: str):
    import redis

    return redis.Redis.from_url(broker_url, socket_timeout=5, socket_connect_timeout=5)


def broker_state(broker_url: str) -> dict:
    """What Redis holds: tasks waiting in the default queue, and tasks taken but not acknowledged (their age)."""
    client = _redis(broker_url)
    try:
        held = client.zrange(UNACKED_INDEX, 0, -1, withscores=True)
        return {"queued": client.llen("celery"), "unacked": len(held),
                "unacked_age_s": [round(time.time() - score, 1) for _tag, score in held]}
    finally:
        client.close()


def killed_at_checkpoint(worker, checkpoint: str, broker_url: str, wait_until) -> None:
    """Wait for the armed worker to SIGKILL itself at ``checkpoint`` with its task still unacknowledged."""
    try:
        wait_until(lambda: worker.proc.poll() is not None, KILL_TIMEOUT,
                   message=f"the worker to SIGKILL itself at {checkpoint}")
    except pytest.fail.Exception as exc:
        pytest.fail(f"{exc}\nbroker: {broker_state(broker_url)}\nworker log:\n{worker.log()[-3000:]}", pytrace=False)
    state = broker_state(broker_url)
    assert state["unacked"] >= 1, f"the killed worker's task is not held unacknowledged in Redis: {state}"


def wait_for_redelivery_due(broker_url: str, wait_until) -> float:
    """Wait until Redis may hand out again every task the killed worker held; returns the seconds waited.

    kombu restores the unacknowledged tasks older than the visibility timeout when a worker starts polling,
    and after that only on every 10th pass of a 10 s timer (about every 100 s). A worker restarted before
    the timeout has passed therefore leaves the task stranded for over a minute; how soon a restart comes
    depends on the machine's load, which made these tests time out in CI. A real restart (systemd,
    Kubernetes) comes after a backoff, and production's timeout (an hour) is longer still.
    """
    started = time.monotonic()
    client = _redis(broker_url)
    try:
        ages = [score for _tag, score in client.zrange(UNACKED_INDEX, 0, -1, withscores=True)]
    finally:
        client.close()
    # Both this process and the worker stamp with the same clock (time.time()); half a second of margin.
    due = max(ages, default=0) + VISIBILITY_TIMEOUT + 0.5
    wait_until(lambda: time.time() >= due, VISIBILITY_TIMEOUT + 5, interval=0.1,
               message="the killed worker's task to pass the broker's visibility timeout")
    return time.monotonic() - started


def wait_for_restarted_worker(worker, predicate, broker_url: str, wait_until, *, message: str) -> float:
    """Wait for the restarted worker to finish the work; on timeout say what Redis holds and what the worker did."""
    started = time.monotonic()
    try:
        wait_until(predicate, FINISH_TIMEOUT, message=message)
    except pytest.fail.Exception as exc:
        pytest.fail(f"{exc}\nbroker: {broker_state(broker_url)}\nrestarted worker log:\n{worker.log()[-3000:]}",
                    pytrace=False)
    return time.monotonic() - started


def duplicates(queryset, *fields: str) -> int:
    """Rows beyond the first for each value of ``fields`` (0 when every value occurs once)."""
    groups = queryset.order_by().values(*fields).annotate(n=Count("pk")).filter(n__gt=1)
    return sum(group["n"] - 1 for group in groups)


def report(capsys, what: str, **figures) -> None:
    """Print the figures to the terminal even when pytest captures output (they belong in the CI log)."""
    line = f"FAULT {what}: " + ", ".join(f"{name}={value}" for name, value in figures.items())
    with capsys.disabled():
        print(f"\n{line}")
