"""Settings shared by every environment. Everything variable comes from the environment."""
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

PORTAL_NAME = env("PORTAL_NAME", "莱芜区政务诚信信息平台")
DISTRICT_NAME = env("DISTRICT_NAME", "莱芜区")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Index expressions with an operator class (the pg_trgm indexes, integrity_portal/pg.py); harmless on SQLite.
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "integrity_portal.apps.PortalConfig",
    # project apps, in dependency order
    "accounts",
    "workdays",
    "notifications",
    "records",
    "objections",
    "commitments",
    "disputes",
    "decisions",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "integrity_portal.middleware.PrivateAnswersMiddleware",  # below WhiteNoise: static files stay cacheable
    "integrity_portal.middleware.BodySizeLimitMiddleware",
    "integrity_portal.middleware.ControlCharacterQueryMiddleware",
    "integrity_portal.middleware.TokenEndpointThrottleMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "integrity_portal.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "integrity_portal.middleware.APIOnlyAccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its process_exception runs first: a lost database connection answers 503.
    "integrity_portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "integrity_portal.urls"
WSGI_APPLICATION = "integrity_portal.wsgi.application"
ASGI_APPLICATION = "integrity_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integrity_portal.context_processors.portal",
            ],
        },
    },
]

# --- database: SQLite by default, DATABASE_URL switches (PostgreSQL in production)
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0") or 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (web, worker, beat) share the file: wait instead of failing. "timeout" alone does not
    # cover a transaction that reads, then writes: SQLite refuses its upgrade to a writer at once ("database is
    # locked", no waiting) when another process is writing. IMMEDIATE takes the write lock at BEGIN, where the
    # timeout applies; WAL lets readers (the web pages) go on while a writer holds it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and Celery broker: Redis when REDIS_URL is set
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis outage degrades to cache misses; it never fails a request.
            "BACKEND": "integrity_portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous public pages are cached this long at most (integrity_portal/pagecache.py); changes made through
# the models show at once, this bounds the rest (bulk updates, a disclosure window closing). 0 = off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# The office's per-unit objection statistics are kept this long at most (objections/selectors.py): every saved
# objection and every answer-clock event shows at once; this bounds the rest. 0 = computed on every view.
OBJECTION_STATISTICS_CACHE_SECONDS = env_int("OBJECTION_STATISTICS_CACHE_SECONDS", 300)
# The big lists count at most this many matching rows, then say "more than N" (integrity_portal/paging.py);
# 0 counts everything.
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 1000)

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "filesystem://localhost/")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Embedded default: no broker server needed; web, worker and beat share a folder.
    _queue_dir = VAR_DIR / "celery-queue"
    (_queue_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_queue_dir / "processed"),
        "store_processed": False,
        # The exchange tables; kombu's default is "control" in the current directory (the checkout).
        "control_folder": str(_queue_dir / "control"),
    }
else:
    # max_retries=0: a publish while Redis is down fails at once (the outbox sweeper re-sends);
    # without it kombu retries the connection inside the user's request.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# Redis: each worker process holds one message at a time, so a long task delays nothing queued behind it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The filesystem transport has no event loop: the worker runs Celery's blocking loop, which acknowledges
    # finished tasks only between calls to drain_events(timeout=2.0), and drain_events takes no new message
    # while the prefetch window is full of unacknowledged ones. So the worker handles at most one window
    # every 2 seconds: with 1 × 2 processes about one task a second (make run's ~490 queued deliveries took
    # 8.7 minutes). 32 × 2 lifts that bound above what the tasks themselves take (docs/architecture.md). A worker
    # stopped normally puts what it holds back in the folder; one killed with -9 loses it (this transport takes
    # a message out of the folder when it hands it over), and the outbox sweeper re-sends those deliveries.
    CELERY_WORKER_PREFETCH_MULTIPLIER = 32
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Publishing never blocks a user's request for long: a failed publish is left to the
# outbox sweeper, which re-sends whatever is still pending.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Asia/Shanghai"

# --- accounts and login
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace-home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.5"))  # hours
# Lock-outs (accounts/lockout.py): the pair (username, address) after AXES_FAILURE_LIMIT failures, the address
# after LOGIN_ADDRESS_FAILURE_LIMIT failures on any usernames; the office unlocks on the account pages.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_CLIENT_IP_CALLABLE = "integrity_portal.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "accounts.lockout.PortalAxesHandler"
AXES_ENABLE_ADMIN = False  # shown in Chinese by accounts/admin_axes.py
SESSION_COOKIE_AGE = 8 * 3600

