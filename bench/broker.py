"""`make run`'s embedded broker (kombu's filesystem transport) draining a backlog on a real worker.

Shared by ``make bench`` (the throughput row, :func:`bench_broker`) and tests/test_embedded_defaults.py (which
counts, instead of timing, the polls the worker waited out while tasks were queued). Needs neither PostgreSQL,
Redis nor the bench dataset: each run has a throw-away ``PORTAL_VAR_DIR`` (queue folder, SQLite file) and the
dev settings, as ``make run`` has.

The filesystem transport has no event loop, so the worker runs Celery's blocking loop (``synloop``): each turn
acknowledges what finished, then calls ``drain_events(timeout=2.0)``, which returns after one message or, when
it gets none, raises ``socket.timeout`` after 2 s. While the prefetch window is full of unacknowledged messages
it gets none even with the queue folder full, so each window costs a whole 2 s turn (the defect fixed in
8b9805d: a window of 1 × 2 processes, about one task a second). The worker below is the one scripts/run-dev.sh
starts, with one line added to its log each time ``drain_events`` times out: how many messages the queue folder
held then. A timeout with messages queued is a poll the worker sat out with work waiting.
"""
import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASK = "celery.accumulate"  # built into Celery: no database, no portal code; what is measured is the loop

PUBLISH = """
import sys, django
django.setup()
from integrity_portal.celery import app
for i in range(int(sys.argv[1])):
    app.send_task("celery.accumulate", args=(i,))
"""

WAITED_OUT = "drain_events timed out;"
# `celery -A integrity_portal worker ...` with kombu's Transport.drain_events wrapped to log its timeouts.
WORKER = f"""
import os, socket, sys
from pathlib import Path
from kombu.transport import filesystem

queue = Path(os.environ["PORTAL_VAR_DIR"]) / "celery-queue"
drain_events = filesystem.Transport.drain_events

def drain_events_logged(self, connection, timeout=None):
    try:
        return drain_events(self, connection, timeout=timeout)
    except socket.timeout:
        print(f"{WAITED_OUT} {{len(list(queue.glob('*.msg')))}} queued", flush=True)
        raise

filesystem.Transport.drain_events = drain_events_logged
from celery.bin.celery import main
sys.argv[0] = "celery"
sys.exit(main())
"""
# The worker's arguments as scripts/run-dev.sh gives them (plus no gossip/mingle: one worker, quicker start).
WORKER_ARGS = ("-A", "integrity_portal", "worker", "-l", "info", "--concurrency", "2", "--without-gossip",
               "--without-mingle")

# What the outer environment (scripts/bench.sh, CI) may set that would take the worker off make run's defaults.
NOT_EMBEDDED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL", "REDIS_URL_FILE",
                "CELERY_BROKER_URL", "PORTAL_VAR_DIR", "DJANGO_ALLOW_ASYNC_UNSAFE")

LOG_TIME = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}): ", re.MULTILINE)


def embedded_env(var_dir, outer: dict[str, str] | None = None, drop=NOT_EMBEDDED) -> dict[str, str]:
    """The environment of `make run`: dev settings, no Redis, no database URL, ``var_dir`` as the var folder."""
    outer = os.environ if outer is None else outer
    env = {key: value for key, value in outer.items() if key not in drop and key != "PORTAL_VAR_DIR"}
    env.update(DJANGO_SETTINGS_MODULE="integrity_portal.settings.dev", PORTAL_VAR_DIR=str(var_dir),
               PYTHONUNBUFFERED="1")
    return env


def queued(var_dir) -> int:
    """Messages in the queue folder (the transport takes one out when it hands it to the worker)."""
    return len(list((Path(var_dir) / "celery-queue").glob("*.msg")))


