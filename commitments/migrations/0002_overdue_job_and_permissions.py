"""The daily overdue-milestone job (a Celery beat row) and the office's admin permissions."""
from django.db import migrations

from accounts.roles import sync_role_groups

OVERDUE_TASK = "commitments: mark overdue milestones"


def create_periodic_task(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="15", hour="1", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone="Asia/Shanghai")
    PeriodicTask.objects.get_or_create(name=OVERDUE_TASK, defaults={
        "task": "commitments.mark_overdue_milestones", "crontab": crontab, "enabled": True})


def remove_periodic_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=OVERDUE_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("accounts", "0003_role_groups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(create_periodic_task, remove_periodic_task),
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
    ]
