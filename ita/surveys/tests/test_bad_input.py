"""Bad input on the officers' survey forms (found by ita/tests_access/test_fuzz_forms.py): a Thai
message and nothing changed, never a 500 nor a request that runs for minutes."""

import pytest
from django.urls import reverse

from ita.surveys.forms import SlipsForm, WaveForm

from .conftest import open_wave

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", ["9" * 5000, "๙" * 5000, "1" + "0" * 30])
def test_a_count_too_long_for_int_is_a_thai_error(count):
    """int() refuses strings of more than 4,300 digits (ValueError): it was a 500."""
    form = SlipsForm({"count": count})
    assert not form.is_valid()
    assert "จำนวน" in form.errors["count"][0]
    wave = WaveForm({"tool": "IIT", "fiscal_year": "2566", "population": count})
    assert not wave.is_valid() and "population" in wave.errors


def test_one_print_run_is_at_most_a_thousand_slips(client, world):
    """100,000 slips in one page took about 30 minutes (a QR code each, 18 ms): the worker
    would be killed mid-request. One run prints at most 1,000; more are issued run by run."""
    wave = open_wave(world, "IIT", population=3)
    client.force_login(world.officer)
    url = reverse("surveys:wave_slips", args=[wave.pk])
    response = client.post(url, {"count": "๑๐๐๐๑"})
    assert response.status_code == 422
    assert "ครั้งละไม่เกิน 1,000 ใบ" in response.content.decode()
    wave.refresh_from_db()
    assert wave.tokens_issued == 3 and wave.tokens.count() == 3
    assert SlipsForm({"count": "1000"}).is_valid()


def test_a_comment_with_a_nul_byte_is_stored_without_it(client, world):
    """PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"): it was a 500
    there, on a respondent's answer."""
    from ita.surveys.models import PendingResponse

    from .conftest import pattern_answers, questionnaire

    wave = open_wave(world, "EIT", population=0)
    data = pattern_answers(questionnaire(wave), "top") | {
        "client_id": "8a6e0f0e-4f57-4b8e-9d55-6f4c3b3f1a01",
        "comment": "บริการ\x00ดี",
    }
    response = client.post(reverse("surveys:respond_eit", args=[wave.public_code]), data)
    assert response.status_code == 302
    assert PendingResponse.objects.get().comment == "บริการดี"
