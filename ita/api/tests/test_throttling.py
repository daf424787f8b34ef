"""Rate limits: anonymous callers per address, token callers per token and higher; past the
limit 429 with a Thai message and Retry-After, and the window's end lets them in again."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from ita.api import throttles
from ita.api.tests.conftest import bearer, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.ITA_API_RATES = {"anonymous": "3/min", "token": "5/min"}
    caches["default"].clear()


def statuses(client, n, **headers):
    return [client.get("/api/v1/frameworks/", **headers).status_code for _ in range(n)]


def test_parse_rate():
    assert throttles.parse_rate("60/min") == (60, 60)
    assert throttles.parse_rate("600/h") == (600, 3600)
    assert throttles.parse_rate("5/s") == (5, 1)


def test_anonymous_callers_are_limited_per_address(api, world, limits):
    assert statuses(api, 4, REMOTE_ADDR="10.0.0.1") == [200, 200, 200, 429]
    refused = api.get("/api/v1/frameworks/", REMOTE_ADDR="10.0.0.1")
    body = refused.json()
    assert body["detail"] == "เรียกใช้ถี่เกินกำหนด กรุณารอสักครู่แล้วลองใหม่"
    assert body["detail_en"].startswith("Too many requests")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert statuses(api, 1, REMOTE_ADDR="10.0.0.2") == [200]  # another address


def test_a_token_has_its_own_higher_limit(api, world, limits):
    token = bearer(token_for(world.officer))
    assert statuses(api, 3, REMOTE_ADDR="10.0.0.3") == [200] * 3
    assert statuses(api, 6, REMOTE_ADDR="10.0.0.3", **token) == [200] * 5 + [429]
    other = bearer(token_for(world.national))
    assert statuses(api, 1, REMOTE_ADDR="10.0.0.3", **other) == [200]


def test_the_next_window_lets_them_in_again(api, world, limits, monkeypatch):
    now = [1_000_020.0]
    monkeypatch.setattr(throttles.time, "time", lambda: now[0])
    assert statuses(api, 4, REMOTE_ADDR="10.0.0.4") == [200, 200, 200, 429]
    now[0] += 60
    assert statuses(api, 1, REMOTE_ADDR="10.0.0.4") == [200]


def test_no_address_is_kept_in_the_cache(api, world, limits):
    api.get("/api/v1/frameworks/", REMOTE_ADDR="10.9.8.7")
    keys = list(caches["default"]._cache.keys())
    assert keys and not any("10.9.8.7" in k for k in keys)
