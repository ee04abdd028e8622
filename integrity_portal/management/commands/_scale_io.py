"""How ``generate_scale`` writes: COPY on PostgreSQL (batched ``bulk_create`` elsewhere), with a progress bar."""
import sys
import time

from django.db import connection


class Progress:
    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done, self.stream = label, max(total, 1), 0, stream or sys.stderr
        self.started, self.shown = time.monotonic(), -1
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, n: int = 1) -> None:
        self.done += n
        pct = self.done * 100 // self.total
        if pct != self.shown and self.tty:
            self.shown = pct
            self._draw(pct)

    def _draw(self, pct: int) -> None:
        bar = "#" * (pct // 4)
        self.stream.write(f"\r  {self.label:<12} [{bar:<25}] {pct:3d}% {self.done:>11,}/{self.total:,}")
        self.stream.flush()

    def close(self) -> None:
        if not self.tty:  # a log gets one line per table
            self._draw(self.done * 100 // self.total)
        self.stream.write(f"  {time.monotonic() - self.started:6.1f}s\n")
        self.stream.flush()


class Writer:
    """Writes dicts of ``attname → value`` for a model: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self, model, now):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            else:
                self.defaults[f.attname] = ""
        self.attnames = [f.attname for f in self.fields]
        self.json_at = [i for i, f in enumerate(self.fields) if f.get_internal_type() == "JSONField"]
        self.pg = connection.vendor == "postgresql"
        if self.pg:
            from psycopg.types.json import Jsonb

            self.jsonb = Jsonb
        self.buffer = []
        self._copy = None
        self._cm = None

    def __enter__(self):
        if self.pg:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            self._cursor = connection.cursor()
            self._cm = self._cursor.cursor.copy(
                f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({columns}) FROM STDIN")
            self._copy = self._cm.__enter__()
        return self

    def write(self, row: dict) -> None:
        values = self.defaults | row
        if self.pg:
            out = [values[name] for name in self.attnames]
            for i in self.json_at:
                out[i] = self.jsonb(out[i])
            self._copy.write_row(out)
        else:
            self.buffer.append(self.model(**{name: values[name] for name in self.attnames}))
            if len(self.buffer) >= 2000:
                self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.model.objects.bulk_create(self.buffer)
            self.buffer = []

    def __exit__(self, *exc):
        if self.pg:
            self._cm.__exit__(*exc)
            self._cursor.close()
        else:
            self.flush()


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"COALESCE((SELECT MAX(id) FROM {table}), 1))")
