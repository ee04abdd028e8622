from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "objections"
    verbose_name = _("异议与信用修复")

    def ready(self):
        from records.models.credit import register_objection_readers

        from . import clocks, signals
        from .models import Objection, Repair

        clocks.register()
        signals.connect()
        # A record's history events about objections and repairs: for those who may read them (issue 16).
        register_objection_readers("objections", lambda user: Objection.objects.visible_to(user).values("record_id"))
        register_objection_readers("repairs", lambda user: Repair.objects.visible_to(user).values("record_id"))
