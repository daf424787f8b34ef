"""Slowing down EIT abuse without storing who submitted.

A fixed-window counter per (wave, client) lives only in the cache, expires with its window, and
is keyed by a keyed hash of the client address that changes every day, so nothing lasting can
link an answer to a person. Production uses Redis through Django's cache framework (shared by all
web processes and machines); the embedded default uses the in-process local-memory cache.

The cache alias is read from settings: ITA_SURVEY_CACHE if set, else the alias "surveys" when
CACHES defines it, else "default"."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

logger = logging.getLogger(__name__)

# 20 submissions per 10 minutes from one address to one wave: a service-counter tablet shared
# by citizens stays usable, a script is slowed to a trickle.
DEFAULT_LIMIT = 20
DEFAULT_WINDOW = 600


def cache_alias() -> str:
    alias = getattr(settings, "ITA_SURVEY_CACHE", None)
    if alias:
        return alias
    return "surveys" if "surveys" in getattr(settings, "CACHES", {}) else "default"


def limits() -> tuple[int, int]:
    limit = int(getattr(settings, "ITA_SURVEY_EIT_LIMIT", DEFAULT_LIMIT))
    window = int(getattr(settings, "ITA_SURVEY_EIT_WINDOW", DEFAULT_WINDOW))
    return limit, window


def client_address(meta) -> str:
    """The respondent's address. Behind a load balancer every request comes from the balancer,
    so set ITA_SURVEY_CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP") to the header your own proxy
    sets; it is never trusted unless configured, since a client could send it itself."""
    header = getattr(settings, "ITA_SURVEY_CLIENT_IP_HEADER", "")
    if header and meta.get(header):
        return str(meta[header]).split(",")[0].strip()
    return str(meta.get("REMOTE_ADDR", ""))


def client_key(address: str) -> str:
    """A keyed hash of the address, with the day in the key: unreadable, and unlinkable across
    days even by someone holding the cache."""
    day = timezone.localdate().isoformat()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{day}:{address}".encode(), hashlib.sha256
    ).hexdigest()[:24]


def allow(wave_code: str, address: str, now: float | None = None) -> bool:
    """Count this submission; False once the client passed the limit in the current window.
    A cache outage lets submissions through (and logs it): losing real answers is worse."""
    limit, window = limits()
    slot = int((now if now is not None else time.time()) // window)
    key = f"ita:srl:{wave_code}:{client_key(address)}:{slot}"
    cache = caches[cache_alias()]
    try:
        cache.add(key, 0, timeout=window + 60)
        count = cache.incr(key)
    except Exception:  # any cache failure must not block a citizen's answer
        logger.warning("survey rate limit cache unavailable; allowing submission", exc_info=True)
        return True
    return count <= limit
