"""Survey rules as pure functions: the minimum number of answers a wave needs, the privacy
threshold, and the scores of a wave from its tallies (item → indicator → tool, by the
framework's own aggregation in frameworks.scoring)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ita.frameworks.scoring import indicator_from_items, mean
from ita.frameworks.spec import FrameworkSpec
from ita.surveys.questionnaire import Questionnaire

# k of the anonymity promise (docs/security.md): answers enter the stored table only in shuffled
# batches of at least this many, so no stored answer narrows down to fewer respondents; comments
# and per-item figures stay hidden below it and then move only in steps of it (or at close).
ANONYMITY_K = 10
PRIVACY_THRESHOLD = ANONYMITY_K


def batch_size(stored_today: int) -> int:
    """How many waiting answers start a mix. Each answer rewrites the waiting ones (≈ b/2 rows)
    and each mix rewrites the day's stored ones (s/b rows per answer); b = √(2s) keeps the sum
    smallest. Never below k: every batch still hides each answer among at least k."""
    return max(ANONYMITY_K, math.isqrt(2 * stored_today))


# NACC's formula for the minimum sample was not found (shared/ita/framework-notes.md §2.8).
# Until it is, this rule (the OVEC manual 2021: 10 %, at least 30, EIT capped at 400; everyone
# when fewer than the minimum) applies. A framework file may carry its own rule under
# `survey_sample: {IIT: {percent, min, max}, EIT: {…}}`; the spec parser ignores the key, so it is
# read from the raw definition here.
DEFAULT_SAMPLE_RULES: dict[str, dict] = {
    "IIT": {"percent": 10, "min": 30, "max": None},
    "EIT": {"percent": 10, "min": 30, "max": 400},
}


@dataclass(frozen=True)
class SampleRule:
    percent: Decimal
    minimum: int
    maximum: int | None
    provisional: bool  # True when the default above is used, not the framework's own rule


def sample_rule(definition: Mapping | None, tool: str) -> SampleRule:
    own = ((definition or {}).get("survey_sample") or {}).get(tool)
    raw = own or DEFAULT_SAMPLE_RULES[tool]
    maximum = raw.get("max")
    return SampleRule(
        percent=Decimal(str(raw.get("percent", 0))),
        minimum=int(raw.get("min", 0)),
        maximum=int(maximum) if maximum is not None else None,
        provisional=own is None,
    )


def minimum_sample(rule: SampleRule, population: int) -> int:
    """Answers needed from a population (staff headcount for IIT; service users for EIT, 0 when
    unknown). Percentages round up: 10 % of 301 staff is 31 answers, not 30."""
    if population <= 0:
        return rule.minimum
    if population <= rule.minimum:
        return population
    needed = max(rule.minimum, math.ceil(rule.percent * population / 100))
    return min(needed, rule.maximum) if rule.maximum is not None else needed


@dataclass(frozen=True)
class Tally:
    respondents: int
    value_sum: Decimal  # Σ over respondents of the item's sub-question value sums


def item_scores(questionnaire: Questionnaire, tallies: Mapping[str, Tally]) -> dict[str, Decimal]:
    """Item score = mean over respondents of the mean of its sub-questions. Items nobody
    answered are left out (full precision; rounding happens once, for display)."""
    scores = {}
    for question in questionnaire.questions:
        tally = tallies.get(question.code)
        if tally and tally.respondents:
            scores[question.code] = tally.value_sum / (tally.respondents * question.size)
    return scores


@dataclass(frozen=True)
class ToolScores:
    """A perception tool's part of a result: its indicators and the tool score. Partial by
    nature: one wave never gives the other tools' indicators, so no total is made up."""

    tool: str
    indicators: dict[int, Decimal]
    tool_score: Decimal | None


def tool_scores(spec: FrameworkSpec, tool: str, items: Mapping[str, Decimal]) -> ToolScores:
    indicators = {}
    for number in spec.tool(tool).indicator_numbers:
        indicator = spec.indicator(number)
        if all(code in items for code in indicator.item_codes):
            indicators[number] = indicator_from_items(indicator, items)
    complete = len(indicators) == len(spec.tool(tool).indicator_numbers)
    return ToolScores(tool, indicators, mean(indicators.values()) if complete else None)
