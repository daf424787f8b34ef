"""Scores of a wave from a known set of answers equal a table computed by hand (reverse items,
the I11 reversed sub-question, มี/ไม่มี items), through the real submit → tally → close path."""

import uuid
from decimal import Decimal

import pytest

from ita.surveys import actions
from ita.surveys.models import WaveTally
from ita.surveys.questionnaire import read_answers
from ita.surveys.rules import ANONYMITY_K

from .conftest import open_wave, pattern_answers, questionnaire, token_of

pytestmark = pytest.mark.django_db

# Respondent A answers "top", B answers "low" (see conftest.pattern_answers). Per item:
#   normal 4-level item  (100 + 33.33) / 2           = 66.665
#   reversed item        (0 + 66.67) / 2             = 33.335   (I9 I10 I16 I17 I18 I19 I22)
#   I11 (sub 2 reversed) A (100 + 0)/2, B (33.33 + 66.67)/2 = 50
#   bribery มี/ไม่มี      (ไม่มี 100 + มี 0) / 2       = 50       (I4 I5 I6; E4)
#   practice มี/ไม่มี     (มี 100 + ไม่มี 0) / 2       = 50       (I26; E8 E10)
IIT_BY_HAND = {
    1: Decimal("58.33"),  # (3 × 66.665 + 3 × 50) / 6 = 58.3325
    2: Decimal("52.78"),  # (66.665 + 66.665 + 33.335 + 33.335 + 50 + 66.665) / 6 = 52.7775
    3: Decimal("50.00"),  # (3 × 66.665 + 3 × 33.335) / 6 = 50
    4: Decimal("55.56"),  # (2 × 33.335 + 4 × 66.665) / 6 = 55.555
    5: Decimal("63.89"),  # (5 × 66.665 + 50) / 6 = 63.8875
}
IIT_TOOL_BY_HAND = Decimal("56.11")  # mean of the exact indicators = 56.1105
EIT_BY_HAND = {
    6: Decimal("63.33"),  # (4 × 66.665 + 50) / 5 = 63.332
    7: Decimal("60.00"),  # (3 × 66.665 + 2 × 50) / 5 = 59.999
    8: Decimal("66.67"),  # 66.665, rounded once, half up
}
EIT_TOOL_BY_HAND = Decimal("63.33")  # (63.332 + 59.999 + 66.665) / 3 = 63.332


def submit(wave, pattern, token=None):
    q = questionnaire(wave)
    return actions.submit_response(
        wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, pattern)),
        client_id=uuid.uuid4(), token=token,
    )  # fmt: skip


def test_iit_scores_equal_the_hand_computed_table(world):
    wave = open_wave(world, "IIT", population=2)
    assert submit(wave, "top", token_of(wave, 1)) == actions.Outcome.STORED
    assert submit(wave, "low", token_of(wave, 2)) == actions.Outcome.STORED
    closed = actions.close_wave(acting_user=world.officer, wave=wave)
    assert {s.indicator: s.score for s in closed.scores.all()} == IIT_BY_HAND
    assert closed.tool_score == IIT_TOOL_BY_HAND


def test_eit_scores_equal_the_hand_computed_table(world):
    wave = open_wave(world, "EIT", population=0)
    submit(wave, "top")
    submit(wave, "low")
    closed = actions.close_wave(acting_user=world.officer, wave=wave)
    assert {s.indicator: s.score for s in closed.scores.all()} == EIT_BY_HAND
    assert closed.tool_score == EIT_TOOL_BY_HAND


def test_tallies_fold_each_batch_once(eit_wave):
    for _ in range(ANONYMITY_K - 1):
        submit(eit_wave, "top")
    assert not WaveTally.objects.filter(wave=eit_wave).exists()  # waiting for a full batch
    assert actions.mix(eit_wave) == 0
    submit(eit_wave, "low")  # the k-th answer: the batch enters the tallies
    assert actions.mix(eit_wave) == 0  # nothing waits: nothing recomputed
    e1 = WaveTally.objects.get(wave=eit_wave, item_code="E1")
    top = Decimal("200") * (ANONYMITY_K - 1)
    assert (e1.respondents, e1.value_sum) == (ANONYMITY_K, top + Decimal("66.66"))
    eit_wave.refresh_from_db()
    assert eit_wave.tallied_responses == ANONYMITY_K
