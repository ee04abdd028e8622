"""Party-sanction effect periods (policies are data) and the daily expiry job."""
from django.db import migrations

PARTY = "《中国共产党纪律处分条例》第十条至第十三条"
# (key, name, months, applies_to)
POLICIES = [
    ("party_sanction_warning", "党内警告影响期", 12, "党纪处分：警告"),
    ("party_sanction_serious_warning", "党内严重警告影响期", 18, "党纪处分：严重警告"),
    ("party_sanction_removal_from_post", "撤销党内职务影响期", 24, "党纪处分：撤销党内职务"),
    ("party_sanction_probation", "留党察看影响期", 24, "党纪处分：留党察看"),
]
EXPIRY_TASK = "records: withdraw disclosures past their window"


def forwards(apps, schema_editor):
    Policy = apps.get_model("workdays", "Policy")
    for key, name, months, applies_to in POLICIES:
        if not Policy.objects.filter(key=key, scope="").exists():
            Policy.objects.create(key=key, scope="", version=1, name=name, value=months, unit="months",
                                  start_event="处分决定生效", applies_to=applies_to, legal_basis=PARTY, is_current=True)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="0", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone="Asia/Shanghai")
    PeriodicTask.objects.get_or_create(name=EXPIRY_TASK, defaults={"task": "records.expire_disclosures",
                                                                  "crontab": crontab, "enabled": True})


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=EXPIRY_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_cadrecheck_creditrecord_attachment_and_more"),
        ("workdays", "0004_periodic_tasks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
