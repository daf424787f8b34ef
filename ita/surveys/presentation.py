"""What the survey pages show, as plain data: progress towards the minimum sample, the form's
sections with the respondent's choices, per-item figures (only past the privacy threshold), and
the self-assessment beside the official result with the results pages' own chart data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from ita.assessments.presentation import chart_data, indicator_rows
from ita.assessments.queries import year_notice, year_notices
from ita.lib.thai_dates import parse_fiscal_year
from ita.lib.thai_text import round2
from ita.surveys import actions, rules
from ita.surveys.models import Wave, WaveStatus
from ita.surveys.queries import (
    comments_of,
    definition_of,
    official_result,
    questionnaire_of,
    response_count,
    spec_of,
    tallies_of,
)
from ita.surveys.questionnaire import Questionnaire


@dataclass(frozen=True)
class Progress:
    count: int
    needed: int

    @property
    def percent(self) -> int:
        if self.needed <= 0:
            return 100
        return min(100, self.count * 100 // self.needed)

    @property
    def reached(self) -> bool:
        return self.count >= self.needed

    @property
    def visible(self) -> bool:
        return self.count >= rules.PRIVACY_THRESHOLD


def progress(wave: Wave, count: int) -> Progress:
    return Progress(count, wave.min_responses)


def form_sections(questionnaire: Questionnaire, answers: Mapping, missing: set[str]) -> list:
    """Sections → questions → sub-questions → options, with what was chosen (when the form comes
    back with a Thai error) so nothing answered is lost."""
    sections = []
    total = len(questionnaire.sections)
    for number, section in enumerate(questionnaire.sections, start=1):
        questions = []
        for question in section.questions:
            subs = []
            for sub in question.subs:
                chosen = str(answers.get(sub.field, ""))
                options = [
                    {"index": i, "label": o.label, "checked": chosen == str(i)}
                    for i, o in enumerate(question.options)
                ]
                subs.append({"sub": sub, "options": options, "invalid": sub.field in missing})
            questions.append({"question": question, "subs": subs})
        sections.append({"number": number, "of": total, "section": section, "questions": questions})
    return sections


@dataclass(frozen=True)
class ItemRow:
    code: str
    indicator: int
    title: str
    respondents: int
    score: Decimal


def stored_count(wave: Wave) -> int:
    """Answers in the tallies: they move in batches of k (or at close), never one by one. A
    full batch whose mixing was skipped (another was running) is mixed here."""
    changed = actions.mix(wave) if wave.status == WaveStatus.OPEN else actions.settle(wave)
    if changed:
        wave.refresh_from_db(fields=["tallied_responses", "tool_score"])
    return wave.tallied_responses


def item_rows(wave: Wave, stored: int | None = None) -> list[ItemRow] | None:
    """Per-item scores from the tallies; None below k stored answers."""
    stored = stored_count(wave) if stored is None else stored
    if stored < rules.PRIVACY_THRESHOLD:
        return None
    questionnaire = questionnaire_of(wave.framework_id, wave.tool)
    tallies = tallies_of(wave)
    scores = rules.item_scores(questionnaire, tallies)
    return [
        ItemRow(q.code, q.indicator, q.title, tallies[q.code].respondents, round2(scores[q.code]))
        for q in questionnaire.questions
        if q.code in scores
    ]


@dataclass(frozen=True)
class ComparisonRow:
    number: int
    name: str
    self_score: Decimal
    official: Decimal | None
    strong: bool = False  # at or above the framework's pass mark

    @property
    def difference(self) -> Decimal | None:
        return None if self.official is None else self.self_score - self.official


def comparison(wave: Wave) -> dict | None:
    """A closed wave's indicators beside the official ones of the same agency and year. Only
    this tool's indicators: a wave is a partial result, so no total is invented."""
    self_scores = {s.indicator: s.score for s in wave.scores.all()}
    if not self_scores:
        return None
    spec = spec_of(wave.framework_id)
    official = official_result(wave)
    official_scores = (
        {s.indicator.number: s.score for s in official.scores.all()} if official else {}
    )
    official_tool = official.tool_scores.get(wave.tool) if official else None
    names = {i.number: (i.name, i.tool) for i in spec.indicators}
    rows = indicator_rows(
        names,
        self_scores,
        {n: official_scores[n] for n in self_scores if n in official_scores},
        mark=spec.pass_mark,
    )
    tools = {gettext("%(tool)s ประเมินตนเอง") % {"tool": wave.tool}: wave.tool_score or Decimal(0)}
    if official_tool is not None:
        tools[gettext("%(tool)s ผลทางการ") % {"tool": wave.tool}] = official_tool
    return {
        "rows": [
            ComparisonRow(r.number, r.name, r.score, official_scores.get(r.number), r.is_strength)
            for r in rows
        ],
        "official": official,
        "official_tool": official_tool,
        "charts": chart_data(
            wave.tool_score or Decimal(0), tools, rows, [], {}, mark=spec.pass_mark
        ),
    }


def wave_page(wave: Wave) -> dict:
    stored = stored_count(wave)
    visible = stored >= rules.PRIVACY_THRESHOLD
    received = response_count(wave)
    return {
        "progress": progress(wave, received),
        "stored": stored,
        "waiting": received - stored,
        "rule": rules.sample_rule(definition_of(wave.framework_id), wave.tool),
        "items": item_rows(wave, stored) if visible else None,
        "comments": comments_of(wave) if visible else None,
        "comparison": comparison(wave) if wave.status == WaveStatus.CLOSED else None,
        "threshold": rules.PRIVACY_THRESHOLD,
        "notice": year_notice(wave.fiscal_year),
    }


def year_notes(waves) -> dict:
    """What an officers' list of waves says of declared years: each year's provisional notice
    once (above the table), and the years whose rows are marked. Respondents' pages never call
    this: the remark is for officers."""
    notices = year_notices(wave.fiscal_year for wave in waves)
    return {"notices": list(notices.values()), "provisional_years": set(notices)}


def form_notice(form) -> str:
    """The notice of the year a wave form shows (the default, or what was posted back)."""
    value = form["fiscal_year"].value()
    year = parse_fiscal_year(value) if value not in (None, "") else None
    return year_notice(year) if year else ""
