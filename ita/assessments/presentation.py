"""What a results page shows, as plain data: indicator rows with strengths and weaknesses,
year-over-year change, and the four charts (overall, by tool, by indicator, history).
Pure functions of plain values, so the page, the documents and the API say the same thing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ita.frameworks.spec import PASS_MARK


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    name: str
    tool: str
    score: Decimal
    previous: Decimal | None
    mark: Decimal = PASS_MARK  # the framework's pass mark (spec.pass_mark)

    @property
    def is_strength(self) -> bool:
        return self.score >= self.mark

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.score - self.previous


@dataclass(frozen=True)
class YearPoint:
    fiscal_year: int
    total: Decimal
    level_label: str
    tools: Mapping[str, Decimal]
    indicators: Mapping[int, Decimal]
    notice: str = ""  # the year's framework is declared provisionally (frameworks.years)
    mark: Decimal = PASS_MARK  # the pass mark of the year's framework

    @property
    def provisional(self) -> bool:
        return bool(self.notice)


def distinct_notices(points: Sequence[YearPoint]) -> list[str]:
    """Each provisional notice once, newest year first: a list page says it above its table."""
    seen: dict[str, None] = {}
    for point in sorted(points, key=lambda p: -p.fiscal_year):
        if point.notice:
            seen.setdefault(point.notice)
    return list(seen)


def indicator_rows(
    names: Mapping[int, tuple[str, str]],
    scores: Mapping[int, Decimal],
    previous: Mapping[int, Decimal] | None = None,
    *,
    mark: Decimal,
) -> list[IndicatorRow]:
    """names: number → (indicator name, tool code); mark: the framework's pass mark."""
    previous = previous or {}
    return [
        IndicatorRow(n, names[n][0], names[n][1], scores[n], previous.get(n), mark)
        for n in sorted(scores)
    ]


def weaknesses(rows: Sequence[IndicatorRow]) -> list[IndicatorRow]:
    """Indicators below the pass mark, weakest first (ties by indicator number)."""
    return sorted((r for r in rows if not r.is_strength), key=lambda r: (r.score, r.number))


def strengths(rows: Sequence[IndicatorRow]) -> list[IndicatorRow]:
    return sorted((r for r in rows if r.is_strength), key=lambda r: (-r.score, r.number))


def _f(value: Decimal | None) -> float | None:
    # Chart.js takes numbers; two decimals are exactly what is published.
    return None if value is None else float(value)


def chart_data(
    total: Decimal,
    tools: Mapping[str, Decimal],
    rows: Sequence[IndicatorRow],
    history: Sequence[YearPoint],
    tool_names: Mapping[str, str],
    *,
    mark: Decimal,
) -> dict:
    """The four charts of the seed reports, as JSON-ready data for Chart.js."""
    years = [p.fiscal_year for p in history]
    return {
        "overall": {"total": _f(total), "target": float(mark)},
        "tools": {
            "labels": [f"{code} {tool_names.get(code, '')}".strip() for code in tools],
            "codes": list(tools),
            "values": [_f(v) for v in tools.values()],
        },
        "indicators": {
            "labels": [f"{r.number}. {r.name}" for r in rows],
            "values": [_f(r.score) for r in rows],
            "previous": [_f(r.previous) for r in rows],
            "strength": [r.is_strength for r in rows],
        },
        "history": {
            "labels": [f"{y}" for y in years],
            "total": [_f(p.total) for p in history],
            "tools": {code: [_f(p.tools.get(code)) for p in history] for code in tools},
        },
    }
