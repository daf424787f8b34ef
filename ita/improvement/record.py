"""The plan record: everything the O42 report and the approval memo are built from (the
analysed result and the year before, the OIT items not passed, the agency's analysis, the
measures, the memo fields) as plain frozen values.

Approving a plan freezes its record as JSON in a PlanVersion; the documents of that version are
built from the stored record forever, so a later OIT review, re-import or edit cannot change what
the executive signed. The same record built from the live rows shows, by `differences`, what has
changed since approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ita.assessments.presentation import YearPoint
from ita.frameworks.spec import PASS_MARK
from ita.improvement import cycle
from ita.improvement.analysis import Draft, UrgentRule, build_draft
from ita.improvement.cycle import SIGNED_BEFORE_ROLES, CycleItems

TEXT_LABELS = {
    "overview": "บทวิเคราะห์ภาพรวมของหน่วยงาน",
    "improvement_issues": "ประเด็นที่จะต้องพัฒนาให้ดีขึ้น",
    "assessor_statement": "ข้อความของผู้ตรวจประเมินต่อผลการประเมิน",
    "memo_unit": "ส่วนราชการ (ผู้เสนอ)",
    "memo_number": "ที่ (บันทึกข้อความ)",
    "memo_to": "เรียน",
    "proposer_name": "ผู้เสนอ (ชื่อ)",
    "proposer_position": "ผู้เสนอ (ตำแหน่ง)",
    "approver_name": "ผู้อนุมัติ (ชื่อ)",
    "approver_position": "ผู้อนุมัติ (ตำแหน่ง)",
}


@dataclass(frozen=True)
class IndicatorInfo:
    number: int
    name: str
    tool: str
    description: str = ""


@dataclass(frozen=True)
class ResultFacts:
    """A year's official result as the documents cite it."""

    fiscal_year: int
    total: Decimal
    level_label: str
    tools: dict[str, Decimal]
    indicators: dict[int, Decimal]
    failed_items: tuple[tuple[str, str], ...] = ()  # OIT items not passed: (code, title)

    def year_point(self, mark: Decimal = PASS_MARK) -> YearPoint:
        return YearPoint(
            self.fiscal_year, self.total, self.level_label, self.tools, self.indicators, mark=mark
        )


@dataclass(frozen=True)
class FindingFacts:
    number: int
    own_analysis: str = ""
    issues: str = ""
    urgent: bool | None = None


@dataclass(frozen=True)
class MeasureRecord:
    id: int
    position: int
    title: str
    steps: str
    divisions: tuple[str, ...]
    period: str
    monitoring: str
    indicators: tuple[int, ...] = ()
    items: tuple[str, ...] = ()
    guideline: str = ""
    round_months: tuple[int, ...] = ()


@dataclass(frozen=True)
class OpinionFacts:
    """One opinion of the memo's chain as printed: under its heading, signed, dated."""

    step: int
    title: str
    name: str
    text: str
    given_on: dt.date


