"""PostgreSQL-only indexes for text search, and the migration operation that adds them (issue 10).

The list filters search with ``icontains``, which Django compiles on PostgreSQL to
``UPPER(column::text) LIKE UPPER('%…%')``: only a pg_trgm GIN index on that same expression serves it
(a plain index on the column does not). pg_trgm cuts Chinese text into trigrams too (the database's
ctype is C.UTF-8), but a search term needs three characters for the index to narrow anything: one or two
characters still match, by a scan.

The models declare the indexes (so ``makemigrations --check`` is clean everywhere); the migrations add
them with ``AddIndexOnPostgres``, which does nothing on SQLite — the embedded default and the test
database — where the expression index with a GIN operator class cannot exist.
"""
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.migrations.operations import AddIndex
from django.db.models import Index
from django.db.models.functions import Upper


def trigram_index(field: str, *, name: str) -> GinIndex:
    """A GIN index for ``<field>__icontains`` on PostgreSQL (needs the pg_trgm extension)."""
    return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)


def upper_index(field: str, *, name: str) -> Index:
    """A btree index for ``<field>__iexact`` (``UPPER(column) = UPPER(…)``); an ordinary index everywhere."""
    return Index(Upper(field), name=name)


class AddIndexOnPostgres(AddIndex):
    """``AddIndex`` that changes the schema on PostgreSQL only; the migration state changes everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"


def insert_rows(model, columns: list[str], rows: list[tuple], *, using: str = "default") -> None:
    """Insert ``rows`` (tuples of values for the fields whose ``attname`` is in ``columns``) as new rows of
    ``model``: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.

    For large write-once batches whose ids nobody reads back (an evaluation run's indicator rows): COPY skips
    the statement building and parameter binding that make ``bulk_create`` slow for thousands of wide rows,
    and plain tuples skip building a model instance per row. Values are what the field stores (``str``,
    ``int``, ``Decimal``, ``bool``, ``None``; Python data for a JSON field): text, number and boolean fields
    hand them to the driver as they are (their preparation is the identity on PostgreSQL); every other field
    prepares its value with ``get_db_prep_save``, as ``save()`` does. Fields not named take no value from
    here, so they must have a database default or be nullable (``bulk_create`` applies model defaults).
    """
    from django.db import connections

    connection = connections[using]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    chosen = [fields[name] for name in columns]
    if connection.vendor != "postgresql" or not rows:
        model.objects.using(using).bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows])
        return
    prepare = [None if isinstance(f, _AS_IS) else (lambda value, f=f: f.get_db_prep_save(value, connection))
               for f in chosen]
    converted = [(i, prep) for i, prep in enumerate(prepare) if prep is not None]
    names = ", ".join(connection.ops.quote_name(f.column) for f in chosen)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            if converted:
                row = list(row)
                for i, prep in converted:
                    row[i] = prep(row[i])
            copy.write_row(row)


# Fields whose value goes to psycopg unchanged (ForeignKey: its column holds the related row's id).
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.DecimalField, models.BooleanField,
          models.ForeignKey)
