"""`make run`'s embedded defaults, run as make run runs them: dev settings, kombu's filesystem broker, SQLite.

Each test starts its own processes on a throw-away PORTAL_VAR_DIR (queue folder and database file).
"""
import os
import subprocess
import sys

import pytest

from bench import broker
from tests.test_settings_checks import PORTAL_ENV, ROOT

pytestmark = pytest.mark.slow


def embedded_env(var_dir) -> dict[str, str]:
    """The environment of `make run`: no Redis, no database URL, a var folder of the test's own."""
    env = {key: value for key, value in os.environ.items() if key not in PORTAL_ENV and key != "PORTAL_VAR_DIR"}
    env.update(DJANGO_SETTINGS_MODULE="integrity_portal.settings.dev", PORTAL_VAR_DIR=str(var_dir),
               PYTHONUNBUFFERED="1")
    return env


def run_python(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_filesystem_broker_worker_never_sits_out_a_poll_with_tasks_queued(tmp_path, wait_until):
    # Counted in the worker's own turns, not timed (its throughput is a row of make bench: bench/broker.py).
    # Before: acks wait for the blocking loop's next turn, and with a prefetch window of 1 × 2 processes each
    # drain_events(timeout=2.0) after the window filled got nothing and timed out with the folder still full:
    # 15 such polls for these 40 tasks (30 s), on a fast machine or a slow one.
    env = embedded_env(tmp_path)
    backlog = 40
    broker.publish(backlog, env)
    assert broker.queued(tmp_path) == backlog

    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        # The worker as scripts/run-dev.sh starts it, logging each drain_events timeout and what was queued then.
        worker = broker.start_worker(env, log, f"pytest-embedded-{os.getpid()}")
    try:
        def log_text():
            return log_path.read_text(errors="replace")

        def done():
            assert worker.poll() is None, log_text()
            return broker.succeeded(log_text()) == backlog

        wait_until(lambda: broker.is_ready(log_text()) or worker.poll() is not None, 90,
                   message="the worker to start")
        wait_until(done, 120, message=f"the worker to run {backlog} tasks")
        # The count is live: an idle worker's poll times out (with nothing queued) and is logged.
        wait_until(lambda: broker.WAITED_OUT in log_text(), 60, message="a logged drain_events timeout")
    finally:
        broker.stop_worker(worker)
    assert broker.waited_out_with_work(log_text()) == [], (
        f"the worker sat out whole 2 s polls with this many tasks still queued:\n{log_text()}")
    assert broker.queued(tmp_path) == 0
    # The exchange tables live in the var folder too, not in the checkout (kombu's default).
    assert (tmp_path / "celery-queue" / "control" / "celery.exchange").exists()


READ_THEN_WRITE = """
import threading, time, django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()
errors = []

def increment():
    # What a worker does with an outbox row: read it, then write, in one transaction.
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            (n,) = cursor.fetchone()
            time.sleep(0.3)
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()

threads = [threading.Thread(target=increment) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print("n", cursor.fetchone()[0])
    cursor.execute("PRAGMA journal_mode")
    print("journal", cursor.fetchone()[0])
print("errors", errors)
"""


def test_two_connections_reading_then_writing_the_sqlite_file_wait_for_each_other(tmp_path):
    # Before: both transactions read, then SQLite refused one's upgrade to a writer at once ("database is
    # locked", the 20 s timeout not applying): the worker log of make run showed ~20 such failed deliveries.
    result = run_python(READ_THEN_WRITE, embedded_env(tmp_path))
    assert "errors []" in result.stdout, result.stdout + result.stderr
    assert "n 2" in result.stdout, result.stdout  # serialised: neither increment lost
    assert "journal wal" in result.stdout, result.stdout
