"""In Debian's Chromium: an officer makes a token on their own page (reached from "บัญชีของฉัน"),
sees it once, uses it against the API, revokes it; the API docs page (Swagger UI from our own
static files) draws under the site's Content-Security-Policy with no violation. Screenshots go
to $ITA_SCREENSHOTS/api."""

import json
import os
import re
import urllib.request
from pathlib import Path

import pytest

from ita.lib.tests.browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "api"


def _get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request) as response:  # loopback only: the live server
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_make_use_and_revoke_a_token(page, live_server, world):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    login(page, base, "officer")
    page.goto(f"{base}/accounts/me/")
    page.click("text=โทเค็นสำหรับ API")
    page.fill("#id_name", "ระบบรายงานของจังหวัด")
    page.fill("#id_expires_on", "31/12/2599")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    box = page.locator("[data-testid=new-token]")
    token = re.search(r"ita_[0-9a-f]{8}_[0-9a-f]{64}", box.inner_text())[0]
    page.screenshot(path=str(SHOTS / "token-made.png"), full_page=True)
    surveys = f"{base}/api/v1/agencies/{world.own.code}/surveys"
    assert _get(surveys, token) == 200
    page.goto(f"{base}/accounts/me/tokens/")
    assert page.locator("[data-testid=new-token]").count() == 0  # shown once
    assert token not in page.content()
    with page.expect_navigation():
        page.click("[data-testid=tokens] button")
    assert "เพิกถอนแล้ว" in page.locator("[data-testid=tokens]").inner_text()
    page.screenshot(path=str(SHOTS / "token-revoked.png"), full_page=True)
    assert _get(surveys, token) == 401


def test_the_docs_page_draws_under_the_csp(page, live_server, world):
    SHOTS.mkdir(parents=True, exist_ok=True)
    violations, requests = [], []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() == 12
    page.screenshot(path=str(SHOTS / "docs.png"), full_page=False)
    assert violations == []
    assert all(url.startswith(live_server.url) for url in requests), requests  # no CDN
