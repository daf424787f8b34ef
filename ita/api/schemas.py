"""What the API answers, as django-ninja schemas (the OpenAPI document is made from these).
Scores are numbers with two decimals, as in the open data JSON; dates are ISO 8601 (Christian
era, as machines read them), fiscal years Buddhist era as everywhere in ITA."""

import datetime as dt
from typing import Literal

from ninja import Schema


class ProvinceOut(Schema):
    code: str
    name: str


class LatestResult(Schema):
    fiscal_year: int
    total: float
    level: str


class AgencyOut(Schema):
    code: str
    name: str
    agency_type: str
    agency_type_label: str
    province: ProvinceOut
    district: str | None
    website: str
    latest_published_result: LatestResult | None


class FrameworkOut(Schema):
    code: str
    name: str
    fiscal_year_from: int
    fiscal_year_to: int
    provisional: bool


class ItemOut(Schema):
    code: str
    title: str
    sub_indicator: str | None
    kind: str
    provisional: bool


class SubIndicatorOut(Schema):
    code: str
    name: str
    items: list[str]


class IndicatorOut(Schema):
    number: int
    name: str
    name_en: str
    tool: str
    sub_indicators: list[SubIndicatorOut]
    items: list[ItemOut]


class ToolOut(Schema):
    code: str
    name: str
    name_en: str
    weight: float
    indicators: list[int]


class LevelOut(Schema):
    code: str
    label: str
    min_score: float
    passing: bool


class FrameworkDetail(FrameworkOut):
    pass_mark: float
    tools: list[ToolOut]
    indicators: list[IndicatorOut]
    levels: list[LevelOut]


class IndicatorScoreOut(Schema):
    number: int
    score: float


class ResultOut(Schema):
    agency_code: str
    fiscal_year: int
    total: float
    level: str
    tools: dict[str, float]
    indicators: list[IndicatorScoreOut]
    published: bool


class WaveProgressOut(Schema):
    """Counts only: never an answer, a respondent's row or a time of answering."""

    tool: str
    fiscal_year: int
    status: str
    starts_on: dt.date
    ends_on: dt.date
    needed: int
    received: int
    stored: int
    percent: int
    reached: bool


class DisclosureYearOut(Schema):
    fiscal_year: int
    framework: str
    published: bool


class DisclosureItemOut(Schema):
    """Anonymously, what the published OIT page shows (code, title, links, and "in
    preparation" for an item without any); with a token of someone who may see the agency, its
    working state too (null otherwise)."""

    code: str
    title: str
    indicator: int
    links: list[str]
    # what the public page says of the item: its links, or "อยู่ระหว่างจัดทำ" without any
    public_status: Literal["disclosed", "in_preparation"]
    public_status_label: str
    status: str | None = None
    status_label: str | None = None
    division: str | None = None
    due_date: dt.date | None = None
    link_verdict: str | None = None
    explanation: str | None = None


class DisclosureOut(DisclosureYearOut):
    agency_code: str
    items: list[DisclosureItemOut]


class MeasureOut(Schema):
    position: int
    title: str
    guideline: str
    steps: str
    divisions: list[str]
    period: str
    monitoring: str
    indicators: list[int]
    items: list[str]
    round_months: list[int]


class AnalysisOut(Schema):
    """published: the approved version the agency published (its O42); else the live plan."""

    fiscal_year: int
    status: str
    version: int | None
    published: bool
    measures: int


class AnalysisDetail(AnalysisOut):
    agency_code: str
    overview: str
    improvement_issues: str
    measure_list: list[MeasureOut]


class MeasureProgressOut(Schema):
    position: int
    title: str
    round_month: int
    status: str
    status_label: str
    percent: int
    actions: str
    output: str
    outcome: str
    problems: str
    evidence: list[str]


class ProgressRoundOut(Schema):
    """One O43 round: anonymously the round as published (frozen, with its as-of date); with a
    token, each measure's newest report of the round (a division head alone: their own)."""

    round_month: int
    published: bool
    as_of: dt.date | None
    measures: list[MeasureProgressOut]
