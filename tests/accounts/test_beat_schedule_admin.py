"""The beat schedule in the admin: when the portal's scheduled work runs is configuration, so the office's changes
of it are configuration changes (who, when, old → new, why), never silent. Beat's own admin saved them without a
trace, and its bulk enable / disable / toggle actions updated the rows without a save."""
from unittest.mock import patch

import pytest
from django.contrib import messages
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from kombu.exceptions import OperationalError

from accounts.choices import ConfigAction
from accounts.models import AuditEntry, ConfigurationChange
from integrity_portal.celery import app as celery_app
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


@pytest.fixture
def broker():
    """The test settings' broker (in memory, or Redis where the fault tests give one): what it holds for the
    default queue, emptied before and after."""
    def sent() -> list[str]:
        names = []
        with celery_app.connection_for_read() as connection:
            queue = connection.SimpleQueue(celery_app.conf.task_default_queue)
            while True:
                try:
                    message = queue.get(timeout=0.2)
                except queue.Empty:
                    break
                names.append(message.headers["periodic_task_name"])
                message.ack()
            queue.close()
        return names

    sent()
    yield sent
    sent()


def run_now(client, *jobs):
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    return client.post(url, {"action": "run_tasks", "_selected_action": [job.pk for job in jobs]}, follow=True)


def test_running_a_job_now_sends_it_and_leaves_an_audit_row_per_job(cast, client, broker):
    job = PeriodicTask.objects.get(task="notifications.sweep_outbox")
    client.force_login(cast.office)
    response = run_now(client, job)
    assert response.status_code == 200
    assert broker() == [job.name]
    entry = AuditEntry.objects.get(action="periodic_task_run")
    assert (entry.actor, entry.object_id, entry.changes) == (cast.office, str(job.pk),
                                                             {"task": "notifications.sweep_outbox"})


def test_a_job_that_could_not_be_sent_is_named_and_not_recorded_as_run(cast, client, broker):
    sent_job, lost_job = PeriodicTask.objects.get(task="notifications.sweep_outbox"), the_clocks_job()
    send = celery_app.send_task

    def broker_refuses_the_clocks(name, *args, **kwargs):  # the broker went down before the second send
        if name == CLOCKS_JOB:
            raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")
        return send(name, *args, **kwargs)

    client.force_login(cast.office)
    with patch.object(celery_app, "send_task", side_effect=broker_refuses_the_clocks):
        response = run_now(client, sent_job, lost_job)
    assert response.status_code == 200
    assert broker() == [sent_job.name]
    assert [entry.object_id for entry in AuditEntry.objects.filter(action="periodic_task_run")] == [str(sent_job.pk)]
    errors = [str(m) for m in response.context["messages"] if m.level == messages.ERROR]
    assert len(errors) == 1 and lost_job.name in errors[0] and sent_job.name not in errors[0], errors
    successes = [str(m) for m in response.context["messages"] if m.level == messages.SUCCESS]
    assert len(successes) == 1 and sent_job.name in successes[0] and lost_job.name not in successes[0], successes


def test_when_nothing_could_be_sent_nothing_is_recorded(cast, client, broker):
    client.force_login(cast.office)
    with patch.object(celery_app, "send_task", side_effect=OperationalError("Connection refused.")):
        response = run_now(client, the_clocks_job())
    assert response.status_code == 200 and broker() == []
    assert not AuditEntry.objects.filter(action="periodic_task_run").exists()
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]
