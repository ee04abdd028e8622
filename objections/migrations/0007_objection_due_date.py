"""The objection keeps its answer clock's due date (issue 18): the column, the index the lists walk in their
order, and the copy of every existing clock's date."""
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill_due_date(apps, schema_editor):
    """Each objection's due date from its answer clock (objections without a clock keep NULL)."""
    Objection = apps.get_model("objections", "Objection")
    Clock = apps.get_model("workdays", "Clock")
    connection = schema_editor.connection if schema_editor is not None else None
    if connection is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # one join instead of a sub-select per row
            cursor.execute(
                f"UPDATE {Objection._meta.db_table} AS o SET due_date = c.due_date "
                f"FROM {Clock._meta.db_table} AS c WHERE o.clock_id = c.id"
            )
        return
    Objection.objects.filter(clock__isnull=False).update(
        due_date=Subquery(Clock.objects.filter(pk=OuterRef("clock_id")).values("due_date")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('objections', '0006_repair_of_a_decision'),
        ('workdays', '0006_rules_effects'),
    ]

    operations = [
        migrations.AddField(
            model_name='objection',
            name='due_date',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='答复截止日'),
        ),
        migrations.RunPython(backfill_due_date, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(fields=['due_date', '-filed_at', 'id'], name='objection_due_order_idx'),
        ),
    ]
