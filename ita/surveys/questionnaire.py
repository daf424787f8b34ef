"""A questionnaire (IIT or EIT) as plain data, built from a framework version: every question,
its sub-questions, the answer options with their values, and which answers score in reverse.
The Thai wording comes from the framework file only; templates never hold question text.

Pure functions: no database, no HTTP. Tested as tables in tests/test_questionnaire.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ita.frameworks.spec import FrameworkSpec, Option

HUNDRED = Decimal(100)
SURVEY_TOOLS = ("IIT", "EIT")


@dataclass(frozen=True)
class SubQuestion:
    field: str  # name of the form field: "I1" for a single question, "I1_2" for sub-question 2
    text: str  # "" when the item has no sub-questions (the item title is the question)
    reverse: bool


@dataclass(frozen=True)
class Question:
    code: str
    title: str
    indicator: int
    indicator_name: str
    kind: str
    options: tuple[Option, ...]
    subs: tuple[SubQuestion, ...]
    provisional: bool

    @property
    def size(self) -> int:
        return len(self.subs)


@dataclass(frozen=True)
class Section:
    indicator: int
    name: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    framework_code: str
    tool: str
    tool_name: str
    sections: tuple[Section, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @property
    def field_count(self) -> int:
        return sum(q.size for q in self.questions)

    @property
    def has_provisional(self) -> bool:
        return any(q.provisional for q in self.questions)


def _reverse_subs(raw_items: Mapping[str, dict], code: str) -> set[int]:
    """1-based positions of sub-questions scored in reverse. The spec parser drops the
    `reverse_sub_questions` key (I11 has one normal and one reversed sub-question), so it is read
    from the raw framework definition."""
    raw = raw_items.get(code, {})
    return {int(n) for n in raw.get("reverse_sub_questions", []) or []}


def _question(spec: FrameworkSpec, item, raw_items: Mapping[str, dict]) -> Question:
    reversed_subs = _reverse_subs(raw_items, item.code)
    texts = item.sub_questions or ("",)
    subs = tuple(
        SubQuestion(
            field=f"{item.code}_{n}" if item.sub_questions else item.code,
            text=text,
            reverse=item.reverse or n in reversed_subs,
        )
        for n, text in enumerate(texts, start=1)
    )
    return Question(
        code=item.code,
        title=item.title,
        indicator=item.indicator,
        indicator_name=spec.indicator(item.indicator).name,
        kind=item.kind,
        options=spec.scales[item.kind],
        subs=subs,
        provisional=item.provisional,
    )


def build(spec: FrameworkSpec, tool: str, definition: Mapping | None = None) -> Questionnaire:
    """The questionnaire of one perception tool (IIT or EIT) of a framework version."""
    if tool not in SURVEY_TOOLS:
        raise ValueError(f"เครื่องมือ {tool} ไม่ใช่แบบวัดการรับรู้ (IIT/EIT)")
    raw_items = {str(i.get("code")): i for i in (definition or {}).get("items", [])}
    sections = []
    for number in spec.tool(tool).indicator_numbers:
        indicator = spec.indicator(number)
        questions = tuple(
            _question(spec, spec.item(code), raw_items) for code in indicator.item_codes
        )
        sections.append(Section(number, indicator.name, questions))
    return Questionnaire(spec.code, tool, spec.tool(tool).name, tuple(sections))


class AnswerError(ValueError):
    """Answers that cannot be stored; .missing lists the unanswered fields."""

    def __init__(self, missing: list[str]):
        super().__init__("กรุณาตอบให้ครบทุกข้อ")
        self.missing = missing


def option_value(option: Option, reverse: bool) -> Decimal:
    return HUNDRED - option.value if reverse else option.value


def read_answers(questionnaire: Questionnaire, data: Mapping[str, str]) -> dict[str, list[int]]:
    """The chosen option (0-based index) of every sub-question, by item code. Every
    sub-question must be answered (as on the NACC forms); anything else raises AnswerError."""
    answers: dict[str, list[int]] = {}
    missing: list[str] = []
    for question in questionnaire.questions:
        chosen = []
        for sub in question.subs:
            raw = str(data.get(sub.field, "")).strip()
            # isdecimal, not isdigit: "²" is a digit that int() refuses
            # and no longer than int() converts (4,300 digits) nor any option index
            if not raw.isdecimal() or len(raw) > 3 or int(raw) >= len(question.options):
                missing.append(sub.field)
                continue
            chosen.append(int(raw))
        answers[question.code] = chosen
    if missing:
        raise AnswerError(missing)
    return answers


def item_sums(questionnaire: Questionnaire, answers: Mapping[str, list[int]]) -> dict[str, Decimal]:
    """One respondent's sum of sub-question values per item, reverse scoring applied
    (value → 100 − value). Sums of two-decimal values are exact; the item score of the respondent
    is sum / number of sub-questions, and the mean over respondents is Σ sums / (n × size)."""
    sums = {}
    for question in questionnaire.questions:
        chosen = answers[question.code]
        sums[question.code] = sum(
            (
                option_value(question.options[i], sub.reverse)
                for i, sub in zip(chosen, question.subs, strict=True)
            ),
            Decimal(0),
        )
    return sums


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, list[int]]) -> None:
    """Raise ValueError unless every question has one valid option per sub-question (what
    read_answers guarantees; callers that build answers themselves are checked the same)."""
    for question in questionnaire.questions:
        chosen = answers.get(question.code)
        options = len(question.options)
        if chosen is None or len(chosen) != question.size:
            raise ValueError(f"ข้อ {question.code}: จำนวนคำตอบไม่ตรงกับข้อย่อย")
        if not all(0 <= c < options for c in chosen):
            raise ValueError(f"ข้อ {question.code}: ไม่มีตัวเลือกนี้")
    if len(answers) != len(questionnaire.questions):
        raise ValueError("มีคำตอบของข้อที่ไม่อยู่ในแบบวัด")


def encode_answers(answers: Mapping[str, list[int]]) -> str:
    """One respondent's choices as stored: "I1=33;I2=3;…" (item code, then the chosen option of
    each sub-question, one digit each). Readable by an auditor without the framework, and a
    fifth of the JSON's size: every answer is rewritten each time its day is mixed."""
    parts = []
    for code, chosen in answers.items():
        if any(not 0 <= c <= 9 for c in chosen) or not chosen:
            raise ValueError(f"ข้อ {code}: ตัวเลือกต้องเป็นเลข 0–9 อย่างน้อยหนึ่งตัว")
        parts.append(f"{code}={''.join(str(c) for c in chosen)}")
    return ";".join(parts)


def decode_answers(text: str) -> dict[str, list[int]]:
    return {
        code: [int(c) for c in chosen]
        for code, chosen in (part.split("=", 1) for part in text.split(";") if part)
    }
