from django.db import migrations


def add_missing_postings(apps, schema_editor):
    """A servant entered before the postings history (or outside the services) gets one open posting in the
    current unit, from the day the servant was entered: records.effects finds the unit at the act by postings."""
    CivilServant = apps.get_model("records", "CivilServant")
    Posting = apps.get_model("records", "Posting")
    missing = CivilServant.objects.exclude(pk__in=Posting.objects.values("civil_servant_id"))
    Posting.objects.bulk_create([Posting(civil_servant_id=s.pk, unit_id=s.unit_id, post=s.post,
                                         start=s.created_at.date()) for s in missing.iterator()])


class Migration(migrations.Migration):
    dependencies = [("records", "0013_credit_check_log")]

    operations = [migrations.RunPython(add_missing_postings, migrations.RunPython.noop)]
