"""bench/national.py at a tiny scale (2 provinces, 12 agencies): the generator writes what the
models hold, the national recompute gives exactly the hand-written SQL's figures, and the
province and national pages and the open data read the generated round. Not a timing test."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from bench import national_data as data
from ita.agencies.models import Agency
from ita.assessments.models import Assessment, IndicatorScore
from ita.assessments.recompute import recompute_results
from ita.disclosure.models import DisclosureItem, Evidence
from ita.frameworks.models import Framework
from ita.surveys.models import Response, Wave, WaveTally
from ita.surveys.queries import questionnaire_of
from ita.surveys.questionnaire import decode_answers, item_sums

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return data.make_plan(agencies=12, provinces=2, responses=600, seed=7)


def test_steps_add_to_the_same_round(reference_data, plan):
    timings = data.Timings()
    assert data.generate(plan, 5, timings)["agencies"] == 5
    counts = data.generate(plan, 12, timings)
    assert counts["agencies"] == 7 and counts["results"] == 7 * len(data.YEARS)
    assert Agency.objects.filter(code__startswith=data.PREFIX).count() == 12
    assert Assessment.objects.count() == 12 * len(data.YEARS)
    assert IndicatorScore.objects.count() == 12 * len(data.YEARS) * 10
    assert Response.objects.count() == plan.responses
    assert set(Agency.objects.values_list("province__name", flat=True)) <= {
        p.name for p in data.reference(plan)[0]
    }
    assert {"agencies", "results", "surveys", "oit"} <= set(timings)


def test_tallies_are_folded_from_the_stored_answers(reference_data, plan):
    data.generate(plan, 3, data.Timings())
    wave = Wave.objects.filter(tool="EIT").first()
    questionnaire = questionnaire_of(wave.framework_id, "EIT")
    expected: dict[str, Decimal] = {}
    for answers in Response.objects.filter(wave=wave).values_list("answers", flat=True):
        for code, value in item_sums(questionnaire, decode_answers(answers)).items():
            expected[code] = expected.get(code, Decimal(0)) + value
    tallies = {t.item_code: t for t in WaveTally.objects.filter(wave=wave)}
    assert {c: t.value_sum for c, t in tallies.items()} == expected
    assert {t.respondents for t in tallies.values()} == {wave.tallied_responses}
    oit = Framework.for_year(data.SURVEY_YEAR).items.filter(indicator__tool="OIT").count()
    assert DisclosureItem.objects.count() == 3 * oit
    assert Evidence.objects.count() == DisclosureItem.objects.exclude(status="not_started").count()


def test_the_recompute_equals_the_hand_written_sql(reference_data, plan, world):
    data.generate(plan, 12, data.Timings())
    assert set(Assessment.objects.values_list("level_code", flat=True)) == {""}  # raw load

    outcome = recompute_results(acting_user=world.national)
    assert (outcome.changed, outcome.problems) == (12 * len(data.YEARS), [])
    recomputed = data.figures()
    data.reset_results()
    assert data.run_ceiling() == len(recomputed)
    assert data.figures() == recomputed
    levels = {row[4] for row in recomputed.values()}
    assert levels and "" not in levels


def test_the_pages_read_the_generated_round(reference_data, plan, world, client):
    data.generate(plan, 12, data.Timings())
    recompute_results(acting_user=None)
    client.force_login(world.national)
    province = Agency.objects.filter(code__startswith=data.PREFIX).first().province
    page = client.get(reverse("oversight:province", args=[province.pk]) + "?year=2569")
    assert page.status_code == 200 and data.TYPE_NAMES["sao"] in page.content.decode()
    national = client.get(reverse("oversight:national") + "?year=2569")
    assert national.status_code == 200 and province.name in national.content.decode()
    csv = client.get(reverse("public:data_file", args=[2569, "csv"]))
    assert csv.status_code == 200 and data.PREFIX.encode() in csv.content
