"""Production-like settings for the bench: DEBUG off, PostgreSQL and Redis from the environment, plain HTTP on
loopback (no TLS redirect), and the bench urlconf with the baseline view."""
from integrity_portal.settings.production import *  # noqa: F403
from integrity_portal.settings.production import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECRET_KEY = "bench-only-not-secret-0b5e2f"  # noqa: S105 - loopback bench, never deployed
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0].get("DIRS", []), BASE_DIR / "bench" / "templates"]},
             *TEMPLATES[1:]]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
