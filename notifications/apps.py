from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("通知与发件箱")

    def ready(self):
        from . import platform  # noqa: F401  (registers the city platform's outbox receiver when configured)
