"""The repair application keeps its record's provider and subject, as the objection does (issue 18): the columns
(each with its foreign-key index, which the unit filter's BitmapOr reads), the copy for every existing application
(one UPDATE … FROM the record), and the indexes of the list's order and of its filing-date filter."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Repair = apps.get_model("objections", "Repair")
    CreditRecord = apps.get_model("records", "CreditRecord")
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the new keys' checks now, not at commit
            cursor.execute(
                f"UPDATE {Repair._meta.db_table} AS a SET provider_id = r.provider_id, "
                f"subject_unit_id = r.subject_unit_id, subject_servant_id = r.civil_servant_id "
                f"FROM {CreditRecord._meta.db_table} AS r WHERE a.record_id = r.id")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    record = CreditRecord.objects.filter(pk=OuterRef("record_id"))
    Repair.objects.filter(record__isnull=False).update(
        **{column: Subquery(record.values(source)[:1]) for column, source in (
            ("provider_id", "provider_id"), ("subject_unit_id", "subject_unit_id"),
            ("subject_servant_id", "civil_servant_id"))})


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0009_public_act_order_index'),
        ('objections', '0010_objection_subject'),
        ('records', '0021_objected_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='repair',
            name='provider',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.unit', verbose_name='信息提供单位'),
        ),
        migrations.AddField(
            model_name='repair',
            name='subject_servant',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.civilservant', verbose_name='主体公务员'),
        ),
        migrations.AddField(
            model_name='repair',
            name='subject_unit',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.unit', verbose_name='主体单位'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='repair',
            index=models.Index(fields=['-filed_at', '-id'], name='repair_order_idx'),
        ),
        migrations.AddIndex(
            model_name='repair',
            index=models.Index(fields=['filed_on'], name='repair_filed_on_idx'),
        ),
    ]
