"""The survey pages: who sees what (every officer URL × every persona), the respondent flows
(one-time links, duplicates, Thai refusals, rate limits), privacy thresholds, and query budgets."""

import datetime as dt
import json
import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import SEED_001_2566, decimals
from ita.assessments.actions import record_result
from ita.audit.models import AuditEvent
from ita.surveys import actions
from ita.surveys.models import Response, Wave, WaveStatus
from ita.surveys.queries import response_count
from ita.surveys.questionnaire import read_answers
from ita.surveys.rules import ANONYMITY_K

from .conftest import YEAR, open_wave, pattern_answers, questionnaire, token_of

pytestmark = pytest.mark.django_db


def officer_urls(wave):
    urls = [
        reverse("surveys:agency_waves", args=[wave.agency_id]),
        reverse("surveys:wave_detail", args=[wave.pk]),
        reverse("surveys:wave_progress", args=[wave.pk]),
    ]
    if wave.tool == "EIT":
        urls.append(reverse("surveys:wave_poster", args=[wave.pk]))
    return urls


READERS = ["officer", "division_head", "executive", "coordinator", "assessor", "national"]
WRITERS = ["officer", "coordinator", "national"]


@pytest.mark.parametrize("persona", READERS)
def test_own_agency_survey_pages_are_visible_to_its_people(
    client, world, iit_wave, eit_wave, persona
):
    client.force_login(getattr(world, persona))
    for url in officer_urls(iit_wave) + officer_urls(eit_wave):
        assert client.get(url).status_code == 200, url
    slips = client.get(reverse("surveys:wave_slips", args=[iit_wave.pk]))
    assert slips.status_code == (200 if persona in WRITERS else 404)


