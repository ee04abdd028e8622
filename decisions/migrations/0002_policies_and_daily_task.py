from django.db import migrations

from decisions.policies import seed_decision_policies

TASK_NAME = "decisions: close publication windows past 公示截止期"


def create_periodic_task(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="0", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai")
    PeriodicTask.objects.get_or_create(name=TASK_NAME, defaults={"task": "decisions.expire_windows",
                                                                 "crontab": crontab, "enabled": True})


def remove_periodic_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("workdays", "0005_search_and_filter_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(seed_decision_policies, migrations.RunPython.noop),
        migrations.RunPython(create_periodic_task, remove_periodic_task),
    ]
