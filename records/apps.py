from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("诚信档案与单位名录")

    def ready(self):
        from . import clocks, punishment_clocks

        clocks.register()
        punishment_clocks.register()
