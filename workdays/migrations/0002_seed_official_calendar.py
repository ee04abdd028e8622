from django.db import migrations

from workdays.defaults import seed_official_calendar


def seed(apps, schema_editor):
    seed_official_calendar(apps, schema_editor, first_year=2004, last_year=2026)


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarYear").objects.filter(year__range=(2004, 2026), revision=1).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
