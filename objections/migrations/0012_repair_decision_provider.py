"""A 双公示 decision's repair application keeps the decision's department (决定机关) as its provider, as a
record's application keeps the record's provider (0011): the repair list's unit filter reads that column, and
before this a department filtering by its own unit did not see the applications on its own decisions."""
from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Repair = apps.get_model("objections", "Repair")
    Decision = apps.get_model("decisions", "Decision")
    department = Decision.objects.filter(pk=OuterRef("decision_id")).values("department_id")[:1]
    Repair.objects.filter(decision__isnull=False, provider__isnull=True).update(provider_id=Subquery(department))


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0009_public_act_order_index'),
        ('objections', '0011_repair_subject'),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
