"""The navigation fits a 1280 px screen (an office laptop) for every persona, in Thai and in
English: the national administrator, who has every menu, saw logout and the language switch
pushed off the screen (the page was 1412 px wide)."""

import os
from pathlib import Path

import pytest

from ita.lib.tests.browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "navbar"


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("username", ["national", "coordinator", "officer", "assessor"])
def test_the_navbar_fits_1280_px_in_thai_and_english(page, live_server, world, username):
    login(page, live_server.url, username)
    assert overflow(page) <= 0, "Thai"
    for button in ("ออกจากระบบ",):
        box = page.locator(f"nav button:has-text('{button}')").bounding_box()
        assert box and box["x"] + box["width"] <= 1280
    page.click("[data-testid=language-switch] button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert overflow(page) <= 0, "English"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{username}-en.png")
