"""Excel imports of credit records: one job per uploaded workbook (DESIGN.md §5: imports create drafts only)."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

from ..choices import RecordKind
from .directory import Unit


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    VALIDATING = "validating", _("校验中")
    FAILED = "failed", _("校验未通过")
    READY = "ready", _("待导入")
    IMPORTING = "importing", _("导入中")
    DONE = "done", _("已完成")


RUNNING_IMPORT_STATUSES = (ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING)


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every job; a clerk the jobs of their own unit."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        if user.unit_id and user.has_role(Role.CLERK):
            return self.filter(provider_id=user.unit_id)
        return self.none()


def import_file_path(instance, filename):
    # The original name is kept on the row; the stored name is never taken from the user.
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ImportJob(models.Model):
    """An uploaded workbook, its validation report and the drafts it created."""

    uploader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                 related_name="import_jobs")
    provider = models.ForeignKey(Unit, verbose_name=_("信息提供单位"), on_delete=models.PROTECT,
                                 related_name="import_jobs")
    kind = models.CharField(_("记录类别"), max_length=32, choices=RecordKind.choices)
    original_name = models.CharField(_("原文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to=import_file_path)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    valid_rows = models.PositiveIntegerField(_("无误行数"), default=0)
    errors = models.JSONField(_("错误明细"), default=list, blank=True,
                              help_text=_("每项：行号（与 Excel 一致）、列名、原因。"))
    created_count = models.PositiveIntegerField(_("已生成草稿数"), default=0)
    only_valid = models.BooleanField(_("只导入无误的行"), default=False)
    progress = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("记录导入任务")
        verbose_name_plural = _("记录导入任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "created_at"], name="import_job_provider_idx")]
        constraints = [
            models.CheckConstraint(
                name="import_job_counts_consistent",
                condition=Q(valid_rows__lte=models.F("total_rows")) & Q(progress__lte=models.F("total_rows"))
                & Q(created_count__lte=models.F("valid_rows")),
                violation_error_message=_("导入任务的行数统计不一致。"),
            ),
        ]

    def __str__(self):
        return gettext("%(kind)s：%(file)s") % {"kind": self.get_kind_display(), "file": self.original_name}

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_IMPORT_STATUSES

    @property
    def error_rows(self) -> int:
        return self.total_rows - self.valid_rows

    @property
    def progress_percent(self) -> int:
        return int(100 * self.progress / self.total_rows) if self.total_rows else 0
