from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Channel, OutboxStatus


class OutboxMessage(models.Model):
    """A side effect to deliver after its cause commits. Written in the cause's transaction.

    ``key`` is the de-duplication key: the same cause never produces two rows, and
    receivers use it to make delivery exactly-once.
    """

    key = models.CharField(_("去重键"), max_length=200, unique=True)
    channel = models.CharField(_("通道"), max_length=20, choices=Channel.choices)
    payload = models.JSONField(_("内容"), default=dict)
    status = models.CharField(_("状态"), max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), db_index=True)
    locked_until = models.DateTimeField(_("占用至"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发件箱消息")
        verbose_name_plural = _("发件箱消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="outbox_due_idx",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.key} ({self.get_status_display()})"


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """An in-app notice in a user's inbox. One per outbox key: delivery is exactly-once."""

    key = models.CharField(_("去重键"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.PROTECT, related_name="notices"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    level = models.CharField(_("级别"), max_length=20, default="info")
    # When its cause happened: the outbox message's time, not the delivery's (a retried or queued delivery
    # would otherwise put "正在核查" above "已答复" in the inbox).
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread_idx")]

    def __str__(self):
        return self.title


class Broadcast(models.Model):
    """A notice the credit office sends to a set of users (a unit, a role, or everyone)."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    audience = models.CharField(_("发送范围"), max_length=200, help_text=_("例如：全部经办人；某单位全体用户。"))
    send_email = models.BooleanField(_("同时发送邮件"), default=False)
    recipient_count = models.PositiveIntegerField(_("接收人数"), default=0)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知发布")
        verbose_name_plural = _("通知发布")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title
