"""The current year on the survey pages (issue 9): the wave forms offer exactly the years with a
framework and default to the current fiscal year (2570, declared to use ita-2569), a wave of
that year opens with ita-2569's questions, and the officers' pages of the wave say the
framework is provisional while its respondents never see it."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ita.frameworks import years
from ita.lib.thai_dates import fiscal_year_of
from ita.surveys.models import Wave

from .conftest import open_wave, token_of

pytestmark = pytest.mark.django_db
NOTICE = "ยังไม่มีกรอบการประเมินของสำนักงาน ป.ป.ช. ที่เผยแพร่แล้ว"


def _select(page: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no <select name={name}>"
    return select.group(1)


def _options(page: str, name: str) -> list[tuple[str, str]]:
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', _select(page, name))


def _selected(page: str, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"[^>]*selected', _select(page, name))


def _warnings(page: str) -> list[str]:
    return re.findall(r'<div class="alert alert-warning[^"]*"[^>]*>(.*?)</div>', page, re.S)


def _wave_post(year: str, tool: str = "IIT") -> dict:
    today = timezone.localdate()
    return {"tool": tool, "fiscal_year": year, "starts_on": today,
            "ends_on": today + dt.timedelta(days=14), "population": "20"}  # fmt: skip


@pytest.mark.parametrize("url_name", ["wave_new", "province_new"])
def test_wave_forms_offer_the_years_with_a_framework_and_default_to_the_current_one(
    client, world, url_name
):
    client.force_login(world.coordinator)
    args = [world.own.pk] if url_name == "wave_new" else []
    page = client.get(reverse(f"surveys:{url_name}", args=args)).content.decode()
    options = _options(page, "fiscal_year")
    assert options == [(str(y), label) for y, label in years.year_choices()]
    assert [int(v) for v, _ in options] == list(range(2570, 2561, -1))
    assert options[0] == ("2570", "2570 (กรอบชั่วคราว)")
    # the current fiscal year when it has a framework (FY 2570 from 1 October 2026)
    current = fiscal_year_of(timezone.localdate())
    expected = current if current in years.framework_years() else years.default_year()
    assert _selected(page, "fiscal_year") == [str(expected)]


def test_a_wave_for_the_declared_year_is_accepted_with_its_framework(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("surveys:wave_new", args=[world.own.pk]), _wave_post("๒๕๗๐"))
    assert response.status_code == 302, response.content.decode()[:2000]
    wave = Wave.objects.get()
    assert (wave.fiscal_year, wave.framework.code) == (2570, "ita-2569")


def test_coordinator_opens_province_waves_for_the_declared_year(client, world):
    client.force_login(world.coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:province_new"),
        {"province": world.province.pk, "tools": ["EIT"], "fiscal_year": "2570",
         "starts_on": today, "ends_on": today + dt.timedelta(days=30), "headcount": "25"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert {w.framework.code for w in Wave.objects.all()} == {"ita-2569"}
    page = client.get(response["Location"]).content.decode()
    assert any(NOTICE in w for w in _warnings(page))


@pytest.mark.parametrize("typed", ["2571", "2550", "abc"])
def test_a_year_without_a_framework_is_refused_in_thai(client, world, typed):
    client.force_login(world.officer)
    response = client.post(reverse("surveys:wave_new", args=[world.own.pk]), _wave_post(typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"ปีงบประมาณ \d+ ยังไม่มีกรอบการประเมิน|กรุณาเลือกปีงบประมาณ", page)
    assert not Wave.objects.exists()


def test_the_officers_pages_of_a_declared_year_say_provisional(client, world):
    iit = open_wave(world, "IIT", fiscal_year=2570)
    eit = open_wave(world, "EIT", population=0, fiscal_year=2570)
    client.force_login(world.officer)
    for wave in (iit, eit):
        page = client.get(reverse("surveys:wave_detail", args=[wave.pk])).content.decode()
        notices = [w for w in _warnings(page) if NOTICE in w]
        assert len(notices) == 1 and "ชั่วคราว" in notices[0], wave.tool
    for url in (reverse("surveys:agency_waves", args=[world.own.pk]), reverse("surveys:wave_list")):
        page = client.get(url).content.decode()
        assert any(NOTICE in w and "2570" in w for w in _warnings(page)), url
    form = client.get(reverse("surveys:wave_new", args=[world.own.pk]) + "?tool=EIT")
    assert "(กรอบชั่วคราว)" in form.content.decode()
    # respondents answer the questions and never see the remark
    client.logout()
    for url in (
        reverse("surveys:respond_iit", args=[iit.public_code, token_of(iit, 1)]),
        reverse("surveys:respond_eit", args=[eit.public_code]),
    ):
        page = client.get(url).content.decode()
        assert "ชั่วคราว" not in page and NOTICE not in page, url


def test_a_wave_of_a_year_with_its_own_framework_says_nothing(client, world):
    wave = open_wave(world, "EIT", population=0, fiscal_year=2569)
    client.force_login(world.officer)
    page = client.get(reverse("surveys:wave_detail", args=[wave.pk])).content.decode()
    assert NOTICE not in page
    page = client.get(reverse("surveys:agency_waves", args=[world.own.pk])).content.decode()
    assert NOTICE not in page
