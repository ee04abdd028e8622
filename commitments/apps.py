from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("政务承诺")

    def ready(self):
        from . import signals

        signals.connect()
