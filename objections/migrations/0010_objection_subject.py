"""The objection keeps its record's subject, the unit or the servant the record is about (issue 18): the columns
(each with its foreign-key index, which the unit filter's BitmapOr reads) and the copy for every existing
objection (batched UPDATE … FROM the record on PostgreSQL, as 0008 copied the provider and kind, with its code)."""
import importlib

import django.db.models.deletion
from django.db import migrations, models

copy_from_record = importlib.import_module("objections.migrations.0008_objection_provider_kind").copy_from_record


def backfill_subject(apps, schema_editor):
    """Each objection's subject unit and servant from its record."""
    copy_from_record(apps, schema_editor, {"subject_unit_id": "subject_unit_id",
                                           "subject_servant_id": "civil_servant_id"})


class Migration(migrations.Migration):

    dependencies = [
        ('objections', '0009_objection_due_after_filing'),
        ('records', '0018_public_order_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='objection',
            name='subject_servant',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='records.civilservant', verbose_name='主体公务员'),
        ),
        migrations.AddField(
            model_name='objection',
            name='subject_unit',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='records.unit', verbose_name='主体单位'),
        ),
        migrations.RunPython(backfill_subject, migrations.RunPython.noop, elidable=True),
    ]
