"""Issue 18: the objection lists search the records objected to (``CreditRecord.objected``) through their own part of
the n-gram index. An objection has no text of its own: searching every record's index and then joining the 100,000
objections made PostgreSQL walk or hash one side whole to count a common word's matches (59,183 records thrown
away for 建设 on 1M records). The partial index holds only the records objected to, so the match is the answer.

The flag is filled from the objections already filed (when their table exists: on a new database this migration may
run first, and there are none); the index is PostgreSQL's (``search_ngrams`` exists only there)."""
from django.db import migrations, models

INDEX = "records_creditrecord_objected_ngrams_idx"


def fill_and_index(apps, schema_editor):
    connection = schema_editor.connection
    # The column as ALTER TABLE ADD COLUMN everywhere: Django's AddField rebuilds the table on SQLite, with every
    # index of the migration state, and the state has the trigram indexes SQLite cannot build (integrity_portal.pg).
    kind = "boolean" if connection.vendor == "postgresql" else "bool"
    schema_editor.execute(f"ALTER TABLE records_creditrecord ADD COLUMN objected {kind} NOT NULL DEFAULT FALSE")
    if "objections_objection" in connection.introspection.table_names():
        schema_editor.execute("UPDATE records_creditrecord SET objected = TRUE "
                              "WHERE id IN (SELECT record_id FROM objections_objection)")
    if connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON records_creditrecord "
                              "USING gin (search_ngrams) WHERE objected")
        schema_editor.execute("ANALYZE records_creditrecord")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("ALTER TABLE records_creditrecord DROP COLUMN objected")


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0020_public_window_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(
                model_name='creditrecord',
                name='objected',
                field=models.BooleanField(db_default=False, default=False, editable=False, verbose_name='曾提出异议'),
            )],
            database_operations=[migrations.RunPython(fill_and_index, drop_index, elidable=False)],
        ),
    ]
