from django.db import migrations

from accounts.roles import sync_role_groups

TASK_NAME = "disputes: monthly clearance report of dispute clues"


def create_periodic_task(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="2", day_of_week="*", day_of_month="1", month_of_year="*", timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={"task": "disputes.build_monthly_clearance_report", "crontab": crontab, "enabled": True},
    )


def remove_periodic_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    """The office group's permissions on this app (accounts.roles.ROLE_PERMISSIONS) and the monthly beat job."""

    dependencies = [
        ("disputes", "0001_initial"),
        ("accounts", "0003_role_groups"),
        ("workdays", "0003_seed_default_policies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
        migrations.RunPython(create_periodic_task, remove_periodic_task),
    ]
