"""Test settings: fast hashing, in-memory mail, the same database switch as elsewhere."""
from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]  # tests only: the test client and live servers use varied hosts
CELERY_BROKER_URL = env("CELERY_BROKER_URL", env("REDIS_URL", "") or "memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    # visibility_timeout: how soon Redis hands a task a killed worker took to another worker
    # (the fault tests set it to a few seconds; kombu's default is an hour).
    {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0,
     "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600"))}
    if CELERY_BROKER_URL.startswith("redis") else {}
)
# How long a worker's claim on an outbox message lasts (notifications.services); short in the fault tests.
OUTBOX_LOCK_SECONDS = int(env("OUTBOX_LOCK_SECONDS", "300"))
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "zh-hans"
# The locmem cache outlives each test's rolled-back data: public pages are not cached in tests, except in
# the tests of the cache (tests/commitments/test_public_cache.py), which turn it on and clear it.
PUBLIC_PAGE_CACHE_SECONDS = 0
OBJECTION_STATISTICS_CACHE_SECONDS = 0  # on only in tests/objections/test_statistics_cache.py
STATIC_ROOT = VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = True
