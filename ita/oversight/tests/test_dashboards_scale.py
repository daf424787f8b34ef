"""The province table at national scale (bench/national.py): each agency's survey answers are
read from the waves' tallied counts (kept by surveys.mixing in the transaction that stores the
answers) and the answers still waiting, never by counting the stored answers, which are spread
over the whole 1.35-million-row table (1.1 ms per agency, the table's costliest subquery)."""

from __future__ import annotations

import uuid

import pytest

from ita.frameworks import years
from ita.oversight import queries
from ita.surveys import actions as surveys
from ita.surveys.models import Response
from ita.surveys.questionnaire import read_answers
from ita.surveys.rules import ANONYMITY_K
from ita.surveys.tests.conftest import open_wave, pattern_answers, questionnaire

pytestmark = pytest.mark.django_db


def _answer(wave, count: int) -> None:
    q = questionnaire(wave)
    for _ in range(count):
        outcome = surveys.submit_response(
            wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
            client_id=uuid.uuid4(),
        )  # fmt: skip
        assert outcome == surveys.Outcome.STORED


def _row(world, year=2566):
    spec = years.for_year(year).framework.spec
    rows = queries.table(world.province, year, spec)
    return rows, rows.get(pk=world.own.pk)


def test_answers_are_the_tallied_ones_and_those_waiting(world):
    wave = open_wave(world, "EIT", population=0, fiscal_year=2566)
    _answer(wave, ANONYMITY_K + 2)  # a batch of K stored (and mixed), then two waiting
    stored = Response.objects.filter(wave=wave).count()
    wave.refresh_from_db()
    assert stored == wave.tallied_responses >= ANONYMITY_K
    _, row = _row(world)
    assert row.survey_answers == ANONYMITY_K + 2


def test_the_table_never_reads_the_stored_answers(world):
    rows, _ = _row(world)
    assert Response._meta.db_table not in str(rows.query)


def test_the_national_table_reads_the_years_results_once(world):
    """One join to the year's results, grouped by province, not a lookup per figure (217 → 22 ms
    for the national round on PostgreSQL)."""
    sql = str(queries.provinces(2566, 85).query)
    assert sql.count('"assessments_assessment"') == 1
    assert "2566" in sql.split('"assessments_assessment"')[1].split("WHERE")[0]  # in the join
