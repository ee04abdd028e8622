from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Project plumbing (system checks, template tags); holds no business logic or models."""

    name = "integrity_portal"
    verbose_name = "平台"

    def ready(self):
        from . import admin_display, checks  # noqa: F401  (checks: registers the deployment checks)
        from .admin_initial import guard_admin_initial_data

        guard_admin_initial_data()  # the admin has discovered every app's admin.py by now
        admin_display.install()
