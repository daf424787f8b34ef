"""The ITA scoring rules as pure functions on Decimal.

Verified against the seed reports (shared/ita/README.md): every level below the tool is an
unweighted mean of the level below (item → sub-indicator → indicator → tool); the total is the
framework's weighted sum of the tool scores; figures are rounded once, half up, to two decimals
at the end, and the level is read from the rounded total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ita.frameworks.spec import FrameworkSpec, Indicator, Level
from ita.lib.thai_text import round2

HUNDRED = Decimal(100)
ZERO = Decimal(0)


class ScoringError(ValueError):
    """Input that cannot be scored; the message is Thai and says what to fix."""


def mean(values: Iterable[Decimal]) -> Decimal:
    values = list(values)
    if not values:
        raise ScoringError("ไม่มีคะแนนให้หาค่าเฉลี่ย")
    return sum(values, ZERO) / len(values)


def indicator_from_items(indicator: Indicator, item_scores: Mapping[str, Decimal]) -> Decimal:
    """An indicator from its item scores: mean of the sub-indicator means when the indicator has
    sub-indicators (OIT 9.1 … 10.2), else the mean of its items."""
    if indicator.sub_indicators:
        return mean(
            mean(item_scores[code] for code in sub.item_codes) for sub in indicator.sub_indicators
        )
    return mean(item_scores[code] for code in indicator.item_codes)


def oit_indicators_from_verdicts(
    spec: FrameworkSpec, verdicts: Mapping[str, bool]
) -> dict[int, Decimal]:
    """Indicators 9 and 10 (every OIT indicator) from the assessor's item verdicts: an accepted
    item scores 100, a rejected one 0; items without a verdict count as accepted."""
    unknown = sorted(set(verdicts) - {i.code for i in spec.items_of_tool("OIT")})
    if unknown:
        raise ScoringError(f"ไม่มีข้อ {', '.join(unknown)} ในแบบ OIT ของกรอบ {spec.code}")
    item_scores = {
        item.code: HUNDRED if verdicts.get(item.code, True) else ZERO
        for item in spec.items_of_tool("OIT")
    }
    return {
        number: indicator_from_items(spec.indicator(number), item_scores)
        for number in spec.tool("OIT").indicator_numbers
    }


@dataclass(frozen=True)
class Result:
    """A scored result. Full-precision values are kept for further arithmetic; the published
    (rounded) figures are what people see and what the level is read from."""

    framework: FrameworkSpec
    indicators: dict[int, Decimal]
    tools_exact: dict[str, Decimal]
    total_exact: Decimal

    @property
    def tools(self) -> dict[str, Decimal]:
        return {code: round2(value) for code, value in self.tools_exact.items()}

    @property
    def total(self) -> Decimal:
        return round2(self.total_exact)

    @property
    def level(self) -> Level:
        return level_for(self.framework, self.total)

    @property
    def passed(self) -> bool:
        return self.total >= self.framework.pass_mark


def check_indicator_scores(spec: FrameworkSpec, scores: Mapping[int, Decimal]) -> None:
    """Every indicator present, none unknown, each within 0–100; otherwise a Thai message."""
    unknown = sorted(set(scores) - set(spec.indicator_numbers))
    if unknown:
        raise ScoringError(
            f"ไม่มีตัวชี้วัดที่ {', '.join(map(str, unknown))} ในกรอบ {spec.code} "
            f"(มีตัวชี้วัดที่ {spec.indicator_numbers[0]}–{spec.indicator_numbers[-1]})"
        )
    missing = [n for n in spec.indicator_numbers if n not in scores]
    if missing:
        raise ScoringError(f"ยังไม่ได้ระบุคะแนนตัวชี้วัดที่ {', '.join(map(str, missing))}")
    for number, value in scores.items():
        if not ZERO <= value <= HUNDRED:
            raise ScoringError(f"คะแนนตัวชี้วัดที่ {number} ต้องอยู่ระหว่าง 0 ถึง 100 (ได้ {value})")


def score(spec: FrameworkSpec, indicator_scores: Mapping[int, Decimal]) -> Result:
    """Tool scores and the total from the ten indicator scores."""
    check_indicator_scores(spec, indicator_scores)
    tools_exact = {
        tool.code: mean(indicator_scores[n] for n in tool.indicator_numbers) for tool in spec.tools
    }
    total_exact = sum((tool.weight * tools_exact[tool.code] for tool in spec.tools), ZERO)
    return Result(
        framework=spec,
        indicators=dict(sorted(indicator_scores.items())),
        tools_exact=tools_exact,
        total_exact=total_exact,
    )


def level_for(spec: FrameworkSpec, total: Decimal) -> Level:
    """The level of a published (rounded) total: the highest level whose floor it reaches."""
    for level in spec.levels:  # highest first
        if total >= level.min_score:
            return level
    return spec.levels[-1]


def indicator_weight_in_total(spec: FrameworkSpec, number: int) -> Decimal:
    """How much one point of this indicator moves the total: tool weight / indicators in tool."""
    tool = spec.tool_of(number)
    return tool.weight / len(tool.indicator_numbers)
