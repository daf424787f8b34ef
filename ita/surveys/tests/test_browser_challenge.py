"""In Debian's Chromium, under the site's Content-Security-Policy: a public EIT link past its
daily budget (finding 11) shows the Thai explanation, static/surveys/challenge.js solves the
proof-of-work challenge (the real difficulty, 16 bits) while the respondent answers, and the
answer is stored. A tap on "send" before the work is done waits for it."""

import os

import pytest
from django.core.cache import caches

from ita.surveys import ratelimit
from ita.surveys.queries import response_count

from .conftest import open_wave
from .test_browser import PHONE, SHOTS, answer_everything
from .test_browser_csp import violations_of

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(locale="th-TH", **PHONE)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def test_past_the_budget_the_browser_solves_the_challenge_and_the_answer_is_stored(
    phone, live_server, world, settings
):
    caches[ratelimit.cache_alias()].clear()
    settings.ITA_SURVEY_EIT_DAILY_FLOOR = 1
    settings.ITA_SURVEY_EIT_DAILY_FACTOR = 0
    wave = open_wave(world, "EIT", population=0)
    ratelimit.count_answer(wave.public_code)  # the day's budget of 1 is used up
    found = violations_of(phone)

    phone.goto(f"{live_server.url}/surveys/e/{wave.public_code}/")
    assert "ได้รับคำตอบมากกว่าปกติ" in phone.inner_text("[data-testid=challenge]")
    assert phone.get_attribute("input[name=challenge]", "data-bits") == "16"
    phone.wait_for_selector("form#survey[data-challenge=solved]")
    assert "ยืนยันแล้ว" in phone.inner_text("#challenge-status")
    answer_everything(phone)
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.locator("[data-testid=challenge]").scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "survey-challenge.png"))
    phone.click("#send")
    phone.wait_for_selector("[data-testid=thanks]")
    assert response_count(wave) == 1
    assert found == []
    # What 16 bits cost: 65,536 SHA-256 (the mean number of tries) in this browser.
    seconds = phone.evaluate(MEAN_WORK_16_BITS) / 1000
    print(f"65,536 SHA-256 (the mean work of 16 bits) in Chromium: {seconds:.2f} s")
    assert seconds < 30


MEAN_WORK_16_BITS = """(async () => {
  const encoder = new TextEncoder(), started = performance.now();
  for (let start = 0; start < 65536; start += 256) {
    const tries = [];
    for (let i = 0; i < 256; i += 1) {
      tries.push(crypto.subtle.digest("SHA-256", encoder.encode("x:" + (start + i))));
    }
    await Promise.all(tries);
  }
  return performance.now() - started;
})()"""


# Holds every SHA-256 of the page until the test lets it go (an init script runs outside the
# page's policy): the tap on "send" surely comes before the solution.
HOLD_DIGESTS = """
window.__go = null;
const held = new Promise((resolve) => { window.__go = resolve; });
const digest = crypto.subtle.digest.bind(crypto.subtle);
crypto.subtle.digest = (algorithm, data) => held.then(() => digest(algorithm, data));
"""


def test_a_tap_before_the_work_is_done_waits_for_it(phone, live_server, world, settings):
    caches[ratelimit.cache_alias()].clear()
    settings.ITA_SURVEY_EIT_DAILY_FLOOR = 1
    settings.ITA_SURVEY_EIT_DAILY_FACTOR = 0
    settings.ITA_SURVEY_CHALLENGE_BITS = 8
    wave = open_wave(world, "EIT", population=0)
    ratelimit.count_answer(wave.public_code)
    phone.add_init_script(HOLD_DIGESTS)
    phone.goto(f"{live_server.url}/surveys/e/{wave.public_code}/")
    answer_everything(phone)
    phone.fill("#comment", "รอคิวนาน")
    phone.click("#send")
    assert "กำลังคำนวณรหัสยืนยันก่อนส่ง" in phone.inner_text("#challenge-status")
    assert not phone.is_disabled("#send")  # held, not sent: the button is not left "sending"
    assert response_count(wave) == 0
    phone.evaluate("window.__go()")
    phone.wait_for_selector("[data-testid=thanks]")
    assert response_count(wave) == 1
