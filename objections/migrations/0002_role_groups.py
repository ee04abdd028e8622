from django.db import migrations

from accounts.roles import sync_role_groups


class Migration(migrations.Migration):
    """Give the office group its permissions on this app's models (accounts.roles.ROLE_PERMISSIONS)."""

    dependencies = [
        ("objections", "0001_initial"),
        ("accounts", "0003_role_groups"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
