from django.db import migrations

from accounts.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("records", "0001_initial"),
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("axes", "0009_add_session_hash"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
