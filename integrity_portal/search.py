"""Chinese text search that an index serves for terms of any length (issue 18).

The lists search with ``icontains``: on PostgreSQL ``UPPER(col::text) LIKE UPPER('%term%')``. pg_trgm's index
(integrity_portal/pg.py) narrows only terms of three characters or more, and Chinese users search with one or
two: 补贴, 拖欠, 工程. So each searched table also has a ``search_ngrams`` column (PostgreSQL only, not a model
field) that a trigger keeps: every character and every pair of adjacent characters of its searched columns,
upper-cased, as the lexemes of a ``tsvector``, under a GIN index. A term becomes a ``tsquery`` in the database
(``portal_ngram_query``): its one character, or the AND of its pairs.

What a search returns is exactly what ``icontains`` returns:
- one or two characters: the row holds that character or that pair in one of its columns, which is what
  ``LIKE`` asks. The columns are joined by U+001F, which no term contains (a term with it searches by LIKE);
- three characters or more: ``LIKE`` itself, which pg_trgm's GIN index on ``UPPER(column)`` serves (every
  searched column has one). The pairs were tried first: every pair present is necessary but not sufficient,
  and PostgreSQL, estimating the pairs as independent, expected a handful of rows where a common phrase
  (扬尘污染防治) matched 33,000, and sorted them all (0.4 s on 1M records); LIKE's estimate comes from the
  column's statistics and the planner walks the list's order index instead;
- a search over only some of a table's columns (or on SQLite, the embedded default) is ``LIKE`` alone.
``tests/portal/test_chinese_search.py`` compares both on PostgreSQL.

The database computes the grams on both sides (``upper`` of the same server), so Python never has to agree
with PostgreSQL's case mapping. The SQL functions and triggers are created by ``AddSearchNgrams`` in the
migrations; ``SEARCH_COLUMNS`` below names, for each model, the columns its trigger covers (a test checks
them against the database).
"""
import re
from functools import reduce
from operator import or_

from django.db import NotSupportedError, connection
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, Expression, F, Field, ForeignObject, Lookup, Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan

COLUMN = "search_ngrams"
SEPARATOR = "\x1f"
#: The bench turns this off to time the same page with plain LIKE (the baseline); nothing else changes it.
NGRAMS = True

#: model label → the fields its ``search_ngrams`` column covers (kept by the trigger the migrations create).
SEARCH_COLUMNS = {
    "records.creditrecord": ("title", "decision_number"),
    "records.civilservant": ("name",),
    "commitments.commitment": ("title", "content", "counterparty_name"),
    "disputes.disputeclue": ("description", "body_name"),
    "decisions.decision": ("subject_name", "document_number"),
    "decisions.subject": ("name",),
}

FUNCTIONS_SQL = r"""
CREATE OR REPLACE FUNCTION portal_ngram_quote(g text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT '''' || replace(replace(g, '\', '\\'), '''', '''''') || '''' $$;
CREATE OR REPLACE FUNCTION portal_ngrams(t text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(array_to_tsvector(array_agg(DISTINCT g)), ''::tsvector) FROM (
        SELECT substr(u, i, 1) AS g FROM (SELECT upper(t) AS u) s, generate_series(1, char_length(u)) i
        UNION ALL
        SELECT substr(u, i, 2) FROM (SELECT upper(t) AS u) s, generate_series(1, char_length(u) - 1) i
    ) grams $$;
CREATE OR REPLACE FUNCTION portal_ngram_query(t text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(u) = 1 THEN portal_ngram_quote(u)::tsquery
                WHEN char_length(u) > 1 THEN (
                    SELECT string_agg(DISTINCT portal_ngram_quote(substr(u, i, 2)), ' & ')
                    FROM generate_series(1, char_length(u) - 1) i)::tsquery
           END
    FROM (SELECT upper(t) AS u) s $$;
"""