def publish(backlog: int, env: dict[str, str]) -> None:
    """Queue ``backlog`` tasks, with no worker running."""
    result = subprocess.run([sys.executable, "-c", PUBLISH, str(backlog)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    if result.returncode:
        raise RuntimeError(f"publishing failed:\n{result.stdout}{result.stderr}")


def start_worker(env: dict[str, str], log, name: str, extra: tuple[str, ...] = ()) -> subprocess.Popen:
    """The worker as scripts/run-dev.sh starts it (plus ``extra`` arguments), its log and the timeout lines
    going to the file ``log``."""
    return subprocess.Popen([sys.executable, "-c", WORKER, *WORKER_ARGS, "-n", f"{name}@%h", *extra], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def stop_worker(worker: subprocess.Popen) -> None:
    """A warm shutdown (what it holds goes back to the folder), as make run's Ctrl-C."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def is_ready(log_text: str) -> bool:
    return " ready." in log_text


def succeeded(log_text: str) -> int:
    return len(re.findall(rf"Task {re.escape(TASK)}\[[^\]]+\] succeeded", log_text))


def waited_out_with_work(log_text: str) -> list[int]:
    """For each poll the worker sat out (drain_events timed out) while the queue folder held messages: how many."""
    return [n for n in map(int, re.findall(rf"{WAITED_OUT} (\d+) queued", log_text)) if n]


def drain_seconds(log_text: str) -> float:
    """From the worker's "ready." to its last task's "succeeded", by the worker's own log timestamps."""
    def stamp(line: str) -> datetime.datetime:
        return datetime.datetime.strptime(LOG_TIME.match(line).group(1), "%Y-%m-%d %H:%M:%S,%f")

    lines = log_text.splitlines()
    ready = next(line for line in lines if LOG_TIME.match(line) and is_ready(line))
    last = [line for line in lines if LOG_TIME.match(line) and succeeded(line)][-1]
    return (stamp(last) - stamp(ready)).total_seconds()


def drain(backlog: int, var_dir, timeout: float = 120, extra: tuple[str, ...] = ()) -> str:
    """Queue ``backlog`` tasks, start the worker, wait until it has run them all, stop it; the worker's log."""
    env = embedded_env(var_dir)
    publish(backlog, env)
    log_path = Path(var_dir) / "worker.log"
    with open(log_path, "wb") as log:
        worker = start_worker(env, log, f"bench-embedded-{os.getpid()}", extra)
    deadline = time.monotonic() + timeout
    try:
        while succeeded(log_path.read_text(errors="replace")) < backlog:
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker ran {succeeded(log_path.read_text(errors='replace'))} of {backlog} "
                                   f"tasks:\n{log_path.read_text(errors='replace')[-4000:]}")
            time.sleep(0.2)
    finally:
        stop_worker(worker)
    return log_path.read_text(errors="replace")


BROKER_GOAL_PER_S = 10  # 8b9805d: 40 in 30 s before (~1.3/s), 40 in well under a second after
BEFORE = ("--prefetch-multiplier", "1")  # the window before 8b9805d (Redis's): 1 × 2 processes


def _drained(backlog: int, extra: tuple[str, ...] = ()) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="bench-broker-") as var_dir:
        text = drain(backlog, var_dir, extra=extra)
    return drain_seconds(text), len(waited_out_with_work(text))


def bench_broker(line, say, backlog: int = 40, tries: int = 3) -> None:
    """The throughput of make run's worker on its embedded broker: ``backlog`` queued tasks drained, best of
    ``tries``, each on a fresh queue folder and worker. Baseline: the same with the prefetch window before
    8b9805d, once (~30 s; it shows what the figure reads with the defect)."""
    runs = [_drained(backlog) for _ in range(tries)]
    seconds = min(s for s, _w in runs)
    before, before_waits = _drained(backlog, BEFORE)
    rate = backlog / seconds if seconds > 0 else float("inf")
    line(f"embedded broker: {backlog} queued tasks drained", f"{seconds:.3f}s ({rate:,.0f} tasks/s)",
         f"prefetch 1: {before:.1f}s ({backlog / before:.1f}/s)", None, f"≥{BROKER_GOAL_PER_S}/s",
         rate >= BROKER_GOAL_PER_S)
    say(f"  by the worker's log timestamps, ready → last task succeeded; tries "
        f"{', '.join(f'{s:.3f}s' for s, _w in runs)}; polls sat out with tasks queued: "
        f"{', '.join(str(w) for _s, w in runs)} (prefetch 1: {before_waits})")
