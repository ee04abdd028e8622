"""The indicator registry: each source computes one value per unit with ONE set-based query.

A source returns ``{unit_id: Result}`` for the units it has data about; the engine fills the rest with the
source's ``empty`` result. Nothing here loops over records in Python: grouping, counting and collecting the
references behind each value (``RefList``) happen in the database.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Aggregate, CharField, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext


@dataclass(frozen=True)
class Context:
    period_id: int
    start: datetime.date
    end: datetime.date
    as_of: datetime.date  # min(today, end): open items count as late only once past due by then
    unit_ids: tuple[int, ...]


@dataclass
class Result:
    value: Decimal | None = None
    detail: dict = field(default_factory=dict)
    evidence: str = ""
    held_out: str = ""
    note: str = ""
    applicable: bool = True
    full_marks: bool = False  # nothing to assess: full points, shown as such


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    app: str
    imported: bool
    unit: str  # what the value counts: "%", "项", "件"
    compute: Callable[[Context], dict[int, Result]]
    empty: Callable[[], Result]
    tables: tuple[str, ...] = ()
    explain: str = ""  # how the value is computed, for the methodology and drill-down pages

    # label, unit and explain are Chinese msgids (marked with gettext_noop where a source is registered): the
    # scheme copies ``explain`` into the database and runs store the notes, so they stay zh-hans there; a page
    # shows them in the active language through these.
    def shown_label(self) -> str:
        return gettext(self.label)

    def shown_unit(self) -> str:
        return gettext(self.unit)

    def shown_explain(self) -> str:
        return gettext(self.explain) if self.explain else ""

    def available(self) -> bool:
        return not self.tables or set(self.tables) <= _tables()


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.key] = source
    return source


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


class RefList(Aggregate):
    """Comma-separated references of the grouped rows (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(distinct)s%(expressions)s)"
    allow_distinct = True
    output_field = TextField()
    empty_result_set_value = ""

    def as_postgresql(self, compiler, connection, **extra_context):
        # A clone with its own template: Aggregate.as_sql passes ``template`` itself when a FILTER clause is
        # added, so handing it in as a keyword as well fails on PostgreSQL ("multiple values for 'template'").
        clone = self.copy()
        clone.function = "STRING_AGG"
        clone.template = "%(function)s(%(distinct)s%(expressions)s, ',')"
        return clone.as_sql(compiler, connection, **extra_context)


def ref(kind: str, pk: str = "pk", version: str | None = None):
    """``kind:id`` (or ``kind:id@version``) as a database expression."""
    parts = [Value(f"{kind}:"), Cast(pk, CharField())]
    if version:
        parts += [Value("@"), Cast(version, CharField())]
    return Concat(*parts, output_field=CharField())


def refs(text: str | None) -> list[str]:
    """The stored reference text as a sorted list (the database does not promise an order)."""
    items = [item for item in (text or "").split(",") if item]
    return sorted(items, key=_ref_sort_key)


def _ref_sort_key(item: str):
    kind, _, rest = item.partition(":")
    pk = rest.split("@", 1)[0]
    return (kind, int(pk) if pk.isdigit() else 0, rest)


def rate(on_time: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(on_time) * 100 / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def no_items(note: str) -> Callable[[], Result]:
    return lambda: Result(value=None, note=note, full_marks=True)


def not_reported(note: str) -> Callable[[], Result]:
    return lambda: Result(value=None, note=note, applicable=False)
