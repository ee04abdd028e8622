"""Work tasks (督办任务, clause 20): the office issues tasks to units, each with a clock; units submit documents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import TransitionRow, state_fields
from records.models import Unit
from records.uploads import StoredFile, stored_name

from ..choices import AssignmentState, TaskKind


class WorkTask(models.Model):
    title = models.CharField(_("任务名称"), max_length=200)
    kind = models.CharField(_("任务类别"), max_length=24, choices=TaskKind.choices)
    description = models.TextField(_("任务要求"))
    issued_on = models.DateField(_("下达日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("下达人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办任务")
        verbose_name_plural = _("督办任务")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return self.title


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE, Role.LEADER):
            return self.all()
        if user.unit_id and user.has_role(Role.CLERK):
            return self.filter(unit_id=user.unit_id)
        return self.none()

    def open(self):
        return self.filter(state__in=[AssignmentState.OPEN, AssignmentState.RETURNED])


class TaskAssignment(models.Model):
    """A task for one unit, timed by the clock engine."""

    task = models.ForeignKey(WorkTask, verbose_name=_("督办任务"), on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="work_tasks")
    state = models.CharField(_("状态"), max_length=12, choices=AssignmentState.choices, default=AssignmentState.OPEN)
    clock = models.OneToOneField("workdays.Clock", verbose_name=_("办理计时"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("截止日期"), help_text=_("来自计时（含延期）；最后一日（含）。"))
    submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    submitted_on = models.DateField(_("首次报送日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按期报送"), null=True, blank=True)
    note = models.TextField(_("报送说明"), blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办任务承办")
        verbose_name_plural = _("督办任务承办")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["unit", "due_date"], name="assignment_unit_due_idx")]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="assignment_once_per_unit")]

    def __str__(self):
        return f"{self.task.title} → {self.unit}"

    def get_absolute_url(self):
        return reverse("evaluation:assignment_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in (AssignmentState.OPEN, AssignmentState.RETURNED)

    def is_overdue(self, today) -> bool:
        return self.is_open and today > self.due_date


class AssignmentTransition(TransitionRow):
    subject_field = "assignment"

    assignment = models.ForeignKey(TaskAssignment, verbose_name=_("承办"), on_delete=models.PROTECT,
                                   related_name="transitions")
    from_state, to_state = state_fields(AssignmentState, 12)

    class Meta:
        verbose_name = _("督办任务办理记录")
        verbose_name_plural = _("督办任务办理记录")
        ordering = ["assignment", "at", "id"]


def document_path(instance, filename):
    return stored_name("evaluation/tasks", instance, filename)


class TaskDocument(StoredFile):
    assignment = models.ForeignKey(TaskAssignment, verbose_name=_("承办"), on_delete=models.PROTECT,
                                   related_name="documents")
    file = models.FileField(_("文件"), upload_to=document_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("报送材料")
        verbose_name_plural = _("报送材料")
        ordering = ["assignment", "uploaded_at"]
        constraints = [models.CheckConstraint(name="task_document_not_empty", condition=Q(size__gt=0))]
