"""Digits that are digits to str.isdigit() but not to int() (superscripts such as "²") are bad
input with a Thai answer, never a server error (issue 10, finding 9). Thai and Arabic digits
still read as numbers."""

import pytest
from django.urls import reverse

from ita.lib.thai_dates import DateInputError, parse_fiscal_year, parse_thai_date
from ita.surveys.forms import HeadcountForm

ODD = ["²", "2²", "¹²³", "⁵"]


@pytest.mark.parametrize("raw", ODD)
def test_odd_digits_are_not_years_dates_or_counts(raw):
    assert parse_fiscal_year(raw) is None
    with pytest.raises(DateInputError):
        parse_thai_date(f"{raw}/1/2567")
    form = HeadcountForm({"population": raw})
    assert not form.is_valid()
    assert "กรุณากรอกจำนวนเป็นตัวเลข" in form.errors["population"][0]


def test_thai_digits_still_read():
    assert parse_fiscal_year("๒๕๖๖") == 2566
    assert HeadcountForm({"population": "๔๕"}).is_valid()


@pytest.mark.django_db
def test_pages_that_read_numbers_from_the_address_answer_odd_digits_calmly(client, world):
    from ita.surveys.tests.conftest import open_wave

    wave = open_wave(world, "IIT", population=3)
    client.force_login(world.officer)
    headcount = client.post(reverse("surveys:wave_headcount", args=[wave.pk]), {"population": "²"})
    assert headcount.status_code == 302
    wave.refresh_from_db()
    assert wave.population == 3
    assert client.get(reverse("disclosure:readiness") + "?year=²").status_code in (200, 404)
