"""What-if arithmetic for the calculator page: how far each indicator must rise to reach a
target total. Pure functions over the scoring rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from ita.frameworks.scoring import HUNDRED, indicator_weight_in_total, score
from ita.frameworks.spec import FrameworkSpec, Level

STEP = Decimal("0.01")


@dataclass(frozen=True)
class Target:
    label: str
    min_score: Decimal


@dataclass(frozen=True)
class Gap:
    indicator: int
    needed_rise: Decimal | None  # None: even 100 in this indicator alone is not enough
    new_score: Decimal | None


def targets_above(spec: FrameworkSpec, total: Decimal) -> list[Target]:
    """The next level above the total, and the pass mark (85) when the total is below it."""
    targets: list[Target] = []
    higher: list[Level] = [level for level in spec.levels if level.min_score > total]
    if higher:
        nxt = higher[-1]  # levels are highest first, so the last higher one is the next step
        targets.append(Target(label=nxt.label, min_score=nxt.min_score))
    if total < spec.pass_mark and all(t.min_score != spec.pass_mark for t in targets):
        targets.append(Target(label=f"{spec.pass_mark:.0f} คะแนน", min_score=spec.pass_mark))
    return targets


def smallest_rise(
    spec: FrameworkSpec, scores: Mapping[int, Decimal], number: int, target: Decimal
) -> Gap:
    """The smallest rise (in steps of 0.01, as scores are published) of one indicator that brings
    the rounded total to the target, everything else unchanged."""
    current = score(spec, scores)
    if current.total >= target:
        return Gap(number, Decimal(0), scores[number])
    exact = (target - Decimal("0.005") - current.total_exact) / indicator_weight_in_total(
        spec, number
    )
    rise = max(exact.quantize(STEP, rounding=ROUND_CEILING), STEP)
    # Walk down/up a few steps so half-up rounding of the total is honoured exactly.
    while rise > STEP and _reaches(spec, scores, number, rise - STEP, target):
        rise -= STEP
    while not _reaches(spec, scores, number, rise, target):
        rise += STEP
        if scores[number] + rise > HUNDRED:
            return Gap(number, None, None)
    if scores[number] + rise > HUNDRED:
        return Gap(number, None, None)
    return Gap(number, rise, scores[number] + rise)


def _reaches(spec, scores, number, rise, target) -> bool:
    trial = dict(scores)
    trial[number] = min(scores[number] + rise, HUNDRED)
    return score(spec, trial).total >= target
