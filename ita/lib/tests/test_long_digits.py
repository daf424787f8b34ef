"""Digit strings longer than int() converts (4,300 digits, Python's guard against slow
conversions) are bad input with a Thai answer, never a 500 (found by
ita/tests_access/test_fuzz_forms.py): years, dates, survey answers, O43 rounds."""

import pytest

from ita.lib.thai_dates import DateInputError, parse_fiscal_year, parse_thai_date
from ita.surveys.questionnaire import AnswerError, read_answers

LONG = ["9" * 5000, "๙" * 5000, "0" * 4999 + "1"]


@pytest.mark.parametrize("raw", LONG)
def test_long_digit_strings_are_not_years_or_dates(raw):
    assert parse_fiscal_year(raw) is None
    for text in (f"{raw}/1/2567", f"1/{raw}/2567", f"1/1/{raw}", f"{raw}-01-01"):
        with pytest.raises(DateInputError):
            parse_thai_date(text)


@pytest.mark.django_db
@pytest.mark.parametrize("raw", LONG)
def test_a_long_digit_string_is_no_answer(world, raw):
    from ita.surveys.queries import questionnaire_of
    from ita.surveys.tests.conftest import open_wave

    wave = open_wave(world, "EIT", population=0)
    questionnaire = questionnaire_of(wave.framework_id, wave.tool)
    data = {sub.field: "0" for q in questionnaire.questions for sub in q.subs}
    first = questionnaire.questions[0].subs[0].field
    with pytest.raises(AnswerError) as refused:
        read_answers(questionnaire, data | {first: raw})
    assert refused.value.missing == [first]


@pytest.mark.django_db
def test_an_o43_round_of_many_digits_is_no_round(client, world):
    from django.urls import reverse

    from ita.tests_access.test_permission_matrix import Objects

    o = Objects(world, world.division, type(world.officer))
    client.force_login(world.officer)
    url = reverse("analysis_document", args=[o.analysis.pk, "o43", "docx"])
    assert client.get(url, {"round": "9" * 5000}).status_code == 200
