from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("双公示（行政许可、行政处罚等行政决定）")

    def ready(self):
        from . import clocks, signals

        clocks.register()
        signals.connect()
