"""The library of common measures (data/measures.yaml), suggested for weak indicators."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ita.frameworks.loader import all_specs
from ita.frameworks.spec import FrameworkSpec

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


def _lineage(spec: FrameworkSpec) -> list[FrameworkSpec]:
    """The framework and those it succeeds, newest first."""
    by_code = {s.code: s for s in all_specs()}
    chain = [spec]
    while chain[-1].succeeds in by_code and len(chain) <= len(by_code):
        chain.append(by_code[chain[-1].succeeds])
    return chain


def items_in(entry: Suggestion, spec: FrameworkSpec) -> tuple[str, ...]:
    """The entry's item codes in this framework: as written for it, else carried forward along
    `maps_to` from the newest earlier framework the entry names (O34 of ita-2566 → O23 of
    ita-2568 → O21 of ita-2569), so a new framework needs no edit of the library."""
    if spec.code in entry.items:
        return entry.items[spec.code]
    chain = _lineage(spec)
    known = next((i for i, s in enumerate(chain) if s.code in entry.items), None)
    if known is None:
        return ()
    refs = {f"{chain[known].code}:{code}" for code in entry.items[chain[known].code]}
    codes: tuple[str, ...] = ()
    for later in reversed(chain[:known]):  # oldest first, ending with spec itself
        # refs accumulate: an item may continue one two frameworks back (O25 of ita-2569 is
        # O42 of ita-2566; ita-2568 has no such item)
        codes = tuple(i.code for i in later.items if refs & set(i.maps_to))
        refs |= {f"{later.code}:{code}" for code in codes}
    return codes


def applies_to(entry: Suggestion, spec: FrameworkSpec) -> bool:
    """Written for this framework, or for one it descends from."""
    return any(s.code in entry.frameworks for s in _lineage(spec))


def suggestions_for(spec: FrameworkSpec, weak_indicators: list[int]) -> list[Suggestion]:
    """Suggestions for the weak indicators, weakest first, each once."""
    seen: set[str] = set()
    result = []
    for number in weak_indicators:
        for s in library():
            if number in s.indicators and s.key not in seen and applies_to(s, spec):
                seen.add(s.key)
                result.append(s)
    return result


def suggestion(key: str) -> Suggestion | None:
    return next((s for s in library() if s.key == key), None)
