from django.db import migrations

from workdays.defaults import seed_default_policies


class Migration(migrations.Migration):
    """Creates the default policies that are missing; a later default = one line in
    ``workdays/defaults.py`` plus a copy of this migration."""

    dependencies = [("workdays", "0002_seed_official_calendar")]

    operations = [migrations.RunPython(seed_default_policies, migrations.RunPython.noop)]
