"""Default rectification rules (data the office edits in the admin) and the daily punishment jobs."""
from django.db import migrations

# Clause 6: a dishonesty record against a unit → written explanation and rectification by a deadline.
RULES = [
    ("judgment_defaulter", "minor", "失信被执行人：一经列入即立案整改"),
    ("judicial_judgment", "general", ""),
    ("administrative_penalty", "general", "轻微处罚不公示，不立案"),
    ("procurement", "general", ""),
    ("ppp", "general", ""),
    ("investment_promotion", "general", ""),
    ("property_rights", "general", ""),
    ("air_pollution", "general", ""),
    ("approval_time_limit", "general", ""),
    ("statistics", "general", ""),
]
# (name, task, hour, minute)
JOBS = [
    ("records: restriction flags follow the defaulter listings", "records.sync_restriction_flags", "1", "0"),
    ("records: zero stock / zero increment snapshots", "records.refresh_zero_status", "1", "15"),
    ("records: fetch the court's defaulter list (when COURT_LIST_URL is set)", "records.fetch_court_list", "6", "0"),
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("records", "RectificationRule")
    for kind, severity, note in RULES:
        Rule.objects.get_or_create(kind=kind, defaults={"min_severity": severity, "note": note, "is_active": True})
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour, minute in JOBS:
        crontab, _ = CrontabSchedule.objects.get_or_create(minute=minute, hour=hour, day_of_week="*", day_of_month="*",
                                                           month_of_year="*", timezone="Asia/Shanghai")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[j[0] for j in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0006_punishment"),
        ("workdays", "0004_periodic_tasks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
