"""Helpers of the fault tests: a worker started with a fault checkpoint armed, row counts, figures."""
from __future__ import annotations

import os

from django.db.models import Count

# The fault tests' broker and claim timings: a task a killed worker held is handed out again
# after 3 s (kombu looks every 10 s), and an outbox claim lapses after 3 s.
FAULT_ENV = {"CELERY_VISIBILITY_TIMEOUT": "3", "OUTBOX_LOCK_SECONDS": "3"}


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


def duplicates(queryset, *fields: str) -> int:
    """Rows beyond the first for each value of ``fields`` (0 when every value occurs once)."""
    groups = queryset.order_by().values(*fields).annotate(n=Count("pk")).filter(n__gt=1)
    return sum(group["n"] - 1 for group in groups)


def report(capsys, what: str, **figures) -> None:
    """Print the figures to the terminal even when pytest captures output (they belong in the CI log)."""
    line = f"FAULT {what}: " + ", ".join(f"{name}={value}" for name, value in figures.items())
    with capsys.disabled():
        print(f"\n{line}")
