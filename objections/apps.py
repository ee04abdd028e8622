from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "objections"
    verbose_name = _("异议与信用修复")

    def ready(self):
        from . import clocks

        clocks.register()
