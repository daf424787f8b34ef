"""Slowing down EIT abuse without storing who submitted.

Two counters, both only in the cache. Per address: a fixed-window counter per (wave, client)
expires with its window, and is keyed by a keyed hash of the client address that changes every
day, so nothing lasting can link an answer to a person. Production uses Redis through Django's
cache framework (shared by all web processes and machines); the embedded default uses the
in-process local-memory cache.

The cache alias is read from settings: ITA_SURVEY_CACHE if set, else the alias "surveys" when
CACHES defines it, else "default".

Per link: a daily budget (finding 11). The per-address window alone let one address send 2,880
answers a day, and many addresses send any number. Answers stored through a link are counted per
link and day (no address, no time finer than the day); past the budget, or past one address's
allowance, an answer is taken only with a solved proof-of-work challenge (surveys.challenge)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from decimal import Decimal

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

logger = logging.getLogger(__name__)

# 20 submissions per 10 minutes from one address to one wave: a service-counter tablet shared
# by citizens stays usable, a script is slowed to a trickle.
DEFAULT_LIMIT = 20
DEFAULT_WINDOW = 600

# The daily budget of a link: twice the wave's whole sample target, at least 60. A poster at a
# service counter may gather the entire sample on one busy day (a market day, a mobile unit), so
# the budget never makes an honest day pay; a flood past it pays in CPU, and the difficulty
# grows by one bit (twice the work) for each further budget's worth, up to MAX_EXTRA_BITS.
DAILY_FLOOR = 60
DAILY_FACTOR = 2
# 16 bits: about 65,000 SHA-256 on average, a second or two in a phone's browser.
CHALLENGE_BITS = 16
MAX_EXTRA_BITS = 4


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


def _window_key(wave_code: str, address: str, now: float | None) -> str:
    window = limits()[1]
    slot = int((now if now is not None else time.time()) // window)
    return f"ita:srl:{wave_code}:{client_key(address)}:{slot}"


def allow(wave_code: str, address: str, now: float | None = None) -> bool:
    """Count this submission; False once the client passed the limit in the current window.
    A cache outage lets submissions through (and logs it): losing real answers is worse."""
    limit, window = limits()
    key = _window_key(wave_code, address, now)
    cache = caches[cache_alias()]
    try:
        cache.add(key, 0, timeout=window + 60)
        count = cache.incr(key)
    except Exception:  # any cache failure must not block a citizen's answer
        logger.warning("survey rate limit cache unavailable; allowing submission", exc_info=True)
        return True
    return count <= limit


def address_over(wave_code: str, address: str) -> bool:
    """Whether the client already used its allowance in this window (counting nothing): the
    form then comes with its challenge, solved while the respondent answers."""
    return _get(_window_key(wave_code, address, None)) >= limits()[0]


def daily_budget(sample_target: int) -> int:
    floor = int(getattr(settings, "ITA_SURVEY_EIT_DAILY_FLOOR", DAILY_FLOOR))
    factor = Decimal(str(getattr(settings, "ITA_SURVEY_EIT_DAILY_FACTOR", DAILY_FACTOR)))
    return max(floor, math.ceil(sample_target * factor))


def _day_key(wave_code: str) -> str:
    return f"ita:sbud:{wave_code}:{timezone.localdate().isoformat()}"


def _get(key: str) -> int:
    try:
        return int(caches[cache_alias()].get(key, 0))
    except Exception:
        logger.warning("survey rate limit cache unavailable", exc_info=True)
        return 0


def count_answer(wave_code: str) -> None:
    """One more answer stored through the link today (called after the answer is stored)."""
    cache, key = caches[cache_alias()], _day_key(wave_code)
    try:
        cache.add(key, 0, timeout=2 * 86400)
        cache.incr(key)
    except Exception:
        logger.warning("survey rate limit cache unavailable; answer not counted", exc_info=True)


def challenge_bits(wave, *, address_over: bool) -> int | None:
    """The difficulty an answer through the wave's link must solve now; None: no challenge."""
    budget = daily_budget(wave.min_responses)
    today = _get(_day_key(wave.public_code))
    if today < budget and not address_over:
        return None
    base = int(getattr(settings, "ITA_SURVEY_CHALLENGE_BITS", CHALLENGE_BITS))
    extra = max(0, today - budget) // max(budget, 1)
    return base + min(extra, MAX_EXTRA_BITS)
