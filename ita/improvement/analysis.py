"""The O42 draft analysis and its completeness check, as pure functions of plain values.

The draft invents no text beyond sentence templates with the numbers filled in: the agency
writes its own analysis on top (NACC gives zero for an analysis copied from its
recommendations, see seed 002's assessor comment on O42)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ita.assessments.presentation import (
    IndicatorRow,
    YearPoint,
    indicator_rows,
    strengths,
    weaknesses,
)
from ita.frameworks.spec import PASS_MARK
from ita.lib.thai_text import format_score

NEAR_VERBATIM = 0.8  # similarity ratio above which the agency's text repeats the assessor's


@dataclass(frozen=True)
class UrgentRule:
    weakest: int = 3  # the N weakest indicators below the pass mark …
    floor: Decimal = Decimal(50)  # … and any indicator below this


@dataclass(frozen=True)
class Draft:
    agency: str
    current: YearPoint
    previous: YearPoint | None
    rows: list[IndicatorRow]
    strengths: list[IndicatorRow]
    weaknesses: list[IndicatorRow]
    urgent: list[IndicatorRow]
    failed_items: list[tuple[str, str]]
    recommendations: dict[int | None, list[tuple[str, str]]]
    sentences: list[str] = field(default_factory=list)
    mark: Decimal = PASS_MARK  # the framework's pass mark

    @property
    def total_change(self) -> Decimal | None:
        return None if self.previous is None else self.current.total - self.previous.total


def urgent_indicators(rows: Sequence[IndicatorRow], rule: UrgentRule) -> list[IndicatorRow]:
    weak = weaknesses(rows)
    chosen = {r.number for r in weak[: rule.weakest]} | {
        r.number for r in weak if r.score < rule.floor
    }
    return [r for r in weak if r.number in chosen]


def indicator_of_item(code: str, item_indicators: Mapping[str, int]) -> int | None:
    return item_indicators.get(code.strip().upper())


def build_draft(
    *,
    agency: str,
    names: Mapping[int, tuple[str, str]],
    current: YearPoint,
    previous: YearPoint | None = None,
    failed_items: Sequence[tuple[str, str]] = (),
    recommendations: Sequence[tuple[str, str]] = (),
    item_indicators: Mapping[str, int] | None = None,
    rule: UrgentRule = UrgentRule(),
    mark: Decimal = PASS_MARK,
) -> Draft:
    """names: indicator number → (name, tool); recommendations: (item code, text); mark: the
    framework's pass mark, which divides strengths from weaknesses."""
    previous_scores = previous.indicators if previous else None
    rows = indicator_rows(names, current.indicators, previous_scores, mark=mark)
    grouped: dict[int | None, list[tuple[str, str]]] = {}
    for code, text in recommendations:
        grouped.setdefault(indicator_of_item(code, item_indicators or {}), []).append((code, text))
    draft = Draft(
        agency=agency,
        current=current,
        previous=previous,
        rows=rows,
        strengths=strengths(rows),
        weaknesses=weaknesses(rows),
        urgent=urgent_indicators(rows, rule),
        failed_items=list(failed_items),
        recommendations=grouped,
        mark=mark,
    )
    draft.sentences.extend(summary_sentences(draft))
    return draft


def _s(value: Decimal) -> str:
    return format_score(value)


def mark_text(mark: Decimal) -> str:
    """85 → "85", 72.5 → "72.5": the mark as the framework states it."""
    return f"{mark.normalize():f}"