class NgramMatch(Expression):
    """``<alias>.search_ngrams @@ portal_ngram_query(term)``, the alias being the table of ``anchor``'s column."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, term: str, anchor: str):
        super().__init__()
        # Resolved like any source expression: F → the column, and a column stays itself when the query is
        # resolved again as a subquery of another (``record__in=CreditRecord.objects.filter(…)``).
        self.term, self.column = term, F(anchor)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(self.column.alias)
        return f"{alias}.{connection.ops.quote_name(COLUMN)} @@ portal_ngram_query(%s)", [self.term]


def contains(model, term: str, fields: tuple[str, ...] | list[str], *, path: str = "") -> Q:
    """Rows of ``model`` (reached through ``path``, e.g. ``"record__"``) where one of ``fields`` contains ``term``,
    case-insensitively: ``icontains`` on each field, served by the n-gram index on PostgreSQL."""
    like = reduce(or_, (Q(**{f"{path}{name}__icontains": term}) for name in fields))
    covered = SEARCH_COLUMNS.get(model._meta.label_lower, ())
    if not NGRAMS or connection.vendor != "postgresql" or not term or SEPARATOR in term or not set(fields) <= set(covered):
        return like
    if len(term) > 2 or set(fields) != set(covered):
        return like  # three characters or more: pg_trgm's index serves LIKE (see above)
    return Q(NgramMatch(term, f"{path}{fields[0]}"))


#: A document number's year in brackets, as typed: 〔2025〕, [2025], （2023）, (2023).
NUMBER_YEAR = re.compile(r"[〔\[（(]\d{4}[〕\]）)]")


def number_match(field: str, term: str) -> Q | None:
    """``field icontains term`` for a document number typed with its year in brackets (松监处〔2025〕2264号), asked of
    pg_trgm's index without the year: the year's trigrams (〔20, 202, 025, 25〕) are in most numbers, and reading
    their posting lists was most of the look-up (33 ms on 3M records; 9 ms for the office part and the serial
    part, 松监处 and 〕2264号; issue 18). Both parts need a trigram (three characters). The whole term is then
    checked on the rows found (``strpos``: LIKE's test, wildcards being literal in both), so the rows are LIKE's.
    None when the term has no such year or parts: the plain LIKE is then as good."""
    year = NUMBER_YEAR.search(term)
    if connection.vendor != "postgresql" or not year:
        return None
    office, serial = term[:year.start()], term[year.end() - 1:]  # the serial keeps the year's closing bracket
    if len(office) < 3 or len(serial) < 3:
        return None
    return (Q(**{f"{field}__icontains": office}) & Q(**{f"{field}__icontains": serial})
            & Q(GreaterThan(StrIndex(Upper(field), Upper(Value(term))), 0)))


#: Up to this many ids go into the statement as a list (each branch of an OR keeps its index); beyond it, as a
#: subquery (PostgreSQL takes at most 65,535 parameters in a statement).
ID_LIST_LIMIT = 10_000


def ids_in(field: str, ids) -> Q:
    """``field IN ids`` for a ``values_list`` of ids looked up first (units or servants whose name matched)."""
    found = list(ids[:ID_LIST_LIMIT + 1])
    return id_list(field, found) if len(found) <= ID_LIST_LIMIT else Q(**{f"{field}__in": ids})


def id_list(field: str, ids: list) -> Q:
    """``field`` is one of ``ids`` (a list in memory). On PostgreSQL the list goes as one array parameter
    (``= ANY(%s)``, the ``any_of`` lookup): Django's ``__in`` writes a parameter per id, and for the 9,086 records
    objected to that match 建设 adapting and sending them took 126 ms where the statement runs in 2 ms (issue 18).
    The plan is the same: PostgreSQL reads an IN list as ``= ANY`` of its constants."""
    if not ids or connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    return Q(**{f"{field}__any_of": ids})


class AnyOf(Lookup):
    """``field = ANY(%s)`` with a list of values as one parameter (see :func:`id_list`; PostgreSQL only)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        prep = self.lhs.output_field.get_prep_value
        return [prep(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            raise NotSupportedError("any_of is for PostgreSQL; use id_list(), which writes IN elsewhere")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # The column's own type: an int4[] against a bigint column is a cross-type comparison, which PostgreSQL
        # does not hash, so a walk tested every row against the whole list (a unit's 1,000 servants: 9 → 166 ms).
        return f"{lhs} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", (*lhs_params, list(self.rhs))


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a relation's lookups stop at ForeignObject, not Field


def trigger_sql(table: str, columns: list[str], quote) -> list[str]:
    """The statements that add ``table.search_ngrams``, the trigger that keeps it (on insert, and on an update
    that sets a searched column: a status change does not recompute it), fill it and index it."""
    joined = " || E'\\x1f' || ".join(f"coalesce(NEW.{quote(c)}::text, '')" for c in columns)
    function, trigger, index = f"{table}_ngrams_fn", f"{table}_ngrams_trg", f"{table}_ngrams_idx"
    rows = " || E'\\x1f' || ".join(f"coalesce({quote(c)}::text, '')" for c in columns)
    return [
        f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS {quote(COLUMN)} tsvector",
        f"CREATE OR REPLACE FUNCTION {quote(function)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"NEW.{quote(COLUMN)} := portal_ngrams({joined}); RETURN NEW; END $$",
        f"DROP TRIGGER IF EXISTS {quote(trigger)} ON {quote(table)}",
        f"CREATE TRIGGER {quote(trigger)} BEFORE INSERT OR UPDATE OF {', '.join(quote(c) for c in columns)} "
        f"ON {quote(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {quote(function)}()",
        f"UPDATE {quote(table)} SET {quote(COLUMN)} = portal_ngrams({rows})",  # noqa: S608 - names from the model
        f"CREATE INDEX IF NOT EXISTS {quote(index)} ON {quote(table)} USING gin ({quote(COLUMN)})",
    ]


class AddSearchNgrams(Operation):
    """Adds ``search_ngrams``, its trigger and GIN index to a model's table on PostgreSQL; nothing elsewhere.

    The fields are written into the migration (frozen), not read from ``SEARCH_COLUMNS``; the migration state
    does not change (the column is not a model field, so Django never reads or writes it)."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name: str, fields: list[str]):
        self.model_name, self.fields = model_name, list(fields)

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "fields": self.fields}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        columns = [model._meta.get_field(name).column for name in self.fields]
        schema_editor.execute(FUNCTIONS_SQL)
        for statement in trigger_sql(model._meta.db_table, columns, schema_editor.quote_name):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = from_state.apps.get_model(app_label, self.model_name)._meta.db_table
        quote = schema_editor.quote_name
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(table + '_ngrams_trg')} ON {quote(table)}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {quote(table + '_ngrams_fn')}()")
        schema_editor.execute(f"ALTER TABLE {quote(table)} DROP COLUMN IF EXISTS {quote(COLUMN)}")

    def describe(self):
        return f"Chinese n-gram search column on {self.model_name} ({', '.join(self.fields)}; PostgreSQL only)"


class SearchStatistics(Operation):
    """Keeps more of ``search_ngrams``' most common lexemes in the planner's statistics (PostgreSQL only).

    With the default target (100) the planner knows ~1,000 lexemes and estimates every other pair at half the
    rarest known one's frequency: 3,600 rows of 1M for 与鹏, which has 301. A list ordered by date with LIMIT 50
    then walks the order index expecting an early stop, and read 134,000 records (0.39 s) instead of fetching
    the 301 through the GIN index (2 ms). At 1,000 the estimate is close for the pairs people type, and common
    words (工程, 191,000 rows) keep the walk, which is right for them."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name: str, target: int):
        self.model_name, self.target = model_name, target

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "target": self.target}

    def state_forwards(self, app_label, state):
        pass

    def _set(self, app_label, schema_editor, state, target: int) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(state.apps.get_model(app_label, self.model_name)._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {COLUMN} SET STATISTICS {int(target)}")
        schema_editor.execute(f"ANALYZE {table} ({COLUMN})")

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._set(app_label, schema_editor, to_state, self.target)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._set(app_label, schema_editor, from_state, -1)

    def describe(self):
        return f"Statistics target {self.target} for {self.model_name}'s n-gram column (PostgreSQL only)"
