from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("政务诚信考核评价")

    def ready(self):
        from records.credit_checks import register_unit_facts

        from . import clocks
        from .credit_checks import latest_published_grade

        clocks.register()
        register_unit_facts(latest_published_grade)
