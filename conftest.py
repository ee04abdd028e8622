"""Project-wide pytest plumbing: tests that need real programs and services.

A test that needs something Python cannot bring (Debian's chromium, pdftoppm, a
PostgreSQL server, a Redis server) says so with ``@pytest.mark.requires("chromium")``
or through the fixtures below. Where the program is absent such a test is SKIPPED;
with ``PORTAL_REQUIRE_ALL=1`` (CI's full stage sets it) every such skip is a FAILURE,
so a green CI run proves these tests really ran.

Fixtures:
- ``redis_server``: a private ``redis-server`` on a free loopback port (``.url``,
  ``.stop()``, ``.start()`` restarts it on the same port); killed at teardown.
- ``postgres_required``: skip/fail unless the test database is PostgreSQL.
- ``celery_worker_factory`` / ``celery_worker_process``: a real
  ``celery -A integrity_portal worker`` subprocess on the test database and a given
  broker URL, waited for until ready, stopped at teardown.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

pytest_plugins = ["tests.support.browser"]

# Playwright's sync API runs an event loop in the main thread; Django would then refuse
# ORM calls from the test body (SynchronousOnlyOperation). Tests are single-threaded.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
REQUIRE_ALL = os.environ.get("PORTAL_REQUIRE_ALL", "") not in ("", "0", "false", "no")
REQUIRE_PREFIX = "requires "

# Programs looked for at fixed Debian paths first, then on PATH.
_KNOWN_PATHS = {
    "chromium": ["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    "redis-server": ["/usr/bin/redis-server"],
    "pdftoppm": ["/usr/bin/pdftoppm"],
    "msgfmt": ["/usr/bin/msgfmt"],
}


def find_program(name: str) -> str | None:
    for candidate in _KNOWN_PATHS.get(name, []):
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(name)


def unavailable(reason: str):
    """Skip the current test, or fail it when PORTAL_REQUIRE_ALL=1."""
    message = f"{REQUIRE_PREFIX}{reason}"
    if REQUIRE_ALL:
        pytest.fail(f"PORTAL_REQUIRE_ALL=1 but {message}", pytrace=False)
    pytest.skip(message)


def _database_vendor() -> str:
    from django.db import connection

    return connection.vendor


def _service_available(name: str) -> tuple[bool, str]:
    if name in ("postgresql", "postgres"):
        vendor = _database_vendor()
        return vendor == "postgresql", f"a PostgreSQL test database (DATABASE_URL=postgres://…), have {vendor}"
    return find_program(name) is not None, f"the program {name!r}, not found"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Transactional tests (live server, real worker) flush the database when they end; that
    would wipe what the migrations seeded (role groups, calendar, policies, beat schedule)
    for every test after them. Serialized rollback restores it."""
    for item in items:
        fixtures = getattr(item, "fixturenames", [])
        marker = item.get_closest_marker("django_db")
        marker_transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        if not (marker_transactional or "transactional_db" in fixtures or "live_server" in fixtures):
            continue
        if "django_db_serialized_rollback" not in fixtures:
            fixtures.append("django_db_serialized_rollback")
        if marker is not None:
            kwargs = {**marker.kwargs, "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


_SEED: dict[str, str] = {}


@pytest.fixture(scope="session")
def _serialized_seed_data(django_db_setup, django_db_blocker):
    """Keep a copy of what the migrations seeded, taken before the first transactional test can flush it
    (tests before that one roll back their transactions). Asked for only by those tests, so a run that
    uses no database never builds one."""
    from django.db import connection

    with django_db_blocker.unblock():
        # Kept here, not only on the connection object: the live server may hand out another one.
        _SEED["contents"] = (getattr(connection, "_test_serialized_contents", None)
                             or connection.creation.serialize_db_to_string())


@pytest.fixture(autouse=True)
def _seeded_data_for_transactional_tests(request):
    """Belt and braces for the serialized rollback above: a transactional test must start with the
    data the migrations seeded; if an earlier test's flush left the tables empty, reload them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    if not transactional:
        yield
        return
    request.getfixturevalue("_serialized_seed_data")
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from workdays.models import CalendarYear, Policy

    contents = _SEED.get("contents")
    if contents and not (Policy.objects.exists() and CalendarYear.objects.exists()):
        from django.core.management import call_command

        # The earlier flush re-created content types and permissions (post_migrate): clear them first.
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(contents)
    yield


def pytest_configure(config):
    _compile_english_catalogue()
    # Every list page a test opens must page in a stable order (integrity_portal.paging.UnstableOrderWarning).
    config.addinivalue_line("filterwarnings", "error::integrity_portal.paging.UnstableOrderWarning")


def _compile_english_catalogue() -> None:
    """The .mo files are built, not committed: compile the English catalogue when the .po is newer, so pages
    asked for in English are English in tests too. Without gettext's msgfmt the UI stays Chinese, and the
    tests that read English text are marked ``requires("msgfmt")``."""
    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    msgfmt = find_program("msgfmt")
    if msgfmt and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)  # noqa: S603


def pytest_runtest_setup(item):
    for marker in item.iter_markers("requires"):
        for name in marker.args:
            ok, what = _service_available(name)
            if not ok:
                unavailable(what)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (REQUIRE_ALL and report.skipped):
        return
    if getattr(report, "wasxfail", None) is not None:
        return
    if not any(item.get_closest_marker(name) for name in ("requires", "browser", "integration")):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"PORTAL_REQUIRE_ALL=1: this test may not be skipped here ({reason})"


# --- helpers ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, interval: float = 0.2, message: str = "condition"):
    """Poll ``predicate`` until it returns a truthy value; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {message}", pytrace=False)
        time.sleep(interval)


def _stop_process(proc: subprocess.Popen | None, timeout: float = 15) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


# --- Redis ------------------------------------------------------------------------

class RedisServer:
    """A throw-away redis-server on 127.0.0.1 that a test may stop and restart."""

    def __init__(self, binary: str, port: int, workdir: Path):
        self.binary = binary
        self.port = port
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc: subprocess.Popen | None = None
        self.log_path = workdir / f"redis-{port}.log"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 15) -> None:
        if self.running:
            return
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no", "--dir", str(self.workdir)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while not self.ping():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}:\n{self.log_path.read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        _stop_process(self.proc)
        self.proc = None

    def __repr__(self):
        return f"<RedisServer {self.url} {'up' if self.running else 'down'}>"


