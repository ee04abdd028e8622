"""The beat schedule in the admin (django-celery-beat): when the portal's scheduled work runs — the nightly expiry of
disclosures and 双公示 windows, the deadline clocks and their reminders, the outbox, the ledger's seal. The office
keeps it here, and each change is a configuration change like any other (who, when, old → new, why; sealed by
the ledger). Beat's own admin saved the rows silently, and its enable / disable / toggle actions updated them in
bulk without even a save; switching off the clocks' job stopped every reminder and escalation with no trace.

So each of beat's admins gets ``AccountableAdmin``: a change of a task or a schedule that already exists needs a
reason (adding one is recorded too); the bulk actions that changed rows are gone (a task is switched off on its
own page, with the reason), and running a task now leaves an audit row per task that was sent (one the broker
refused is named to the office and not recorded as run).
"""
import logging

from cron_descriptor import (
    ExpressionDescriptor,
    FormatException,
    MissingFieldException,
    Options,
    WrongArgumentException,
)
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_celery_beat import admin as beat
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
    cronexp,
)
from kombu.utils.json import loads

from .admin import AccountableAdmin, ReadOnlyInline
from .services import audit_log

logger = logging.getLogger(__name__)


class _ChangesNeedAReason(AccountableAdmin):
    #: Help texts in Chinese for fields whose beat text is English, or Chinese that reads False / None / True.
    help_texts: dict = {}

    def reason_required(self, request, obj) -> bool:
        return obj.pk is not None

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, **{"help_texts": self.help_texts, **kwargs})


class _TaskFilter(admin.AllValuesFieldListFilter):
    """The list's filter by task, titled in Chinese (beat's field is named "Task Name", untranslated)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("任务")


class _PeriodicTaskInline(ReadOnlyInline, beat.PeriodicTaskInline):
    """The tasks on a schedule's page, titled in Chinese (beat's are English literals), read-only as every history
    inline is: a task is changed on its own page, with a reason."""

    fields = ("name", "task_name", "args", "kwargs")
    readonly_fields = fields
    verbose_name = verbose_name_plural = gettext_lazy("使用此执行计划的定时任务")

    @admin.display(description=gettext_lazy("任务"))
    def task_name(self, obj):
        return obj.task


class _ScheduleAdmin(_ChangesNeedAReason):
    inlines = [_PeriodicTaskInline]


def crontab_in_words(crontab: CrontabSchedule) -> str:
    """A crontab described in the page's language (在 01:00 Asia/Shanghai). Beat's ``human_readable`` asks
    cron-descriptor in the server's locale, so a Chinese page read "At 01:00 AM"; cron-descriptor has Chinese."""
    expression = " ".join(cronexp(value) for value in (crontab.minute, crontab.hour, crontab.day_of_month,
                                                        crontab.month_of_year, crontab.day_of_week))
    locale_code = "zh_CN" if get_language().lower().startswith("zh") else "en_US"
    try:
        words = ExpressionDescriptor(expression, Options(locale_code=locale_code, use_24hour_time_format=True))
        return f"{words.get_description()} {crontab.timezone}"
    except (FormatException, MissingFieldException, WrongArgumentException):
        return crontab.human_readable


