"""The beat schedule in the admin (django-celery-beat): when the portal's scheduled work runs — the nightly expiry of
disclosures and 双公示 windows, the deadline clocks and their reminders, the outbox, the ledger's seal. The office
keeps it here, and each change is a configuration change like any other (who, when, old → new, why; sealed by
the ledger). Beat's own admin saved the rows silently, and its enable / disable / toggle actions updated them in
bulk without even a save; switching off the clocks' job stopped every reminder and escalation with no trace.

So each of beat's admins gets ``AccountableAdmin``: a change of a task or a schedule that already exists needs a
reason (adding one is recorded too); the bulk actions that changed rows are gone (a task is switched off on its
own page, with the reason), and running a task now leaves an audit row per task.
"""
from django.contrib import admin
from django.db import transaction
from django_celery_beat import admin as beat
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from .admin import AccountableAdmin
from .services import audit_log


class _ChangesNeedAReason(AccountableAdmin):
    def reason_required(self, request, obj) -> bool:
        return obj.pk is not None


class PeriodicTaskAdmin(_ChangesNeedAReason, beat.PeriodicTaskAdmin):
    actions = ("run_tasks",)

    @admin.action(description=beat.PeriodicTaskAdmin.run_tasks.short_description)
    def run_tasks(self, request, queryset):
        with transaction.atomic():
            tasks = list(queryset)
            for task in tasks:
                audit_log(actor=request.user, action="periodic_task_run", subject=task,
                          changes={"task": task.task})
        return beat.PeriodicTaskAdmin.run_tasks(self, request, queryset.filter(pk__in=[t.pk for t in tasks]))


class ClockedScheduleAdmin(_ChangesNeedAReason, beat.ClockedScheduleAdmin):
    pass


class CrontabScheduleAdmin(_ChangesNeedAReason, beat.CrontabScheduleAdmin):
    pass


class SolarScheduleAdmin(_ChangesNeedAReason, beat.SolarScheduleAdmin):
    pass


class IntervalScheduleAdmin(_ChangesNeedAReason, beat.IntervalScheduleAdmin):
    pass


for model, model_admin in ((PeriodicTask, PeriodicTaskAdmin), (ClockedSchedule, ClockedScheduleAdmin),
                           (CrontabSchedule, CrontabScheduleAdmin), (SolarSchedule, SolarScheduleAdmin),
                           (IntervalSchedule, IntervalScheduleAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