@dataclass(frozen=True)
class PlanRecord:
    agency: str
    fiscal_year: int
    status: str
    indicators: tuple[IndicatorInfo, ...]
    item_indicators: dict[str, int]
    current: ResultFacts
    previous: ResultFacts | None
    history: tuple[tuple[int, Decimal], ...]  # (year, total) up to the analysed year
    texts: dict[str, str]  # TEXT_LABELS keys
    findings: tuple[FindingFacts, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()  # (tool, text)
    recommendations: tuple[tuple[str, str], ...] = ()  # (item code, text)
    measures: tuple[MeasureRecord, ...] = ()
    urgent_weakest: int = 3
    urgent_floor: Decimal = Decimal(50)
    memo_date: dt.date | None = None
    decided_at: dt.datetime | None = None
    # The OIT items the plan is published under, frozen with an approved version.
    items: CycleItems = SIGNED_BEFORE_ROLES
    synthetic_years: tuple[int, ...] = ()  # results the demo made up: the documents say so
    # The memo's opinion chain (order, position) and the opinions given, frozen at approval so
    # a later change of the chain's configuration does not reach a signed memo.
    chain: tuple[tuple[int, str], ...] = ()
    opinions: tuple[OpinionFacts, ...] = ()
    # The ครุฑ (PNG, base64) as approved; "" in versions approved before it was printed.
    garuda: str = ""
    garuda_placeholder: bool = False
    # The framework's pass mark, and every official result up to the analysed year, oldest
    # first (the history charts of seed 001); versions frozen before they were recorded have
    # 85 and only `history`.
    pass_mark: Decimal = PASS_MARK
    years: tuple[ResultFacts, ...] = ()

    @property
    def implementation_year(self) -> int:
        return self.fiscal_year + 1

    def text(self, name: str) -> str:
        return self.texts.get(name, "")

    def indicator(self, number: int) -> IndicatorInfo:
        return next(i for i in self.indicators if i.number == number)


# --------------------------------------------------------------------------- rules
def draft_of(record: PlanRecord) -> Draft:
    return build_draft(
        agency=record.agency,
        names={i.number: (i.name, i.tool) for i in record.indicators},
        current=record.current.year_point(record.pass_mark),
        previous=record.previous.year_point(record.pass_mark) if record.previous else None,
        failed_items=record.current.failed_items,
        recommendations=record.recommendations,
        item_indicators=record.item_indicators,
        rule=UrgentRule(weakest=record.urgent_weakest, floor=record.urgent_floor),
        mark=record.pass_mark,
    )


def urgent_of(record: PlanRecord, draft: Draft) -> list[int]:
    """The rule's urgent indicators, overridden by the officer's choice per indicator."""
    chosen = {r.number for r in draft.urgent}
    for finding in record.findings:
        if finding.urgent is True:
            chosen.add(finding.number)
        elif finding.urgent is False:
            chosen.discard(finding.number)
    return sorted(chosen, key=lambda n: draft.current.indicators[n])


@dataclass(frozen=True)
class Difference:
    label: str
    old: str
    new: str


def _score(value: Decimal | None) -> str:
    return "–" if value is None else f"{Decimal(value):.2f}"


def _result_fields(prefix: str, result: ResultFacts | None, names: Mapping[int, str]) -> dict:
    if result is None:
        return {}
    y = result.fiscal_year
    fields = {
        prefix + _("คะแนนรวม ปี %(y)s") % {"y": y}: _score(result.total),
        prefix + _("ผลการประเมิน ปี %(y)s") % {"y": y}: result.level_label,
    }
    for n, value in sorted(result.indicators.items()):
        label = _("ตัวชี้วัดที่ %(n)s %(name)s ปี %(y)s") % {"n": n, "name": names.get(n, ""), "y": y}
        fields[label.replace("  ", " ")] = _score(value)
    failed = ", ".join(c for c, _c in result.failed_items) or "–"
    fields[_("ข้อ OIT ที่ไม่ผ่านเกณฑ์ ปี %(y)s") % {"y": y}] = failed
    return fields


def _measure_fields(measures: tuple[MeasureRecord, ...]) -> dict:
    fields = {_("จำนวนมาตรการ"): str(len(measures))}
    for m in measures:
        k = _("มาตรการที่ %(n)s") % {"n": m.position}
        fields |= {
            f"{k}: {_('ชื่อมาตรการ')}": m.title,
            f"{k}: {_('ขั้นตอน')}": m.steps,
            f"{k}: {_('ผู้รับผิดชอบ')}": ", ".join(m.divisions),
            f"{k}: {_('ระยะเวลา')}": m.period,
            f"{k}: {_('การกำกับติดตาม')}": m.monitoring,
            f"{k}: {_('ตัวชี้วัด/ข้อ')}": ", ".join(map(str, m.indicators)) + " / " + ", ".join(m.items),
        }
    return fields


def flatten(record: PlanRecord) -> dict[str, str]:
    """The record as labelled values in reading order (what a person compares)."""
    names = {i.number: i.name for i in record.indicators}
    fields = _result_fields("", record.current, names)
    fields |= _result_fields(_("ปีก่อน: "), record.previous, names)
    fields |= {_(TEXT_LABELS[k]): record.text(k) for k in TEXT_LABELS}
    for f in record.findings:
        fields[_("ผลการวิเคราะห์ตัวชี้วัดที่ %(n)s") % {"n": f.number}] = f.own_analysis
        fields[_("ประเด็นที่ต้องแก้ไข ตัวชี้วัดที่ %(n)s") % {"n": f.number}] = f.issues
    for tool in ("IIT", "EIT"):
        count = sum(t == tool for t, _c in record.comments)
        fields[_("จำนวนข้อคิดเห็น %(tool)s") % {"tool": tool}] = str(count)
    recommendations = "; ".join(f"{c}: {t}" for c, t in record.recommendations)
    fields[_("ข้อเสนอแนะของผู้ตรวจประเมิน")] = recommendations
    return fields | _measure_fields(record.measures)


def differences(approved: PlanRecord, live: PlanRecord) -> list[Difference]:
    """What changed since approval, old → new ("–" for a value that was not there)."""
    old, new = flatten(approved), flatten(live)
    out = []
    for label in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(label) or "–", new.get(label) or "–"
        if before != after:
            out.append(Difference(label, before, after))
    return out


# --------------------------------------------------------------------------- JSON
def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(record: PlanRecord) -> dict:
    return _plain(asdict(record))


def _result(data: dict | None) -> ResultFacts | None:
    if data is None:
        return None
    return ResultFacts(
        fiscal_year=data["fiscal_year"],
        total=Decimal(data["total"]),
        level_label=data["level_label"],
        tools={k: Decimal(v) for k, v in data["tools"].items()},
        indicators={int(k): Decimal(v) for k, v in data["indicators"].items()},
        failed_items=tuple(tuple(p) for p in data.get("failed_items", ())),
    )


def _measure(data: dict) -> MeasureRecord:
    tuples = ("divisions", "indicators", "items", "round_months")
    return MeasureRecord(**{k: tuple(v) if k in tuples else v for k, v in data.items()})


def from_json(data: dict) -> PlanRecord:
    return PlanRecord(
        agency=data["agency"],
        fiscal_year=data["fiscal_year"],
        status=data["status"],
        indicators=tuple(IndicatorInfo(**i) for i in data["indicators"]),
        item_indicators=dict(data["item_indicators"]),
        current=_result(data["current"]),
        previous=_result(data["previous"]),
        history=tuple((y, Decimal(t)) for y, t in data["history"]),
        texts=dict(data["texts"]),
        findings=tuple(FindingFacts(**f) for f in data["findings"]),
        comments=tuple(tuple(c) for c in data["comments"]),
        recommendations=tuple(tuple(r) for r in data["recommendations"]),
        measures=tuple(_measure(m) for m in data["measures"]),
        urgent_weakest=data["urgent_weakest"],
        urgent_floor=Decimal(data["urgent_floor"]),
        memo_date=dt.date.fromisoformat(data["memo_date"]) if data["memo_date"] else None,
        decided_at=dt.datetime.fromisoformat(data["decided_at"]) if data["decided_at"] else None,
        items=cycle.from_json(data.get("items")),
        synthetic_years=tuple(data.get("synthetic_years", ())),
        chain=tuple(tuple(c) for c in data.get("chain", ())),
        opinions=tuple(
            OpinionFacts(**{**o, "given_on": dt.date.fromisoformat(o["given_on"])})
            for o in data.get("opinions", ())
        ),
        garuda=data.get("garuda", ""),
        garuda_placeholder=data.get("garuda_placeholder", False),
        pass_mark=Decimal(data.get("pass_mark", PASS_MARK)),
        years=tuple(_result(y) for y in data.get("years", ())),
    )
