"""Every page of the beat schedule's admin is Chinese on a Chinese admin — the lists and the add and change pages
of the periodic tasks and of the four kinds of schedule. Beat's own words left in English there: the task list's
filter (以 Task Name) and column (Scheduler), the tasks on a schedule's page (Periodic Tasks Using This Schedule,
Task Name), a crontab's description (Human readable, At 12:30 AM) and its months' and days' help; and its Chinese
help read False / None / True. (The periodic task page's own titles: test_beat_admin_chinese.py.)"""
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from tests.accounts.test_beat_admin_chinese import CRON_IN_ENGLISH, shown_texts

pytestmark = pytest.mark.django_db

#: What the pages showed in English on the Chinese admin.
ENGLISH = ["Task Name", "Scheduler", "Periodic Tasks Using This Schedule", "Human readable", "Cron Months",
           "Cron Days Of The Week", '"all"', "False", "None", "True"]


def beat_pages(client):
    """Each beat admin's list, add page and change page, with a schedule of each kind in use by a task."""
    job = PeriodicTask.objects.get(task="workdays.advance_clocks")
    schedules = [ClockedSchedule.objects.create(clocked_time=timezone.now()),
                 SolarSchedule.objects.create(event="sunset", latitude=34.26, longitude=108.94),
                 IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES),
                 job.crontab]
    for kind, schedule in zip(("clocked", "solar", "interval"), schedules, strict=False):
        PeriodicTask.objects.create(name=f"test job on {schedule}", task="notifications.sweep_outbox",
                                    one_off=kind == "clocked", **{kind: schedule})
    for obj in (job, *schedules):
        name = obj._meta.model_name
        for url in (reverse(f"admin:django_celery_beat_{name}_changelist"),
                    reverse(f"admin:django_celery_beat_{name}_add"),
                    reverse(f"admin:django_celery_beat_{name}_change", args=[obj.pk])):
            response = client.get(url)
            assert response.status_code == 200, url
            yield url, response


def test_the_beat_admin_pages_have_no_english_on_the_chinese_admin(cast, client):
    client.force_login(cast.office)
    for url, response in beat_pages(client):
        # The timezones offered are the zone names themselves (Asia/Shanghai), not the admin's words.
        page = re.sub(r"<select.*?</select>", "", response.content.decode(), flags=re.S)
        texts = shown_texts(page)
        english = [text for text in texts if any(word in text for word in ENGLISH) or CRON_IN_ENGLISH.search(text)]
        assert not english, (url, english)
        if "schedule/" in url and not url.endswith("schedule/"):
            assert "使用此执行计划的定时任务" in texts, url
    assert "在 01:00 Asia/Shanghai" in texts  # the clocks job's crontab, described in Chinese


@pytest.mark.requires("msgfmt")
def test_the_english_admin_names_them_in_english(cast, client):
    client.force_login(cast.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    texts = set()
    for _url, response in beat_pages(client):
        texts |= set(shown_texts(response.content.decode()))
    assert {"Schedule", "Schedule in words", "Periodic tasks using this schedule", "Task",
            "Untick to disable the schedule."} <= texts
    assert "At 01:00 Asia/Shanghai" in texts
