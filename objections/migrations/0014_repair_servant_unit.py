"""The repair application keeps its servant's current unit (issue 18): the column (with its foreign-key index, the
unit filter's third branch) and the copy for every existing application about a servant (one UPDATE … FROM the
servants)."""
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Repair = apps.get_model("objections", "Repair")
    CivilServant = apps.get_model("records", "CivilServant")
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the new key's check now, not at commit
            cursor.execute(
                f"UPDATE {Repair._meta.db_table} AS a SET subject_servant_unit_id = s.unit_id "
                f"FROM {CivilServant._meta.db_table} AS s WHERE a.subject_servant_id = s.id")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    servant = CivilServant.objects.filter(pk=OuterRef("subject_servant_id"))
    Repair.objects.filter(subject_servant__isnull=False).update(
        subject_servant_unit_id=Subquery(servant.values("unit_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('objections', '0013_open_indexes'),
        ('records', '0021_objected_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='repair',
            name='subject_servant_unit',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.unit', verbose_name='主体公务员现任单位'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
