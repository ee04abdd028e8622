"""Production: PostgreSQL + Redis + several Celery workers behind a TLS proxy.

Refuses to start (system check ``portal.E001``-``E003``) without a secret key,
allowed hosts and a database URL.
"""
from .base import *  # noqa: F403
from .env import env, env_bool, env_int, env_list

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "")
SECRET_KEY = env("SECRET_KEY", "")
PORTAL_DATABASE_URL_SET = bool(env("DATABASE_URL"))
PORTAL_PRODUCTION = True
