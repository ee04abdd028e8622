import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from workdays import tasks

pytestmark = pytest.mark.django_db


def test_beat_schedules_both_jobs():
    scheduled = dict(PeriodicTask.objects.filter(task__startswith="workdays.").values_list("task", "crontab__hour"))
    assert scheduled == {"workdays.advance_clocks": "1", "workdays.warn_missing_calendar_year": "8"}


def test_the_tasks_call_the_services(people, monkeypatch):
    monkeypatch.setattr("workdays.services._today", lambda: datetime.date(2026, 10, 5))
    assert tasks.advance_clocks() == {"clocks": 0, "transitions": 0, "reminders": 0}
    assert tasks.warn_missing_calendar_year() == 1
