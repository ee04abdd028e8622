"""Production refuses to start without a secret key, allowed hosts and a database."""
from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register(deploy=False)
def production_settings_check(app_configs, **kwargs):
    if not getattr(settings, "PORTAL_PRODUCTION", False):
        return []
    errors = []
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses an empty SECRET_KEY when it is read
        secret_key = ""
    if not secret_key or len(secret_key) < 50:
        errors.append(Error(
            "SECRET_KEY is missing or shorter than 50 characters.",
            hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value.",
            id="portal.E001",
        ))
    if not settings.ALLOWED_HOSTS:
        errors.append(Error(
            "ALLOWED_HOSTS is empty.",
            hint="Set ALLOWED_HOSTS to the portal's host names, comma-separated.",
            id="portal.E002",
        ))
    if not getattr(settings, "PORTAL_DATABASE_URL_SET", False):
        errors.append(Error(
            "DATABASE_URL is not set: production runs on PostgreSQL, never on the SQLite default.",
            hint="Set DATABASE_URL=postgres://user:password@host:5432/name (or DATABASE_URL_FILE).",
            id="portal.E003",
        ))
    return errors
