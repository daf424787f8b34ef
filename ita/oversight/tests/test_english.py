"""The oversight pages in English (issue 13): headings that name the province, the forms' labels
and choices, districts ("District ปาย"), the actions' refusals and the report's bad-year message
are English; the names stay Thai, the same pages in Thai are unchanged, and the province report
stays Thai whatever the reader's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ita.oversight.tests.test_meetings import ask, meeting_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def thai_afterwards():
    """The locale middleware leaves the last request's language active in the thread: the
    actions called directly by the next tests would say no in English."""
    yield
    translation.deactivate()


def speak(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_meeting_pages_in_english_name_the_province_and_districts(client, world):
    followup = ask(world, meeting_of(world))
    speak(client, "en").force_login(world.coordinator)
    html = client.get(reverse("oversight:meeting_new", args=[world.province.pk])).content.decode()
    assert f"Meetings and clinics, Province {world.province.name}" in html
    assert "District ปาย" in html and "Province level (no district)" in html
    assert "อำเภอปาย" not in html and "สถานที่" not in html
    html = client.get(reverse("oversight:meeting", args=[followup.meeting_id])).content.decode()
    assert "District ปาย ·" in html and "Indicator 1<" in html and "— choose an agency —" in html

    speak(client, "th")
    html = client.get(reverse("oversight:meeting_new", args=[world.province.pk])).content.decode()
    assert f"การประชุมและคลินิก จังหวัด{world.province.name}" in html and "อำเภอปาย" in html


def test_a_refusal_of_an_action_is_english_under_english(client, world):
    meeting = meeting_of(world)
    speak(client, "en").force_login(world.coordinator)
    response = client.post(
        reverse("oversight:followup_add", args=[meeting.pk]),
        {"agency": world.own.pk, "request": "ส่งรายงาน", "due_on": "1/1/2563"},
    )
    assert response.status_code == 400
    assert "The due date cannot be before the meeting" in response.content.decode()


def test_the_officer_answers_in_english(client, world):
    followup = ask(world, meeting_of(world))
    speak(client, "en").force_login(world.officer)
    url = reverse("oversight:agency_followups", args=[world.own.pk])
    html = client.get(url).content.decode()
    assert f"Matters Province {world.province.name} follows up" in html
    html = client.get(reverse("oversight:followup_answer", args=[followup.pk])).content.decode()
    assert "Evidence link (if any)" in html and "District ปาย" in html


def test_the_report_s_bad_year_message_is_in_the_reader_s_language(client, world):
    speak(client, "en").force_login(world.coordinator)
    url = reverse("oversight:province_report", args=[world.province.pk, "pdf"]) + "?year=abc"
    html = client.get(url, follow=True).content.decode()
    assert "Invalid fiscal year" in html and "ปีงบประมาณไม่ถูกต้อง" not in html


def test_the_dashboard_s_filters_in_english(client, world):
    speak(client, "en").force_login(world.coordinator)
    url = reverse("oversight:province", args=[world.province.pk]) + "?year=2563"
    html = client.get(url).content.decode()
    assert f"ITA assessment overview, Province {world.province.name}, fiscal year 2563" in html
    assert "All districts" in html and ">District ปาย<" in html
    assert "Total score, low to high" in html and "Indicator 10, low to high" in html
    assert "Local government organisations" in html and "Returned for changes" in html
    assert "ทุกอำเภอ" not in html and "ต่ำไปสูง" not in html
