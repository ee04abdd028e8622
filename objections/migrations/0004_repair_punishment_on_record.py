from django.db import migrations


def copy_decisions(apps, schema_editor):
    """The repair decision (unchanged / lighter / waived) now lives on the record, where records.effects weighs it."""
    Repair = apps.get_model("objections", "Repair")
    CreditRecord = apps.get_model("records", "CreditRecord")
    for record_id, punishment in Repair.objects.filter(state="approved").values_list("record_id", "punishment"):
        CreditRecord.objects.filter(pk=record_id).update(repair_punishment=punishment or "unchanged")


class Migration(migrations.Migration):
    dependencies = [("objections", "0003_search_and_filter_indexes"), ("records", "0012_rules_effects")]

    operations = [migrations.RunPython(copy_decisions, migrations.RunPython.noop)]
