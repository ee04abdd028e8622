from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("涉政纠纷线索")

    def ready(self):
        from . import clocks

        clocks.register()
