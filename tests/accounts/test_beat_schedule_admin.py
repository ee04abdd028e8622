"""The beat schedule in the admin: when the portal's scheduled work runs is configuration, so the office's changes
of it are configuration changes (who, when, old → new, why), never silent. Beat's own admin saved them without a
trace, and its bulk enable / disable / toggle actions updated the rows without a save."""
import pytest
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.choices import ConfigAction
from accounts.models import AuditEntry, ConfigurationChange
from tests.support.admin import admin_form_data

pytestmark = pytest.mark.django_db

CLOCKS_JOB = "workdays.advance_clocks"


def the_clocks_job() -> PeriodicTask:
    return PeriodicTask.objects.get(task=CLOCKS_JOB)  # scheduled by the workdays migrations


def test_switching_off_a_scheduled_job_needs_a_reason_and_is_recorded(cast, client):
    job = the_clocks_job()
    assert job.enabled
    client.force_login(cast.office)
    url = reverse("admin:django_celery_beat_periodictask_change", args=[job.pk])
    page = client.get(url)
    assert page.status_code == 200

    refused = client.post(url, admin_form_data(page, enabled=""))  # unticked, no reason
    assert refused.status_code == 200
    assert "change_reason" in refused.context["adminform"].form.errors
    assert the_clocks_job().enabled and not ConfigurationChange.objects.filter(table="django_celery_beat.PeriodicTask")

    data = admin_form_data(page, change_reason="系统迁移期间暂停，迁移后恢复")
    data.pop("enabled", None)  # an unticked box is not sent
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else ""
    assert not the_clocks_job().enabled
    change = ConfigurationChange.objects.get(table="django_celery_beat.PeriodicTask")
    assert (change.action, change.actor, change.reason, change.via) == (
        ConfigAction.CHANGE, cast.office, "系统迁移期间暂停，迁移后恢复", "admin")
    assert (change.old["enabled"], change.new["enabled"]) == (True, False)


def test_a_schedule_change_moves_every_job_on_it_and_is_recorded_with_its_reason(cast, client):
    crontab = the_clocks_job().crontab
    client.force_login(cast.office)
    url = reverse("admin:django_celery_beat_crontabschedule_change", args=[crontab.pk])
    page = client.get(url)
    assert client.post(url, admin_form_data(page, hour="3")).status_code == 200  # no reason: refused
    assert CrontabSchedule.objects.get(pk=crontab.pk).hour == crontab.hour

    saved = client.post(url, admin_form_data(page, hour="3", change_reason="避开夜间备份"))
    assert saved.status_code == 302
    change = ConfigurationChange.objects.get(table="django_celery_beat.CrontabSchedule")
    assert (change.old["hour"], change.new["hour"], change.reason) == (crontab.hour, "3", "避开夜间备份")


def test_the_bulk_actions_that_changed_rows_silently_are_gone(cast, client):
    job = the_clocks_job()
    client.force_login(cast.office)
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    page = client.get(url)
    offered = {value for value, _label in page.context["action_form"].fields["action"].choices}
    assert offered == {"", "run_tasks"}
    for action in ("disable_tasks", "toggle_tasks"):
        client.post(url, {"action": action, "_selected_action": [job.pk]})
        assert the_clocks_job().enabled, action
    assert not ConfigurationChange.objects.filter(table="django_celery_beat.PeriodicTask").exists()


def test_running_a_job_now_leaves_an_audit_row_per_job(cast, client, settings):
    job = PeriodicTask.objects.get(task="notifications.sweep_outbox")
    client.force_login(cast.office)
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    response = client.post(url, {"action": "run_tasks", "_selected_action": [job.pk]})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="periodic_task_run")
    assert (entry.actor, entry.object_id, entry.changes) == (cast.office, str(job.pk),
                                                             {"task": "notifications.sweep_outbox"})