@pytest.mark.parametrize("persona", ["foreign_officer", "nobody"])
def test_foreign_agency_survey_pages_answer_404(client, world, iit_wave, eit_wave, persona):
    client.force_login(getattr(world, persona))
    urls = officer_urls(iit_wave) + officer_urls(eit_wave)
    urls += [
        reverse("surveys:wave_slips", args=[iit_wave.pk]),
        reverse("surveys:wave_new", args=[world.own.pk]),
        reverse("surveys:wave_export", args=[eit_wave.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("surveys:wave_close", "surveys:wave_headcount"):
        assert client.post(reverse(name, args=[iit_wave.pk])).status_code == 404
    iit_wave.refresh_from_db()
    assert iit_wave.status == WaveStatus.OPEN


def test_missing_and_foreign_waves_look_the_same(client, world, iit_wave):
    client.force_login(world.foreign_officer)
    missing = client.get(reverse("surveys:wave_detail", args=[999999]))
    foreign = client.get(reverse("surveys:wave_detail", args=[iit_wave.pk]))
    assert missing.status_code == foreign.status_code == 404


def test_anonymous_officer_pages_redirect_to_login(client, iit_wave):
    response = client.get(reverse("surveys:wave_detail", args=[iit_wave.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_opens_an_iit_wave_and_sees_the_minimum_and_slips(client, world):
    client.force_login(world.officer)
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:wave_new", args=[world.own.pk]),
        {"tool": "IIT", "fiscal_year": "๒๕๖๖", "starts_on": today,
         "ends_on": today + dt.timedelta(days=14), "population": "๓๐๑"},
    )  # fmt: skip
    wave = Wave.objects.get()
    assert response.status_code == 302
    assert (wave.fiscal_year, wave.population, wave.min_responses, wave.tokens_issued) == (
        2566, 301, 31, 0,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="survey.wave_opened", object_id=str(wave.pk)).exists()
    page = client.get(reverse("surveys:wave_detail", args=[wave.pk])).content.decode()
    assert "ขั้นต่ำ 31 ชุด" in page
    url = reverse("surveys:wave_slips", args=[wave.pk])
    form = client.get(url).content.decode()
    assert 'value="301"' in form and "ไม่เก็บรหัสไว้" in form
    response = client.post(url, {"count": "๓๐๑"})
    slips = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert slips.count('data-testid="slip"') == 301
    # a QR code on every slip (the navigation's icons come before the first slip)
    assert slips.split('data-testid="slip"', 1)[1].count("<svg") == 301
    assert not re.search(r"ใบที่ \d", slips)  # no serial numbers
    links = re.findall(r'data-testid="slip-url">[^<]*/surveys/t/[^/]+/([a-z2-7]{17})/<', slips)
    assert len(set(links)) == 301
    wave.refresh_from_db()
    assert wave.tokens_issued == wave.tokens.count() == 301
    assert AuditEvent.objects.filter(action="survey.slips_issued").count() == 1
    # a second visit cannot show them again: the server kept none
    assert not any(t in client.get(url).content.decode() for t in links)


def test_a_second_open_wave_of_the_same_tool_is_refused_in_thai(client, world, iit_wave):
    client.force_login(world.officer)
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:wave_new", args=[world.own.pk]),
        {"tool": "IIT", "fiscal_year": "2566", "starts_on": today, "ends_on": today,
         "population": "5"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "ยังเปิดอยู่ ต้องปิดรอบเดิมก่อน" in response.content.decode()
    assert Wave.objects.count() == 1


def test_headcount_change_moves_the_minimum_and_offers_the_missing_slips(client, world, iit_wave):
    client.force_login(world.officer)
    client.post(reverse("surveys:wave_headcount", args=[iit_wave.pk]), {"population": "400"})
    iit_wave.refresh_from_db()
    assert (iit_wave.population, iit_wave.tokens_issued, iit_wave.min_responses) == (400, 10, 40)
    form = client.get(reverse("surveys:wave_slips", args=[iit_wave.pk])).content.decode()
    assert 'value="390"' in form


def test_voiding_unused_slips_keeps_answers_and_says_how_many(client, world, iit_wave):
    submit_many(iit_wave, 2)
    client.force_login(world.officer)
    response = client.post(reverse("surveys:wave_slips_void", args=[iit_wave.pk]), follow=True)
    assert "ยกเลิกใบรหัสที่ยังไม่ได้ใช้แล้ว 8 ใบ" in response.content.decode()
    assert not iit_wave.tokens.exists() and response_count(iit_wave) == 2
    url = reverse("surveys:respond_iit", args=[iit_wave.public_code, token_of(iit_wave, 3)])
    assert post_answers(client, url, iit_wave).status_code == 409


def post_answers(client, url, wave, pattern="top", client_id=None, meta=None):
    data = pattern_answers(questionnaire(wave), pattern)
    data |= {"client_id": str(client_id or uuid.uuid4())}
    return client.post(url, data, **(meta or {}))


def test_iit_link_answer_thanks_then_thai_refusal(client, iit_wave):
    url = reverse("surveys:respond_iit", args=[iit_wave.public_code, token_of(iit_wave, 1)])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    spec_title = questionnaire(iit_wave).questions[0].title
    assert spec_title in html and 'name="I1_1"' in html
    response = post_answers(client, url, iit_wave)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[iit_wave.public_code])
    # the page looks the same once used (test_adversary); sending answers again is refused
    assert client.get(url).status_code == 200
    again_post = post_answers(client, url, iit_wave)
    assert again_post.status_code == 409
    assert "รหัสนี้ใช้ตอบแบบสำรวจไปแล้ว" in again_post.content.decode()
    assert response_count(iit_wave) == 1


def test_a_double_tap_returns_the_same_thanks_and_stores_one(client, eit_wave):
    url = reverse("surveys:respond_eit", args=[eit_wave.public_code])
    client_id = uuid.uuid4()
    first = post_answers(client, url, eit_wave, client_id=client_id)
    second = post_answers(client, url, eit_wave, client_id=client_id)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert response_count(eit_wave) == 1


def test_unanswered_questions_come_back_with_thai_errors_and_answers_kept(client, eit_wave):
    url = reverse("surveys:respond_eit", args=[eit_wave.public_code])
    data = pattern_answers(questionnaire(eit_wave), "top")
    del data["E5"]
    response = client.post(url, data | {"client_id": str(uuid.uuid4()), "comment": "ดีมาก"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "ยังไม่ได้ตอบ 1 ข้อ" in html and 'href="#f-E5"' in html
    assert 'name="E2" value="3" required checked' in html
    assert "ดีมาก" in html
    assert not Response.objects.exists()


def test_unknown_token_is_404_and_closed_wave_says_so_in_thai(client, world, iit_wave, eit_wave):
    assert (
        client.get(reverse("surveys:respond_iit", args=["nosuchwave", "nosuchtoken"])).status_code
        == 404
    )
    token = token_of(iit_wave, 1)
    mistyped = token[:-1] + ("a" if token[-1] != "a" else "b")  # the check letter fails
    mistyped_url = reverse("surveys:respond_iit", args=[iit_wave.public_code, mistyped])
    assert client.get(mistyped_url).status_code == 404
    actions.close_wave(acting_user=world.officer, wave=eit_wave)
    response = client.get(reverse("surveys:respond_eit", args=[eit_wave.public_code]))
    assert response.status_code == 410
    assert "ไม่ได้เปิดรับคำตอบ" in response.content.decode()


def test_an_answer_sent_after_the_wave_closed_is_not_stored(client, world, iit_wave):
    url = reverse("surveys:respond_iit", args=[iit_wave.public_code, token_of(iit_wave, 1)])
    assert client.get(url).status_code == 200  # the form is open on a phone
    actions.close_wave(acting_user=world.officer, wave=iit_wave)
    response = post_answers(client, url, iit_wave)
    assert response.status_code == 410
    assert "ไม่ได้เปิดรับคำตอบ" in response.content.decode()
    assert response_count(iit_wave) == 0
    assert iit_wave.tokens.count() == iit_wave.tokens_issued  # the slip is still good


def test_eit_rate_limit_slows_a_flood_without_storing_who(client, settings, eit_wave):
    settings.ITA_SURVEY_EIT_LIMIT = 3
    url = reverse("surveys:respond_eit", args=[eit_wave.public_code])
    codes = [post_answers(client, url, eit_wave).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert response_count(eit_wave) == 3
    assert "ถี่เกินไป" in post_answers(client, url, eit_wave).content.decode()
    other = post_answers(client, url, eit_wave, meta={"REMOTE_ADDR": "127.0.0.2"})
    assert other.status_code == 302


def test_the_client_address_header_is_trusted_only_when_configured(settings):
    from ita.surveys.ratelimit import client_address

    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"}
    assert client_address(meta) == "10.0.0.1"
    settings.ITA_SURVEY_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_address(meta) == "203.0.113.9"


def submit_many(wave, n, comment=""):
    q = questionnaire(wave)
    for i in range(n):
        actions.submit_response(
            wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
            client_id=uuid.uuid4(), comment=f"{comment}{i}" if comment else "",
            token=token_of(wave, i + 1) if wave.tool == "IIT" else None,
        )  # fmt: skip


def test_comments_and_items_hidden_below_k_responses(client, world, eit_wave):
    client.force_login(world.officer)
    submit_many(eit_wave, ANONYMITY_K - 1, comment="ความเห็นที่")
    url = reverse("surveys:wave_detail", args=[eit_wave.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="comments-hidden"' in html and 'data-testid="items-hidden"' in html
    assert "ความเห็นที่" not in html
    assert client.get(reverse("surveys:wave_export", args=[eit_wave.pk])).status_code == 404
    submit_many(eit_wave, 1, comment="ความเห็นที่")
    html = client.get(url).content.decode()
    assert Response.objects.count() == ANONYMITY_K
    assert 'data-testid="comments"' in html and "ความเห็นที่0" in html
    assert 'data-testid="item-table"' in html


def test_export_holds_aggregates_only(client, world, eit_wave):
    client.force_login(world.officer)
    submit_many(eit_wave, ANONYMITY_K, comment="ชื่อผู้ตอบ")
    content = client.get(reverse("surveys:wave_export", args=[eit_wave.pk])).content.decode()
    lines = content.lstrip("\ufeff").strip().splitlines()
    assert lines[0] == "ข้อ,ตัวชี้วัด,ข้อคำถาม,จำนวนผู้ตอบ,คะแนน"
    assert len(lines) == 16 and lines[1].startswith("E1,6,") and lines[1].endswith(",10,100.00")
    assert "ชื่อผู้ตอบ" not in content


def test_closed_wave_shows_self_assessment_beside_the_official_result(client, world):
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=YEAR,
        indicator_scores=decimals(SEED_001_2566),
    )  # fmt: skip
    wave = open_wave(world, "EIT", population=0)
    submit_many(wave, 5)
    client.force_login(world.officer)
    response = client.post(reverse("surveys:wave_close", args=[wave.pk]))
    assert response.status_code == 302
    html = client.get(reverse("surveys:wave_detail", args=[wave.pk])).content.decode()
    assert 'data-testid="self-tool-score">100.00<' in html
    assert 'data-testid="official-tool-score">81.61<' in html  # mean(87.06, 77.91, 79.87)
    assert "ผลการประเมินตนเองเทียบกับผลทางการ" in html
    assert 'id="chart-data"' in html and "js/charts.js" in html
    charts = json.loads(
        re.search(r'id="chart-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert charts["tools"]["codes"] == ["EIT ประเมินตนเอง", "EIT ผลทางการ"]
    assert charts["tools"]["values"] == [100.0, 81.61]
    assert charts["indicators"]["values"] == [100.0, 100.0, 100.0]
    assert charts["indicators"]["previous"] == [87.06, 77.91, 79.87]  # the official ones
    assert AuditEvent.objects.filter(action="survey.wave_closed").count() == 1
    wave.refresh_from_db()
    assert wave.tool_score == Decimal("100.00")


def test_coordinator_opens_waves_for_the_whole_province(client, world):
    open_wave(world, "EIT", population=0)  # the own agency already has an EIT wave
    client.force_login(world.coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:province_new"),
        {"province": world.province.pk, "tools": ["IIT", "EIT"], "fiscal_year": "2566",
         "starts_on": today, "ends_on": today + dt.timedelta(days=30), "headcount": "25"},
    )  # fmt: skip
    assert response.status_code == 302
    waves = Wave.objects.filter(campaign__isnull=False)
    assert sorted((w.agency.code, w.tool) for w in waves) == [
        ("T-NEIGHBOUR", "EIT"), ("T-NEIGHBOUR", "IIT"), ("T-OWN", "IIT"),
    ]  # fmt: skip
    assert all(w.min_responses == 25 for w in waves if w.tool == "IIT")
    posters = client.get(reverse("surveys:campaign_posters", args=[waves[0].campaign_id]))
    assert posters.content.decode().count('data-testid="poster"') == 1
    assert client.get(response["Location"]).status_code == 200


def test_officers_cannot_open_province_waves(client, world):
    client.force_login(world.officer)
    assert client.get(reverse("surveys:province_new")).status_code == 404


def test_list_pages_keep_their_query_budget(client, world, django_assert_max_num_queries):
    for agency in (world.own, world.neighbour):
        open_wave(world, "IIT", population=3, agency=agency)
        open_wave(world, "EIT", population=0, agency=agency)
    client.force_login(world.coordinator)
    for url in (reverse("surveys:wave_list"), reverse("surveys:agency_waves", args=[world.own.pk])):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_respondent_form_keeps_its_query_budget(client, iit_wave, django_assert_max_num_queries):
    url = reverse("surveys:respond_iit", args=[iit_wave.public_code, token_of(iit_wave, 1)])
    client.get(url)  # warm the questionnaire cache
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
    # PostgreSQL: the wave's lock, then one statement spends the slip and stores the answer
    # (inside the test's transaction, a savepoint and its release too); the ORM path takes more
    with django_assert_max_num_queries(4 if connection.vendor == "postgresql" else 10):
        assert post_answers(client, url, iit_wave).status_code == 302
