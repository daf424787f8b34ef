"""Settings for bench/survey_load.py: the project's settings plus the production pieces the
benchmark needs that settings.py does not (yet) read from the environment: a Redis cache alias
"surveys" for the EIT rate limits, and a URLconf with the bare one-row-insert view."""

import os

from ita.settings import *  # noqa: F403

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "surveys": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["ITA_REDIS_URL"],
    },
}
ROOT_URLCONF = "survey_urls"
ITA_SURVEY_EIT_LIMIT = int(os.environ.get("ITA_SURVEY_EIT_LIMIT", "20"))
