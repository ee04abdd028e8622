"""A large 双公示 file imported in the background (issue 14 item 3: 10,000 rows in one file).

Files up to ``imports.inline_max_rows()`` rows are imported within the request and leave no row here; a
larger one is kept as a ``DecisionImportJob`` and the Celery task ``decisions.run_import`` imports it
(``queued → running → done | failed``), the clerk watching its progress page. The task claims the job with
a conditional update, so a repeated delivery does nothing more.
"""
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from records.models import Unit

from .choices import Act


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("校验导入中")
    DONE = "done", _("已导入")
    CHECKED = "checked", _("试导入完成")
    FAILED = "failed", _("未通过校验")


class DecisionImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every job; a clerk the jobs of their department."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        if user.unit_id and user.has_role(Role.CLERK):
            return self.filter(department_id=user.unit_id)
        return self.none()


def import_file_path(instance, filename):
    # The original name is kept on the row; the stored name is never taken from the user.
    suffix = ".csv" if filename.lower().endswith(".csv") else ".xlsx"
    return f"decision-imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class DecisionImportJob(models.Model):
    uploader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                 related_name="decision_import_jobs")
    department = models.ForeignKey(Unit, verbose_name=_("决定机关"), on_delete=models.PROTECT,
                                   related_name="decision_import_jobs")
    original_name = models.CharField(_("原文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to=import_file_path)
    dry_run = models.BooleanField(_("试导入（只校验）"), default=False)
    act = models.CharField(_("决定类别"), max_length=16, choices=Act.choices)
    status = models.CharField(_("状态"), max_length=16, choices=ImportJobStatus.choices,
                              default=ImportJobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    imported = models.PositiveIntegerField(_("已生成草稿数"), default=0)
    errors = models.JSONField(_("错误明细"), default=list, blank=True,
                              help_text=_("每项：行号（与文件一致）、列名（与文件一致）、原因。"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = DecisionImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("双公示导入任务")
        verbose_name_plural = _("双公示导入任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="decision_import_imported_le_rows",
                                   condition=models.Q(imported__lte=models.F("total_rows")),
                                   violation_error_message=_("导入数不能超过数据行数。")),
        ]

    def __str__(self):
        return self.original_name

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.CHECKED, ImportJobStatus.FAILED)

    def as_json(self) -> dict:
        return {"id": self.pk, "status": self.status, "act": self.act, "rows": self.total_rows,
                "imported": self.imported, "dry_run": self.dry_run, "errors": self.errors}
