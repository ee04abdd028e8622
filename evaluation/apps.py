from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("政务诚信考核评价")

    def ready(self):
        from . import clocks

        clocks.register()
