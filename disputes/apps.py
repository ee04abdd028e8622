from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("涉政纠纷线索")

    def ready(self):
        from objections.api.inbound import register_forward_type

        from . import clocks
        from .inbound import clue_forward_answer, clue_forward_file

        clocks.register()
        register_forward_type("clue", clue_forward_file, clue_forward_answer)
