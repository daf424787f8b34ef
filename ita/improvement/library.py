"""The library of common measures (data/measures.yaml), suggested for weak indicators."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LIBRARY_FILE = Path(__file__).parent / "data" / "measures.yaml"


@dataclass(frozen=True)
class Suggestion:
    key: str
    title: str
    indicators: tuple[int, ...]
    frameworks: tuple[str, ...]
    items: dict[str, tuple[str, ...]]  # framework code → item codes
    steps: str
    monitoring: str


@cache
def library() -> tuple[Suggestion, ...]:
    data = yaml.safe_load(LIBRARY_FILE.read_text(encoding="utf-8"))
    return tuple(
        Suggestion(
            key=m["key"],
            title=m["title"],
            indicators=tuple(m["indicators"]),
            frameworks=tuple(m["frameworks"]),
            items={fw: tuple(codes) for fw, codes in (m.get("items") or {}).items()},
            steps=m["steps"].strip(),
            monitoring=m["monitoring"].strip(),
        )
        for m in data["measures"]
    )


def suggestions_for(framework_code: str, weak_indicators: list[int]) -> list[Suggestion]:
    """Suggestions for the weak indicators, weakest first, each once."""
    seen: set[str] = set()
    result = []
    for number in weak_indicators:
        for s in library():
            if framework_code in s.frameworks and number in s.indicators and s.key not in seen:
                seen.add(s.key)
                result.append(s)
    return result


def suggestion(key: str) -> Suggestion | None:
    return next((s for s in library() if s.key == key), None)
