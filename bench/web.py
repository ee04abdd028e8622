"""Public pages and the servant's file under concurrent clients against gunicorn (issue 18 item 6).

gunicorn runs with the worker count docs/operations.md documents (``BENCH_WORKERS``, default 4), sync workers, the
production settings (bench/settings.py); the load generator (bench/loadgen.py) keeps ``BENCH_CONCURRENCY``
clients (default 50) busy for ``BENCH_DURATION`` seconds per page. Each page is measured twice, with the public
page cache on (as deployed) and off (``PUBLIC_PAGE_CACHE_SECONDS=0``: every request renders, as for a
logged-in reader), against a bare view that runs one query and renders a small template under the same load.
"""
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(port: int, proc, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("bench: gunicorn exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("bench: gunicorn did not start")


class Gunicorn:
    def __init__(self, workers: int, **env):
        self.port, self.workers = _free_port(), workers
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT), **env}

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.proc = subprocess.Popen([str(gunicorn), "integrity_portal.wsgi:application", "--bind",
                                      f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--log-level",
                                      "warning", "--timeout", "60"], cwd=ROOT, env=self.env)
        _wait_up(self.port, self.proc)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _pages(servant_user):
    from django.db.models import Count

    from records.models import Unit

    unit = (Unit.objects.filter(commitments__publication_type="public").annotate(n=Count("commitments"))
            .order_by("-n").first())
    cookie = {"Cookie": _session_cookie(servant_user)}
    return [("public commitments list", "/commitments/", None, True),
            (f"public unit page ({unit.n} commitments)", f"/commitments/units/{unit.pk}/", None, True),
            ("public 双公示 list", "/decisions/", None, True),
            ("public disclosures list", "/disclosures/", None, True),
            ("servant's file (logged in)", "/workspace/me/", cookie, False)]


def bench_web(line, say, servant_user, duration: float, concurrency: int, workers: int) -> None:
    from bench.loadgen import run as load

    pages = _pages(servant_user)
    say(f"Under load: {concurrency} concurrent clients, gunicorn {workers} sync workers, {duration:.0f} s per page")
    for cache, env in (("cache on", {}), ("cache off", {"PUBLIC_PAGE_CACHE_SECONDS": "0"})):
        with Gunicorn(workers, **env) as base_url:
            for path in ["/__bench__/baseline/", *(p for _n, p, _h, _pub in pages)]:  # warm up every worker
                asyncio.run(load(base_url + path, duration=1.5, concurrency=concurrency,
                                 headers=next((h for _n, p, h, _pub in pages if p == path), None)))
            b = asyncio.run(load(base_url + "/__bench__/baseline/", duration=duration,
                                 concurrency=concurrency)).as_dict()
            for name, path, headers, public in pages:
                got = asyncio.run(load(base_url + path, duration=duration, concurrency=concurrency,
                                       headers=headers)).as_dict()
                ratio = got["rps"] / b["rps"] if b["rps"] else 0
                goal = public and cache == "cache on"
                line(f"{concurrency} clients, {cache}: {name}"[:44],
                     f"{got['rps']:.0f} req/s p95 {got['p95_ms']:.0f}ms err {got['errors']}",
                     f"bare view {b['rps']:.0f} req/s p95 {b['p95_ms']:.0f}ms", ratio,
                     "≥ 0.5×, 0 err" if goal else "info",
                     (ratio >= 0.5 and not got["errors"]) if goal else None)
                if got["errors"]:
                    say(f"  errors: {got['errors']} statuses {got['statuses']}")