def summary_sentences(draft: Draft) -> list[str]:
    """Templated sentences, numbers filled in; nothing else is written for the agency."""
    cur, prev = draft.current, draft.previous
    lines = [
        f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {cur.fiscal_year} ของ{draft.agency} "
        f"ได้คะแนนภาพรวม {_s(cur.total)} คะแนน ผลการประเมิน {cur.level_label}"
    ]
    if prev is not None:
        change = cur.total - prev.total
        direction = "เพิ่มขึ้น" if change > 0 else "ลดลง" if change < 0 else "เท่าเดิม"
        lines.append(
            f"เมื่อเทียบกับปีงบประมาณ พ.ศ. {prev.fiscal_year} ซึ่งได้คะแนน {_s(prev.total)} "
            f"({prev.level_label}) คะแนน{direction}"
            + (f" {_s(abs(change))} คะแนน" if change else "")
        )
    if draft.strengths:
        lines.append(
            f"ตัวชี้วัดที่เป็นจุดแข็ง (ตั้งแต่ {mark_text(draft.mark)} คะแนน): "
            + ", ".join(f"ตัวชี้วัดที่ {r.number} {r.name} ({_s(r.score)})" for r in draft.strengths)
        )
    if draft.weaknesses:
        lines.append(
            f"ตัวชี้วัดที่ต้องพัฒนา (ต่ำกว่า {mark_text(draft.mark)} คะแนน) เรียงจากคะแนนต่ำสุด: "
            + ", ".join(f"ตัวชี้วัดที่ {r.number} {r.name} ({_s(r.score)})" for r in draft.weaknesses)
        )
    if draft.urgent:
        lines.append(
            "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน: "
            + ", ".join(f"ตัวชี้วัดที่ {r.number} {r.name}" for r in draft.urgent)
        )
    return lines


# --- completeness ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureFacts:
    title: str
    steps: str
    owners: int
    monitoring: str
    indicators: Sequence[int]


@dataclass(frozen=True)
class PlanFacts:
    own_texts: Sequence[str]  # the agency's own analysis paragraphs
    urgent: Sequence[int]
    improvement_issues: str
    measures: Sequence[MeasureFacts]
    weak_indicators: Sequence[int]
    recommendations: Sequence[tuple[str, str]] = ()


def completeness(plan: PlanFacts) -> list[str]:
    """What O42 still lacks, in the reader's language, in the order of the NACC criterion."""
    missing = []
    if not any(t.strip() for t in plan.own_texts):
        missing.append(_("ยังไม่มีบทวิเคราะห์ของหน่วยงานเอง"))
    if not plan.urgent:
        missing.append(_("ยังไม่ได้ระบุประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"))
    if not plan.improvement_issues.strip():
        missing.append(_("ยังไม่ได้ระบุประเด็นที่จะต้องพัฒนาให้ดีขึ้น"))
    if not plan.measures:
        missing.append(_("ยังไม่มีมาตรการส่งเสริมคุณธรรมและความโปร่งใส"))
    for i, m in enumerate(plan.measures, start=1):
        if m.owners == 0:
            missing.append(
                _("มาตรการที่ {n} ({title}) ยังไม่ได้กำหนดผู้รับผิดชอบ").format(n=i, title=m.title)
            )
        if not m.steps.strip():
            missing.append(
                _("มาตรการที่ {n} ({title}) ยังไม่ได้กำหนดขั้นตอนหรือวิธีการปฏิบัติ").format(n=i, title=m.title)
            )
        if not m.monitoring.strip():
            missing.append(
                _("มาตรการที่ {n} ({title}) ยังไม่ได้กำหนดการกำกับติดตามและรายงานผล").format(
                    n=i, title=m.title
                )
            )
    covered = {n for m in plan.measures for n in m.indicators}
    for n in plan.urgent:
        if n not in covered:
            missing.append(
                _("ตัวชี้วัดที่ {number} ต้องแก้ไขโดยเร่งด่วน แต่ยังไม่มีมาตรการที่ตอบตัวชี้วัดนี้").format(number=n)
            )
    return missing


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def copied_recommendations(
    own_texts: Sequence[str], recommendations: Sequence[tuple[str, str]]
) -> list[str]:
    """Item codes whose assessor recommendation the agency's own text repeats verbatim or
    nearly so (similarity ≥ 0.8 on any paragraph, whitespace ignored)."""
    copied = []
    paragraphs = [_normalise(p) for t in own_texts for p in t.split("\n") if len(p.strip()) > 20]
    for code, text in recommendations:
        target = _normalise(text)
        if len(target) < 20:
            continue
        for paragraph in paragraphs:
            if target in paragraph or _similar(paragraph, target) >= NEAR_VERBATIM:
                copied.append(code)
                break
    return copied


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
