"""Finding 11 (issue 10): a public EIT link took about 2,880 answers a day from one address
(20 per 10 minutes, all day). Now each link has a daily budget tied to the wave's sample target;
beyond it (or beyond one address's allowance) an answer is stored only with a solved
proof-of-work challenge (ita/surveys/challenge.py), which needs no outside service."""

from __future__ import annotations

import hashlib
import re
import time
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse

from ita.surveys import challenge, ratelimit
from ita.surveys.models import PendingResponse, Response
from ita.surveys.queries import response_count

from .conftest import pattern_answers, questionnaire

pytestmark = pytest.mark.django_db


class Clock:
    """time.time() that the test moves on (the rate limit's windows, the challenge's expiry)."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(time, "time", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def fresh_cache():
    caches[ratelimit.cache_alias()].clear()
    yield
    caches[ratelimit.cache_alias()].clear()


@pytest.fixture
def small_budget(settings):
    """Three answers per address and window, a budget of 6 for the 30-answer sample target
    (every EIT wave of unknown population), and an easy challenge: the tests stay fast."""
    settings.ITA_SURVEY_EIT_LIMIT = 3
    settings.ITA_SURVEY_EIT_DAILY_FLOOR = 5
    settings.ITA_SURVEY_EIT_DAILY_FACTOR = "0.2"
    settings.ITA_SURVEY_CHALLENGE_BITS = 8


def url_of(wave) -> str:
    return reverse("surveys:respond_eit", args=[wave.public_code])


def answers(wave, **extra) -> dict:
    return pattern_answers(questionnaire(wave), "top") | {"client_id": str(uuid.uuid4())} | extra


def solve(token: str, bits: int) -> str:
    """What static/surveys/challenge.js does, in Python."""
    for n in range(1 << (bits + 8)):
        digest = hashlib.sha256(f"{token}:{n}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - bits) == 0:
            return str(n)
    raise AssertionError("no solution found")


def challenge_of(html: str) -> tuple[str, int]:
    found = re.search(r'name="challenge" value="([^"]+)" data-bits="(\d+)"', html)
    assert found, "the page carries no challenge"
    return found.group(1), int(found.group(2))


def stored(wave) -> int:
    return response_count(wave)


def test_one_address_cannot_answer_all_day_beyond_the_links_budget(
    client, small_budget, eit_wave, monkeypatch
):
    """The finding: one address posting within its per-window allowance, window after window,
    used to have every answer stored (2,880 a day at 20 per 10 minutes)."""
    clock = Clock(monkeypatch)
    codes = []
    for _window in range(4):  # 4 windows × 3 answers = 12, twice the budget of 6
        for _ in range(3):
            codes.append(client.post(url_of(eit_wave), answers(eit_wave)).status_code)
        clock.advance(600)
    assert ratelimit.daily_budget(eit_wave.min_responses) == 6
    assert stored(eit_wave) == 6
    assert codes == [302] * 6 + [429] * 6


def test_under_budget_no_challenge_is_asked(client, small_budget, eit_wave):
    page = client.get(url_of(eit_wave)).content.decode()
    assert 'name="challenge"' not in page and "challenge.js" in page
    for _ in range(3):
        assert client.post(url_of(eit_wave), answers(eit_wave)).status_code == 302
    assert stored(eit_wave) == 3


def fill_budget(client, wave, monkeypatch) -> Clock:
    clock = Clock(monkeypatch)
    for i in range(6):
        # each from its own address: the link's budget, not one address, is what runs out
        meta = {"REMOTE_ADDR": f"10.0.0.{i + 1}"}
        assert client.post(url_of(wave), answers(wave), **meta).status_code == 302
    return clock


def test_over_budget_an_answer_without_a_solved_challenge_is_refused_in_thai_and_kept_filled(
    client, small_budget, eit_wave, monkeypatch
):
    fill_budget(client, eit_wave, monkeypatch)
    page = client.get(url_of(eit_wave)).content.decode()
    token, bits = challenge_of(page)  # the challenge comes with the form, before submit
    assert bits == 8 and "ยืนยัน" in page
    before = (Response.objects.count(), PendingResponse.objects.count())
    sent = answers(eit_wave, comment="บริการดีมาก", challenge=token, solution="")
    response = client.post(url_of(eit_wave), sent)
    html = response.content.decode()
    assert response.status_code == 429
    assert "ยังไม่ได้บันทึกคำตอบ" in html and "คำตอบที่ท่านกรอกไว้ยังอยู่ครบ" in html
    # the form comes back filled: every choice, the comment and the same client id
    assert html.count(" checked") == len([k for k in sent if k[0] == "E"])
    assert "บริการดีมาก" in html and sent["client_id"] in html
    assert (Response.objects.count(), PendingResponse.objects.count()) == before
    assert stored(eit_wave) == 6


def test_over_budget_a_solved_challenge_stores_the_answer_once(
    client, small_budget, eit_wave, monkeypatch
):
    fill_budget(client, eit_wave, monkeypatch)
    token, bits = challenge_of(client.get(url_of(eit_wave)).content.decode())
    sent = answers(eit_wave, challenge=token, solution=solve(token, bits))
    response = client.post(url_of(eit_wave), sent)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[eit_wave.public_code])
    assert stored(eit_wave) == 7
    # the same challenge again (a replay, even with a new form) is refused and stores nothing
    again = client.post(url_of(eit_wave), sent | {"client_id": str(uuid.uuid4())})
    assert again.status_code == 429
    assert "รหัสยืนยันนี้ใช้ไปแล้ว" in again.content.decode()
    assert stored(eit_wave) == 7


def test_an_expired_a_forged_or_a_wrong_challenge_is_refused(
    client, small_budget, eit_wave, world, monkeypatch
):
    clock = fill_budget(client, eit_wave, monkeypatch)
    token, bits = challenge_of(client.get(url_of(eit_wave)).content.decode())
    solution = solve(token, bits)

    def post(**extra):
        return client.post(url_of(eit_wave), answers(eit_wave, **extra))

    # a wrong solution
    wrong = next(str(n) for n in range(10**6) if str(n) != solution
                 and int.from_bytes(hashlib.sha256(f"{token}:{n}".encode()).digest(), "big")
                 >> (256 - bits) != 0)  # fmt: skip
    assert "รหัสยืนยันไม่ถูกต้อง" in post(challenge=token, solution=wrong).content.decode()
    # forged: a payload changed, or a challenge made up with another key
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert "รหัสยืนยันไม่ถูกต้อง" in post(challenge=forged, solution=solve(forged, bits)).content.decode()
    # a challenge of another link does not open this one
    other = challenge.issue("otherlink", bits)
    assert post(challenge=other, solution=solve(other, bits)).status_code == 429
    # a challenge for fewer bits than asked (a client that picked its own difficulty)
    easy = challenge.issue(eit_wave.public_code, 0)
    assert post(challenge=easy, solution="0").status_code == 429
    # expired
    clock.advance(challenge.lifetime() + 1)
    late = post(challenge=token, solution=solution)
    assert late.status_code == 429 and "หมดอายุ" in late.content.decode()
    # junk of every kind is a Thai refusal, never a 500
    for junk in ("", "x" * 5000, "๑๒๓", "a:b:c", "\x00"):
        response = post(challenge=junk, solution=junk)
        assert response.status_code == 429 and "ยังไม่ได้บันทึกคำตอบ" in response.content.decode()
    assert stored(eit_wave) == 6


def test_one_address_past_its_allowance_needs_the_challenge_even_under_budget(
    client, settings, small_budget, eit_wave
):
    settings.ITA_SURVEY_EIT_DAILY_FLOOR = 1000
    for _ in range(3):
        assert client.post(url_of(eit_wave), answers(eit_wave)).status_code == 302
    refused = client.post(url_of(eit_wave), answers(eit_wave))
    assert refused.status_code == 429
    token, bits = challenge_of(refused.content.decode())
    solved = client.post(url_of(eit_wave), answers(eit_wave, challenge=token,
                                                   solution=solve(token, bits)))  # fmt: skip
    assert solved.status_code == 302
    assert stored(eit_wave) == 4
    # another address is not affected
    assert (
        client.get(url_of(eit_wave), REMOTE_ADDR="127.0.0.9")
        .content.decode()
        .count('name="challenge"')
        == 0
    )


@pytest.mark.parametrize(
    ("target", "budget"),
    [(0, 60), (1, 60), (30, 60), (31, 62), (200, 400), (400, 800)],
)
def test_the_daily_budget_follows_the_sample_target(target, budget):
    assert ratelimit.daily_budget(target) == budget


def test_the_budget_of_a_wave_follows_its_headcount(client, world, settings, eit_wave):
    from ita.surveys import actions

    assert ratelimit.daily_budget(eit_wave.min_responses) == 60  # 30 answers needed
    actions.set_population(acting_user=world.officer, wave=eit_wave, population=3000)
    eit_wave.refresh_from_db()
    assert eit_wave.min_responses == 300
    assert ratelimit.daily_budget(eit_wave.min_responses) == 600


def test_difficulty_grows_with_how_far_past_the_budget_the_day_is(settings, eit_wave):
    settings.ITA_SURVEY_CHALLENGE_BITS = 16
    code, budget = eit_wave.public_code, ratelimit.daily_budget(eit_wave.min_responses)
    assert ratelimit.challenge_bits(eit_wave, address_over=False) is None
    assert ratelimit.challenge_bits(eit_wave, address_over=True) == 16
    for _ in range(budget):
        ratelimit.count_answer(code)
    assert ratelimit.challenge_bits(eit_wave, address_over=False) == 16
    for _ in range(budget * 10):
        ratelimit.count_answer(code)
    assert ratelimit.challenge_bits(eit_wave, address_over=False) == 16 + ratelimit.MAX_EXTRA_BITS


def test_the_day_counter_holds_no_address_and_no_time_finer_than_the_day(
    client, small_budget, eit_wave
):
    client.post(url_of(eit_wave), answers(eit_wave), REMOTE_ADDR="198.51.100.7")
    cache = caches[ratelimit.cache_alias()]
    keys = [k for k in cache._cache if ":sbud:" in k]  # locmem's own store
    assert len(keys) == 1
    assert "198.51.100.7" not in keys[0] and re.search(r":\d{4}-\d\d-\d\d$", keys[0])
