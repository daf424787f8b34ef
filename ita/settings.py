"""One settings module, driven by environment variables.

DATABASE_URL selects the database: unset means the embedded SQLite file under var/;
postgres://… is the production path. Everything else has a safe local default.
"""

import os
from pathlib import Path

import dj_database_url
import fontpkg_sarabun

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
    "ita.lib",
    "ita.frameworks",
    "ita.agencies",
    "ita.audit",
    "ita.assessments",
    "ita.surveys",
    "ita.disclosure",
    "ita.improvement",
    "ita.documents",
    "ita.ops",
]

MIDDLEWARE = [
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
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
WHITENOISE_USE_FINDERS = True  # the run command serves straight from the finders, no collectstatic
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = os.environ.get(
    "ITA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

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

# Caches: in-process by default; with Redis (production, several web processes) the survey rate
# limits and tallies' locks are shared between processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("ITA_REDIS_URL"):
    CACHES["surveys"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["ITA_REDIS_URL"],
    }
# Behind a load balancer, the header that carries the client address (e.g. HTTP_X_REAL_IP);
# without it every respondent would share one rate limit.
ITA_SURVEY_CLIENT_IP_HEADER = os.environ.get("ITA_SURVEY_CLIENT_IP_HEADER", "")

# Background work: Celery with Redis in production; in-process (eager) in the embedded default.
CELERY_BROKER_URL = os.environ.get("ITA_CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
ITA_DEFAULT_FROM_EMAIL = os.environ.get("ITA_FROM_EMAIL", "ita@localhost")
DEFAULT_FROM_EMAIL = ITA_DEFAULT_FROM_EMAIL