@pytest.fixture
def redis_server(tmp_path_factory):
    binary = find_program("redis-server")
    if not binary:
        unavailable("the program 'redis-server' (Debian package redis-server), not found")
    server = RedisServer(binary, free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- PostgreSQL ---------------------------------------------------------------------

@pytest.fixture
def postgres_required():
    vendor = _database_vendor()
    if vendor != "postgresql":
        unavailable(f"a PostgreSQL test database (set DATABASE_URL=postgres://…); this run uses {vendor}")


def test_database_url() -> str:
    """A DATABASE_URL for the database this test run uses (the test database pytest-django made)."""
    from django.db import connection

    sd = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("only a PostgreSQL test database can be shared with another process")
    user = quote(sd.get("USER") or "", safe="")
    password = quote(sd.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = sd.get("HOST") or "127.0.0.1"
    port = sd.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{quote(sd['NAME'], safe='')}"


test_database_url.__test__ = False  # not a test, despite its name


# --- Celery worker ------------------------------------------------------------------

def celery_command() -> list[str]:
    sibling = Path(sys.executable).with_name("celery")
    if sibling.exists():
        return [str(sibling)]
    return [sys.executable, "-m", "celery"]


class CeleryWorker:
    """``celery -A integrity_portal worker`` as a real subprocess."""

    def __init__(self, broker_url: str, database_url: str, log_path: Path):
        self.broker_url = broker_url
        self.database_url = database_url
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.hostname = f"pytest-{os.getpid()}-{free_port()}@%h"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "DJANGO_SETTINGS_MODULE": "integrity_portal.settings.test",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "REDIS_URL": self.broker_url,
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self, timeout: float = 90) -> CeleryWorker:
        if self.proc is not None and self.proc.poll() is None:
            return self
        cmd = celery_command() + [
            "-A", "integrity_portal", "worker", "-P", "solo", "-c", "1", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "-l", "info", "-n", self.hostname,
        ]
        offset = len(self.log())
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while " ready." not in self.log()[offset:]:
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited with {self.proc.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"celery worker not ready after {timeout:.0f} s:\n{self.log()}")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        _stop_process(self.proc, timeout=20)

    def __repr__(self):
        return f"<CeleryWorker broker={self.broker_url} db={self.database_url}>"


@pytest.fixture
def celery_worker_factory(transactional_db, postgres_required, tmp_path):
    """Returns ``start(broker_url) -> CeleryWorker``; every worker started is stopped at teardown.

    The worker reads the test database pytest-django created (PostgreSQL only: the
    SQLite test database lives in this process's memory).
    """
    workers: list[CeleryWorker] = []

    def start(broker_url: str) -> CeleryWorker:
        worker = CeleryWorker(broker_url, test_database_url(), tmp_path / f"celery-worker-{len(workers)}.log")
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
    for worker in workers:
        if os.environ.get("PORTAL_SHOW_WORKER_LOG"):
            print(f"--- {worker.log_path}\n{worker.log()}")


@pytest.fixture
def celery_worker_process(celery_worker_factory, redis_server):
    """A worker consuming from ``redis_server``, already ready."""
    return celery_worker_factory(redis_server.url)


@pytest.fixture(name="wait_until")
def wait_until_fixture():
    """``wait_until(predicate, timeout, interval=0.2, message=...)``: poll, fail on timeout."""
    return wait_until