# --- i18n: Chinese first, English available
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# A list filter left empty reads 全部 (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("全部")

# --- static files: served by the project (WhiteNoise), never from a CDN
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- request size: bodies over the limit are answered 413 (see middleware)
MAX_REQUEST_BODY_BYTES = int(env("MAX_REQUEST_BODY_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- e-mail (console in dev; SMTP from the environment in production)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@credit.example.gov.cn")

# --- API
REST_FRAMEWORK = {
    # Token first: anonymous requests get 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["integrity_portal.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "integrity_portal.permissions.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    # AutoSchema + the error statuses of DESIGN.md §1 (401/403/404/400/409/413/429) on every operation.
    "DEFAULT_SCHEMA_CLASS": "integrity_portal.api.PortalAutoSchema",
    "EXCEPTION_HANDLER": "integrity_portal.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # auth_token: POST /api/v1/auth/token/ per client address (TokenEndpointThrottleMiddleware).
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "2000/minute",
                               "auth_token": env("API_TOKEN_RATE", "10/minute")},
    # The client address for throttling: REMOTE_ADDR unless trusted proxies append X-Forwarded-For
    # (the same rule as the public clue limits); None would trust a client-supplied header.
    "NUM_PROXIES": int(env("PORTAL_TRUSTED_PROXY_COUNT", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政务诚信信息平台 API",
    "DESCRIPTION": "Government integrity records portal — API v1. Token: POST /api/v1/auth/token/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RecordKindEnum": "records.choices.RecordKind",
        "RecordStatusEnum": "records.choices.RecordStatus",
        "UnitKindEnum": "records.choices.UnitKind",
        "UnitStatusEnum": "records.choices.UnitStatus",
        "ServantStatusEnum": "records.choices.ServantStatus",
        "SubjectTypeEnum": "records.choices.SubjectType",
        "SeverityEnum": "records.choices.Severity",
        "PenaltySeverityEnum": "decisions.choices.PenaltySeverity",  # a decision's severity, not a record's
        "CommitmentKindEnum": "commitments.choices.CommitmentKind",
        "CommitmentChangeKindEnum": "commitments.choices.ChangeKind",
        "CommitmentStatusEnum": "commitments.choices.CommitmentStatus",
        "AccountabilityFormEnum": "records.models.punishment.AccountabilityForm",
        "RestrictionKindEnum": "records.models.punishment.RestrictionKind",
        "RectificationStateEnum": "records.models.punishment.RectificationState",
        "ClueStateEnum": "disputes.choices.ClueState",
    },
}

# --- Content-Security-Policy (django-csp): nothing from other origins, no inline or eval'd script.
# Templates carry no inline <script> or on*= handlers; a few pages have inline <style> blocks
# (evaluation, disputes, commitments), hence 'unsafe-inline' for styles only.
# The API pages keep to it too: Swagger UI loads its start-up script from /api/docs/?script
# (SpectacularSwaggerSplitView), and templates/drf_spectacular/redoc.html drops the inline script and
# the remote fonts of drf-spectacular's own page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # ReDoc runs its search index in a Worker it builds from a blob of its own (same-origin) script.
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- public dispute clues: how many proxies in front add X-Forwarded-For (0 = trust none)
PORTAL_TRUSTED_PROXY_COUNT = int(env("PORTAL_TRUSTED_PROXY_COUNT", "0"))
DISPUTES_RATE_LIMITS = {"submit": (5, 3600), "track": (30, 600)}

# --- credit files
MAX_ATTACHMENT_BYTES = int(env("MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024)))

# --- the city public credit platform (outbound sharing, inbound forwards); empty URL = not connected
CITY_PLATFORM_URL = env("CITY_PLATFORM_URL", "")
CITY_PLATFORM_SECRET = env("CITY_PLATFORM_SECRET", "")
CITY_PLATFORM_INBOUND_SECRET = env("CITY_PLATFORM_INBOUND_SECRET", "")
CITY_PLATFORM_TIMEOUT = float(env("CITY_PLATFORM_TIMEOUT", "10"))
CITY_PLATFORM_USERNAME = "city_platform"
# --- the court's judgment-defaulter list, fetched daily when set
COURT_LIST_URL = env("COURT_LIST_URL", "")

# --- tamper evidence: where the ledger's daily head hashes are written (outside the database)
LEDGER_EXPORT_DIR = Path(env("LEDGER_EXPORT_DIR", str(VAR_DIR / "ledger-heads")))
