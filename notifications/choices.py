from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INBOX = "inbox", _("站内通知")
    EMAIL = "email", _("电子邮件")
    PLATFORM = "platform", _("市公共信用信息平台")
    TASK = "task", _("后台任务")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已送达")
    DEAD = "dead", _("多次失败，待人工处理")
