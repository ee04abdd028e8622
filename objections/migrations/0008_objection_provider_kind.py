"""The objection keeps its record's providing unit and kind (issue 18): the columns, the copy for every existing
objection (batched UPDATE … FROM the record on PostgreSQL) and the indexes the provider and kind filters and the
office's per-unit statistics read."""
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

BATCH = 20_000


def copy_from_record(apps, schema_editor, columns: dict[str, str]) -> None:
    """Each objection's ``columns`` (objection column → record column) from its record (0010 uses it too)."""
    Objection = apps.get_model("objections", "Objection")
    CreditRecord = apps.get_model("records", "CreditRecord")
    connection = schema_editor.connection if schema_editor is not None else None
    if connection is not None and connection.vendor == "postgresql":
        objections, records = Objection._meta.db_table, CreditRecord._meta.db_table
        assignments = ", ".join(f"{column} = r.{source}" for column, source in columns.items())
        with connection.cursor() as cursor:
            # The new foreign key's checks now, not at commit: pending checks would stop the ALTER TABLE below.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM {objections}")
            low, high = cursor.fetchone()
            for start in range(low, high + 1, BATCH):  # one join per batch instead of a sub-select per row
                cursor.execute(
                    f"UPDATE {objections} AS o SET {assignments} "
                    f"FROM {records} AS r WHERE o.record_id = r.id AND o.id >= %s AND o.id < %s",
                    [start, start + BATCH])
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    record = CreditRecord.objects.filter(pk=OuterRef("record_id"))
    Objection.objects.update(**{column: Subquery(record.values(source)[:1]) for column, source in columns.items()})


def backfill_provider_kind(apps, schema_editor):
    """Each objection's provider and kind from its record."""
    copy_from_record(apps, schema_editor, {"provider_id": "provider_id", "record_kind": "kind"})


class Migration(migrations.Migration):

    dependencies = [
        ('objections', '0007_objection_due_date'),
        ('records', '0018_public_order_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='objection',
            name='provider',
            field=models.ForeignKey(db_index=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='records.unit', verbose_name='信息提供单位'),
        ),
        migrations.AddField(
            model_name='objection',
            name='record_kind',
            field=models.CharField(default='', editable=False, max_length=32, verbose_name='记录类别'),
            preserve_default=False,
        ),
        migrations.RunPython(backfill_provider_kind, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='objection',
            name='provider',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='records.unit', verbose_name='信息提供单位'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(fields=['provider', 'due_date', '-filed_at', 'id'], name='objection_provider_due_idx'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(fields=['record_kind', 'due_date', '-filed_at', 'id'], name='objection_kind_due_idx'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(fields=['provider', 'state'], include=('answered_on_time', 'working_days_taken'),
                               name='objection_provider_stats_idx'),
        ),
    ]
