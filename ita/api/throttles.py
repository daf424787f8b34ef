"""Rate limits of the API (issue 13): per client address when anonymous, per token when one is
sent, the token's limit higher. A fixed window counted in the cache (Redis in production, when
ITA_REDIS_URL gives the shared alias; in-process otherwise), read from settings on every
request so a deployment (and a test) can change them:

    ITA_API_RATES = {"anonymous": "60/min", "token": "600/min"}

An address is kept only as a keyed hash, as the survey limits do."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time

from django.conf import settings
from django.core.cache import caches
from ninja.throttling import BaseThrottle

DEFAULT_RATES = {"anonymous": "60/min", "token": "600/min"}
_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/min" → (60, 60): requests allowed, window in seconds."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period]


def _cache():
    alias = "surveys" if "surveys" in settings.CACHES else "default"
    return caches[getattr(settings, "ITA_API_CACHE", alias)]


def client_address(request) -> str:
    header = getattr(settings, "ITA_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


class ApiThrottle(BaseThrottle):
    def __init__(self):
        # ninja asks wait() right after allow_request(), in the same thread; one instance
        # serves every thread of the process, so the answer is kept per thread
        self._local = threading.local()

    def allow_request(self, request) -> bool:
        caller = getattr(request, "auth", None)
        kind = "token" if caller is not None and not caller.anonymous else "anonymous"
        rates = DEFAULT_RATES | getattr(settings, "ITA_API_RATES", {})
        allowed, window = parse_rate(rates[kind])
        if kind == "token":
            ident = str(caller.token.pk)
        else:
            key = settings.SECRET_KEY.encode()
            ident = hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()
        now = time.time()
        start = int(now // window) * window
        cache_key = f"ita-api:{kind}:{ident}:{start}"
        cache = _cache()
        cache.add(cache_key, 0, window + 1)
        try:
            used = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, window + 1)
            used = 1
        self._local.wait = start + window - now
        return used <= allowed

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
