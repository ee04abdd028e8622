from django.db import migrations

from accounts.roles import sync_role_groups

SEED = "《莱芜区政务诚信建设工作实施方案》"
# (key, name, value, unit, start_event, applies_to, legal_basis)
POLICIES = [
    ("evaluation_reply_window", "考核结果反馈期", 5, "working_days", "考核结果计算完成", "政务诚信考核评价结果",
     f"{SEED}第二条；区信用办考核工作规则：结果公布前向被考核单位反馈"),
    ("work_task_work_plan", "督办任务：报送工作方案", 20, "working_days", "任务下达", "督办任务（工作方案）",
     f"{SEED}第二十条：研究制定工作方案或实施办法"),
    ("work_task_rectification_report", "督办任务：报送整改报告", 30, "working_days", "任务下达",
     "督办任务（整改报告）", f"{SEED}第六条、第二十条"),
    ("work_task_figures", "督办任务：报送数据", 10, "working_days", "任务下达", "督办任务（数据报送）",
     f"{SEED}第二十条"),
    ("work_task_other", "督办任务：其他督办事项", 15, "working_days", "任务下达", "督办任务（其他）",
     f"{SEED}第二十条"),
]
SCHEDULE = ("evaluation: score the period that just ended", "evaluation.run_scheduled", 2)


def seed_policies(apps, schema_editor):
    Policy = apps.get_model("workdays", "Policy")
    for key, name, value, unit, start_event, applies_to, legal_basis in POLICIES:
        if not Policy.objects.filter(key=key, scope="").exists():
            Policy.objects.create(key=key, scope="", version=1, name=name, value=value, unit=unit,
                                  start_event=start_event, applies_to=applies_to, legal_basis=legal_basis,
                                  is_current=True)


def create_periodic_task(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, hour = SCHEDULE
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def remove_periodic_task(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SCHEDULE[0]).delete()


class Migration(migrations.Migration):
    """Default policies (reply window, work-task periods), the office/leader permissions, the beat entry."""

    dependencies = [
        ("evaluation", "0001_initial"),
        ("workdays", "0004_periodic_tasks"),
        ("accounts", "0003_role_groups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(seed_policies, migrations.RunPython.noop),
        migrations.RunPython(sync_role_groups, migrations.RunPython.noop),
        migrations.RunPython(create_periodic_task, remove_periodic_task),
    ]