class PeriodicTaskAdmin(_ChangesNeedAReason, beat.PeriodicTaskAdmin):
    actions = ("run_tasks",)
    # Beat's fieldsets, titled in Chinese: its zh_Hans catalogue lacks Schedule, Arguments and Execution Options.
    fieldsets = tuple((title, options) for title, (_beat_title, options) in zip(
        (None, gettext_lazy("执行计划"), gettext_lazy("参数"), gettext_lazy("执行选项")),
        beat.PeriodicTaskAdmin.fieldsets, strict=True))
    list_filter = ["enabled", "one_off", ("task", _TaskFilter), "start_time", "last_run_at"]
    help_texts = {
        "enabled": gettext_lazy("取消勾选即停用该定时任务。"),
        "last_run_at": gettext_lazy("最后一次触发任务执行的时间；停用任务时清空。"),
        "one_off": gettext_lazy("勾选后，该计划只运行任务一次。"),
    }
    # Beat's template with its "Translation:" label translated.
    change_form_template = "admin/django_celery_beat/periodictask/change_form.html"

    @admin.display(description=gettext_lazy("执行计划"))
    def scheduler(self, obj):
        return obj.scheduler

    @admin.display(description=gettext_lazy("执行计划说明"))
    def crontab_translation(self, obj):
        return crontab_in_words(obj.crontab) if obj.crontab_id else "—"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Beat's view, with its crontabs described in the page's language (its own overwrites the context with
        ``human_readable``, so it is passed over: it only adds that context)."""
        extra_context = {**(extra_context or {}), "readable_crontabs": {
            crontab.pk: crontab_in_words(crontab) for crontab in CrontabSchedule.objects.all()}}
        return super(beat.PeriodicTaskAdmin, self).changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description=beat.PeriodicTaskAdmin.run_tasks.short_description)
    def run_tasks(self, request, queryset):
        """Send each job to the broker now; only a job that was sent gets its audit row (written after the send).

        A job the broker refused (down, unreachable) or whose task is unknown is named in an error message and
        left unrecorded; the others are still sent. (The rows used to be written for every job before beat's
        own action sent them, which stopped at the first refusal with a server error: rows claimed runs that
        never went.)"""
        self.celery_app.loader.import_default_modules()
        sent = []
        for job in queryset:
            task = self.celery_app.tasks.get(job.task)
            if task is None:
                self.message_user(request, _("定时任务“%(name)s”的任务 %(task)s 不存在，未运行。")
                                  % {"name": job.name, "task": job.task}, level=messages.ERROR)
                continue
            try:
                task.apply_async(args=loads(job.args), kwargs=loads(job.kwargs),
                                 headers={"periodic_task_name": job.name},
                                 **({"queue": job.queue} if job.queue else {}))
            except Exception:  # noqa: BLE001 - whatever stopped the send, the job did not go
                logger.exception("run now: periodic task %r (%s) not sent", job.name, job.task)
                self.message_user(request, _("定时任务“%(name)s”未能发送到任务队列，未运行，请稍后重试。")
                                  % {"name": job.name}, level=messages.ERROR)
                continue
            with transaction.atomic():
                audit_log(actor=request.user, action="periodic_task_run", subject=job, changes={"task": job.task})
            sent.append(job.name)
        if sent:
            self.message_user(request, _("已发送 %(count)d 个定时任务，等待执行：%(names)s。")
                              % {"count": len(sent), "names": "、".join(sent)}, level=messages.SUCCESS)


class ClockedScheduleAdmin(_ScheduleAdmin, beat.ClockedScheduleAdmin):
    pass


class CrontabScheduleAdmin(_ScheduleAdmin, beat.CrontabScheduleAdmin):
    list_display = ("__str__", "in_words")
    fields = ("in_words", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    readonly_fields = ("in_words",)
    # Beat's Chinese reads "all"; its months and days of the week are not translated.
    help_texts = {
        "minute": gettext_lazy("运行的分钟（0-59），* 表示每分钟（例如：0,30）。"),
        "hour": gettext_lazy("运行的小时（0-23），* 表示每小时（例如：8,20）。"),
        "day_of_month": gettext_lazy("运行的日期（1-31），* 表示每天（例如：1,15）。"),
        "month_of_year": gettext_lazy("运行的月份（1-12），* 表示每月（例如：1,12）。"),
        "day_of_week": gettext_lazy("运行的星期（0 或 7 为星期日，1 为星期一），* 表示每天（例如：0,5）。"),
    }

    @admin.display(description=gettext_lazy("执行计划说明"))
    def in_words(self, obj):
        return crontab_in_words(obj)


class SolarScheduleAdmin(_ScheduleAdmin, beat.SolarScheduleAdmin):
    pass


class IntervalScheduleAdmin(_ScheduleAdmin, beat.IntervalScheduleAdmin):
    pass


for model, model_admin in ((PeriodicTask, PeriodicTaskAdmin), (ClockedSchedule, ClockedScheduleAdmin),
                           (CrontabSchedule, CrontabScheduleAdmin), (SolarSchedule, SolarScheduleAdmin),
                           (IntervalSchedule, IntervalScheduleAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
