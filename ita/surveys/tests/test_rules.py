"""Minimum samples and scores from tallies, as tables (pure, no database)."""

from decimal import Decimal

import pytest

from ita.frameworks.loader import all_specs
from ita.surveys import rules
from ita.surveys.questionnaire import build

SPEC = {s.code: s for s in all_specs()}["ita-2566"]


@pytest.mark.parametrize(
    "tool, population, needed",
    [
        ("IIT", 0, 30),  # unknown: the minimum
        ("IIT", 12, 12),  # fewer staff than the minimum: everyone
        ("IIT", 30, 30),
        ("IIT", 250, 30),  # 10 % = 25 < 30
        ("IIT", 301, 31),  # 10 % rounds up
        ("IIT", 5000, 500),
        ("EIT", 5000, 400),  # EIT capped at 400
        ("EIT", 0, 30),
    ],
)
def test_default_minimum_sample(tool, population, needed):
    rule = rules.sample_rule({}, tool)
    assert rule.provisional
    assert rules.minimum_sample(rule, population) == needed


def test_a_framework_may_carry_its_own_rule():
    rule = rules.sample_rule({"survey_sample": {"IIT": {"percent": 20, "min": 10}}}, "IIT")
    assert not rule.provisional
    assert rules.minimum_sample(rule, 200) == 40


def test_item_scores_are_the_mean_of_respondents_sub_question_means():
    q = build(SPEC, "IIT")
    tallies = {"I1": rules.Tally(2, Decimal("133.33") + Decimal("200"))}  # 2 respondents, 2 subs
    assert rules.item_scores(q, tallies) == {"I1": Decimal("333.33") / 4}


def test_an_incomplete_tool_has_no_tool_score_but_keeps_complete_indicators():
    items = {c: Decimal(80) for c in SPEC.indicator(6).item_codes}
    scores = rules.tool_scores(SPEC, "EIT", items)
    assert scores.indicators == {6: Decimal(80)}
    assert scores.tool_score is None
