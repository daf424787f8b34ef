"""One settings module, driven by environment variables.

DATABASE_URL selects the database: unset means the embedded SQLite file under var/;
postgres://… is the production path. Everything else has a safe local default.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from celery.schedules import crontab

from ita.lib.logging_json import as_json

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ITA_VAR_DIR", BASE_DIR / "var"))
# The SQLite file, uploads and collected static files live here; SQLite will not create it.
(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)

# PyThaiNLP must never try to download or write a data directory (no internet on agency servers).
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("ITA_DEBUG", False)
SECRET_KEY = os.environ.get("ITA_SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = os.environ.get("ITA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # the API docs page's Swagger UI, from its own static files (no CDN)
    "ita.lib",
    "ita.frameworks",
    "ita.agencies",
    "ita.audit",
    "ita.notifications",  # low: imports lib, agencies and audit only
    "ita.assessments",
    "ita.surveys",
    "ita.disclosure",
    "ita.improvement",
    "ita.documents",
    "ita.oversight",
    "ita.public",
    "ita.api",  # the REST API: reads every app below it, none imports it
    "ita.work",  # the queues: reads every app below, none imports it
    "ita.demo",  # above every app: it imports them all
    "ita.ops",
    "ita.accounts",
]

MIDDLEWARE = [
    "ita.lib.logging_requests.RequestIdMiddleware",  # first: every log line names its request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # last, as django-axes asks: it turns a refused login into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ita.urls"
WSGI_APPLICATION = "ita.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ita" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ita.accounts.menus.menu",
            ],
            "builtins": ["ita.lib.templatetags.thai"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ita.sqlite3'}"),
        conn_max_age=int(os.environ.get("ITA_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves a few users; WAL lets readers and one writer work together.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A kept connection is tested before a request (or task) uses it: after PostgreSQL restarts, the
# first request of each process reconnects instead of failing on the dead connection
# (ita/ops/tests/test_pg_restart.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# DATABASE_REPLICA_URL: a read replica of the primary (PostgreSQL streaming replication) for the
# dashboards. Only views wrapped in ita.lib.replica.reading_from_replica read from it; writes and
# every other read stay on the primary. In tests it mirrors default: no test database is made on
# a replica (which refuses writes anyway).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("ITA_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ita.lib.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2 first (OWASP's choice); PBKDF2 stays so existing hashes verify, upgraded at next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes refuses a login after ITA_LOGIN_FAILURE_LIMIT wrong passwords for one account
# (from any address) or from one address (for any accounts), for ITA_LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ITA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("ITA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "ita.accounts.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "ita.accounts.throttle.client_address"
# A success does not wipe the address's failures: else one own account would reset the count
# between guesses at others.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP secret or its QR code
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
# our catalogues: en translates the Thai source; th fills what Django and its add-ons lack
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "ita" / "static",
    ("fonts/sarabun", Path(fontpkg_sarabun.__file__).parent / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# ITA_S3_BUCKET: uploaded and generated files in an S3-compatible store that every web and worker
# machine shares (django-storages); unset: files under MEDIA_ROOT on this machine. Private: no
# ACL, every download goes through a view that asks the access functions first.
if os.environ.get("ITA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ITA_S3_BUCKET"],
            "endpoint_url": os.environ.get("ITA_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("ITA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("ITA_S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("ITA_S3_REGION", "us-east-1"),
            "location": os.environ.get("ITA_S3_PREFIX", ""),
            # MinIO, Ceph and most S3-compatible stores address buckets in the path
            "addressing_style": os.environ.get("ITA_S3_ADDRESSING_STYLE", "path"),
            "default_acl": None,
            "file_overwrite": False,  # as on disk: a second "หลักฐาน.pdf" gets its own name
        },
    }
WHITENOISE_USE_FINDERS = True  # the run command serves straight from the finders, no collectstatic
MEDIA_ROOT = VAR_DIR / "media"

# One upload policy (ita/lib/uploads.py): every file field takes files up to ITA_UPLOAD_MAX_MB
# (20 by default), counted while the request streams; the first handler drops the rest of a
# larger file so the form can say why. Other request bodies stay at Django's 2.5 MB.
UPLOAD_MAX_BYTES = int(float(os.environ.get("ITA_UPLOAD_MAX_MB", "20")) * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "ita.lib.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = os.environ.get(
    "ITA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# With ITA_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (password reset, reminders)
EMAIL_HOST = os.environ.get("ITA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ITA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ITA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ITA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ITA_EMAIL_USE_TLS", False)
# The address links in notification e-mails start with (no request to build it from).
ITA_SITE_URL = os.environ.get("ITA_SITE_URL", "http://localhost:8000")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day: the link is in a mailbox, keep it short-lived

# HTTPS (ITA_HTTPS=1 in production): redirect, HSTS for a year with subdomains and preload, and
# cookies sent only over HTTPS. Only with ITA_BEHIND_PROXY=1 is the proxy's X-Forwarded-Proto
# believed: a server reached directly would otherwise let any client claim "https".
ITA_HTTPS = env_bool("ITA_HTTPS", False)
SECURE_SSL_REDIRECT = ITA_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if ITA_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = ITA_HTTPS
SECURE_HSTS_PRELOAD = ITA_HTTPS
SESSION_COOKIE_SECURE = ITA_HTTPS
CSRF_COOKIE_SECURE = ITA_HTTPS
# A load balancer's health check speaks plain HTTP to the machine, behind the TLS it ends.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("ITA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The address a login attempt is counted against, behind a proxy (e.g. HTTP_X_REAL_IP).
ITA_CLIENT_IP_HEADER = os.environ.get(
    "ITA_CLIENT_IP_HEADER", os.environ.get("ITA_SURVEY_CLIENT_IP_HEADER", "")
)

# Content-Security-Policy on every response: scripts and styles only from our own static files
# (no inline code), images also as data: URIs (QR codes, charts rendered to PNG).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Every handler redacts slip tokens (ita/lib/redact.py). Django's own loggers are routed here
# too, so none keeps its default handler, which would print request paths unredacted.
LOG_LEVEL = os.environ.get("ITA_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_slips": {"()": "ita.lib.redact.RedactSlips"}},
    "formatters": {"server": {"format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_slips"]},
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["redact_slips"],
            "formatter": "server",
        },
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
# ITA_LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request id, user
# id; ita/lib/logging_json.py) for a log shipper, and one line per request (ita.request).
if os.environ.get("ITA_LOG_FORMAT", "text").lower() == "json":
    LOGGING = as_json(LOGGING)

# Caches: in-process by default; with Redis (production, several web processes) the survey rate
# limits and tallies' locks are shared between processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("ITA_REDIS_URL"):
    CACHES["surveys"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["ITA_REDIS_URL"],
    }
ITA_REDIS_URL = os.environ.get("ITA_REDIS_URL", "")
# /healthz (ita/ops/health.py): the worker heartbeat's Redis (default: the broker) and how old
# it may be, in seconds, before the worker counts as gone (three missed beats).
ITA_HEARTBEAT_REDIS_URL = os.environ.get("ITA_HEARTBEAT_REDIS_URL", "")
ITA_HEARTBEAT_MAX_AGE = float(os.environ.get("ITA_HEARTBEAT_MAX_AGE", "180"))
# Behind a load balancer, the header that carries the client address (e.g. HTTP_X_REAL_IP);
# without it every respondent would share one rate limit.
ITA_SURVEY_CLIENT_IP_HEADER = os.environ.get("ITA_SURVEY_CLIENT_IP_HEADER", "")

# Background work: Celery with Redis in production; in-process (eager) in the embedded default.
CELERY_BROKER_URL = os.environ.get("ITA_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# ops.heartbeat every minute: /healthz reports a worker alive while the beat's timestamp is fresh
# (ita/ops/health.py). Beat runs once per site (`celery -A ita beat`, docs/deploy.md).
CELERY_BEAT_SCHEDULE = {"ops.heartbeat": {"task": "ops.heartbeat", "schedule": 60.0}}
# Each worker process takes one task at a time: a batch is long, and a task prefetched behind it
# would wait while another worker idles. No result backend: every task's state is its row.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Sites (or test runs) sharing one Redis keep their tasks apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("ITA_CELERY_QUEUE", "celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis gives a task acknowledged late (documents.run_batch) back to the queue when its worker
# vanished without acknowledging it, once it has been out this long: more than the longest
# batch, else a running batch is handed out twice (harmless, batch.claim; a waste). Looked for
# every quarter of that, at most every minute.
ITA_CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("ITA_CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": ITA_CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(60, ITA_CELERY_VISIBILITY_TIMEOUT // 4)),
    "unacked_restore_throttle": 1,
}
# A running batch writes its heartbeat after every document; silent this long, its worker is
# taken for dead and a redelivered task takes the batch over (documents/batch.py claim).
ITA_BATCH_LEASE_SECONDS = int(os.environ.get("ITA_BATCH_LEASE_SECONDS", "120"))
# The daily jobs (Asia/Bangkok). Beat sends them by name; each is safe to run twice (docs/
# architecture.md, "Background tasks"). `expires`: a day's run not started by the next is dropped.
_DAILY = {"expires": 23 * 3600}
CELERY_BEAT_SCHEDULE |= {
    "disclosure.recheck_due_links": {
        "task": "disclosure.recheck_due_links",
        "schedule": crontab(hour=2, minute=0),
        "options": _DAILY,
    },
    "surveys.settle_waves": {
        "task": "surveys.settle_waves",
        "schedule": crontab(hour=3, minute=0),
        "options": _DAILY,
    },
    "improvement.send_round_reminders": {
        "task": "improvement.send_round_reminders",
        "schedule": crontab(hour=7, minute=0),
        "options": _DAILY,
    },
    "notifications.send_daily_digest": {
        "task": "notifications.send_daily_digest",
        "schedule": crontab(hour=7, minute=30),
        "options": _DAILY,
    },
}
# REST API rate limits (ita/api/throttles.py): per client address anonymously, per token.
ITA_API_RATES = {
    "anonymous": os.environ.get("ITA_API_RATE_ANONYMOUS", "60/min"),
    "token": os.environ.get("ITA_API_RATE_TOKEN", "600/min"),
}
ITA_DEFAULT_FROM_EMAIL = os.environ.get("ITA_FROM_EMAIL", "ita@localhost")
DEFAULT_FROM_EMAIL = ITA_DEFAULT_FROM_EMAIL
