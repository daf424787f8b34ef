"""A synthetic national ITA round, written the way the models store it (bench/national.py).

The plan is drawn once for the whole country (8,317 agencies in 77 provinces, 1.35 million
survey answers at scale 1) and generate() writes any prefix of it, so steps ¼ → ½ → 1 add to the
same database instead of starting again. Per agency: five fiscal years of official results
(ten indicator scores each, totals left for the recompute as a raw load leaves them), the result
published for most years (open data), an IIT and an EIT wave of the survey year with their
anonymous answers (encoded as surveys.questionnaire stores them, shuffled per wave, days only)
and the tallies folded from them, and the year's OIT checklist with evidence and links.
PostgreSQL gets COPY; another database (the smoke test on SQLite) bulk_create.

ceiling_sql() is the hand-written GROUP BY that computes the same figures in one UPDATE, in
exact integer arithmetic (cents), so it agrees with frameworks.scoring to the last digit."""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

NATIONAL_AGENCIES = 8_317
NATIONAL_PROVINCES = 77
NATIONAL_RESPONSES = 1_350_000
YEARS = (2565, 2566, 2567, 2568, 2569)
SURVEY_YEAR = 2569
PREFIX = "NB-"
DISTRICTS_PER_PROVINCE = 12
PUBLISHED_SHARE = 0.75
PATTERNS = 400  # distinct answer sheets per tool; each answer is one of them, drawn at random

# Shares of the national round by kind (NACC's 2566 round: about 7,850 local governments).
TYPES = [
    ("sao", 0.62), ("tambon", 0.255), ("town", 0.022), ("city", 0.0036), ("pao", 0.009),
    ("regional", 0.075), ("department", 0.0104), ("public_org", 0.003),
]  # fmt: skip
TYPE_NAMES = {
    "sao": "องค์การบริหารส่วนตำบล", "tambon": "เทศบาลตำบล", "town": "เทศบาลเมือง",
    "city": "เทศบาลนคร", "pao": "องค์การบริหารส่วนจังหวัด", "regional": "สำนักงานจังหวัด",
    "department": "กรม", "public_org": "สำนักงาน",
}  # fmt: skip
# Answers per agency by kind, relative (a city has more staff and service users than an อบต.).
SIZE = {"sao": 0.8, "tambon": 0.9, "town": 1.6, "city": 3.0, "pao": 2.5, "regional": 1.4,
        "department": 3.0, "public_org": 2.0}  # fmt: skip
ITEM_STATUS = [("accepted", 0.45), ("ready", 0.2), ("in_progress", 0.15), ("not_accepted", 0.08),
               ("not_started", 0.12)]  # fmt: skip


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    agency_type: str
    province: int  # index into the plan's provinces
    district: int | None  # index into the province's districts
    quality: float  # latent level of the agency's scores
    trend: float  # points per year
    iit_answers: int
    eit_answers: int


@dataclass(frozen=True)
class Plan:
    provinces: int
    agencies: tuple[AgencySpec, ...]
    seed: int

    @property
    def responses(self) -> int:
        return sum(a.iit_answers + a.eit_answers for a in self.agencies)


def make_plan(agencies: int = NATIONAL_AGENCIES, provinces: int = NATIONAL_PROVINCES,
              responses: int = NATIONAL_RESPONSES, seed: int = 2569) -> Plan:  # fmt: skip
    """Every agency of the round, drawn once: province by a skewed weight (Bangkok and
    นครราชสีมา are large, ระนอง small), kind by the national shares, answers by kind."""
    rng = random.Random(seed)
    weights = [0.3 + rng.paretovariate(2.5) for _ in range(provinces)]
    kinds, shares = zip(*TYPES, strict=True)
    drawn = []
    for _ in range(agencies):
        kind = rng.choices(kinds, shares)[0]
        drawn.append((kind, rng.choices(range(provinces), weights)[0], rng.lognormvariate(0, 0.4)))
    per_answer = responses / sum(SIZE[k] * f for k, _, f in drawn) if drawn else 0
    specs = []
    for i, (kind, province, factor) in enumerate(drawn):
        answers = max(2, round(SIZE[kind] * factor * per_answer))
        iit = max(1, round(answers * 0.3))
        specs.append(
            AgencySpec(
                code=f"{PREFIX}{i:05d}",
                name=f"{TYPE_NAMES[kind]}ทดสอบ {i + 1}",
                agency_type=kind,
                province=province,
                district=None if kind in ("regional", "department", "pao") else rng.randrange(
                    DISTRICTS_PER_PROVINCE),
                quality=min(97.0, max(45.0, rng.gauss(82, 9))),
                trend=rng.gauss(1.2, 1.5),
                iit_answers=iit,
                eit_answers=answers - iit,
            )
        )  # fmt: skip
    return Plan(provinces=provinces, agencies=tuple(specs), seed=seed)


class Timings(dict):
    @contextmanager
    def part(self, name: str):
        start = time.perf_counter()
        yield
        self[name] = self.get(name, 0.0) + time.perf_counter() - start


# ------------------------------------------------------------------------------------ writing


def _insert(model, fields: list[str], rows) -> int:
    """COPY on PostgreSQL (every row in one stream), bulk_create elsewhere. `fields` are column
    attnames (agency_id, not agency)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        made = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(made, batch_size=500)
        return len(made)
    columns = ", ".join(model._meta.get_field(f).column for f in fields)
    count = 0
    statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reference(plan: Plan):
    """Provinces (the real 77), districts up to DISTRICTS_PER_PROVINCE each, the frameworks, and
    the national administrator the pages are read as. Idempotent."""
    from django.contrib.auth import get_user_model

    from ita.agencies.models import District, Membership, Province, Role
    from ita.agencies.reference import load_provinces
    from ita.frameworks.actions import load_frameworks

    if not Province.objects.exists():
        load_provinces(Province, District)
    load_frameworks()
    provinces = list(Province.objects.order_by("name"))[: plan.provinces]
    have = Counter(District.objects.values_list("province_id", flat=True))
    District.objects.bulk_create(
        District(province=p, name=f"ทดสอบที่ {n}")
        for p in provinces
        for n in range(have[p.pk] + 1, DISTRICTS_PER_PROVINCE + 1)
    )
    user, made = get_user_model().objects.get_or_create(username="bench-national")
    if made:
        Membership.objects.create(user=user, role=Role.NATIONAL_ADMIN)
    return provinces, user


def generate(plan: Plan, upto: int, timings: Timings) -> dict[str, int]:
    """Write agencies [already written, upto) of the plan with everything they have."""
    from ita.agencies.models import Agency, District

    with timings.part("reference"):
        provinces, _ = reference(plan)
        districts = {p.pk: [] for p in provinces}
        for d in District.objects.filter(province__in=provinces).order_by("name"):
            districts[d.province_id].append(d.pk)
    start = Agency.objects.filter(code__startswith=PREFIX).count()
    specs = plan.agencies[start:upto]
    rng = random.Random(plan.seed * 7919 + start)
    counts = {"agencies": len(specs)}
    if not specs:
        return counts
    with timings.part("agencies"):
        agencies = _agencies(specs, provinces, districts)
    with timings.part("results"):
        counts |= _results(agencies, specs, rng)
    with timings.part("surveys"):
        counts |= _surveys(agencies, specs, rng)
    with timings.part("oit"):
        counts |= _disclosure(agencies, rng)
    with timings.part("analyze"):
        _analyze()
    return counts


def _agencies(specs, provinces, districts):
    from ita.agencies.models import Agency

    made = []
    for s in specs:
        province = provinces[s.province]
        district = None if s.district is None else districts[province.pk][s.district]
        made.append(Agency(code=s.code, name=s.name, agency_type=s.agency_type,
                           province=province, district_id=district))  # fmt: skip
    return Agency.objects.bulk_create(made, batch_size=5000)


def _score(rng: random.Random, base: float, spread: float) -> Decimal:
    value = min(100.0, max(0.0, rng.gauss(base, spread)))
    return Decimal(f"{value:.2f}")


def _indicator_scores(rng, spec: AgencySpec, year_index: int) -> dict[int, Decimal]:
    """IIT high and tight, EIT a little lower, OIT (9–10) spread wide: the shape of the seeds."""
    q = spec.quality + spec.trend * year_index
    scores = {n: _score(rng, q + 8, 4) for n in range(1, 6)}
    scores |= {n: _score(rng, q + 2, 5) for n in range(6, 9)}
    scores |= {n: _score(rng, q - 6, 18) for n in (9, 10)}
    return scores


def _results(agencies, specs, rng) -> dict[str, int]:
    from ita.assessments.models import Assessment, IndicatorScore
    from ita.frameworks.models import Framework, Indicator
    from ita.public.models import Kind, Publication

    framework = {y: Framework.for_year(y) for y in YEARS}
    indicator = {(i.framework_id, i.number): i.pk for i in Indicator.objects.all()}
    rows, scores = [], []
    for agency, spec in zip(agencies, specs, strict=True):
        for k, year in enumerate(YEARS):
            rows.append(Assessment(agency=agency, fiscal_year=year, framework=framework[year],
                                   total=0, level_code="", level_label="", iit=0, eit=0,
                                   oit=0))  # fmt: skip
            scores.append(_indicator_scores(rng, spec, k))
    made = Assessment.objects.bulk_create(rows, batch_size=5000)
    n = _insert(
        IndicatorScore, ["assessment_id", "indicator_id", "score"],
        ((a.pk, indicator[a.framework_id, number], value)
         for a, s in zip(made, scores, strict=True) for number, value in s.items()),
    )  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    published = _insert(
        Publication, ["agency_id", "kind", "fiscal_year", "round_month", "published_at"],
        ((a.agency_id, Kind.RESULT, a.fiscal_year, 0, now) for a in made
         if rng.random() < PUBLISHED_SHARE),
    )  # fmt: skip
    return {"results": len(made), "indicator_scores": n, "publications": published}


def _patterns(framework, tool: str, rng) -> list[tuple[str, dict[str, Decimal]]]:
    """Answer sheets as stored (encode_answers) with their item sums (what the tallies fold)."""
    from ita.surveys.queries import questionnaire_of
    from ita.surveys.questionnaire import encode_answers, item_sums

    questionnaire = questionnaire_of(framework.pk, tool)
    sheets = []
    for _ in range(PATTERNS):
        lean = rng.random()  # how positive this respondent is
        answers = {}
        for q in questionnaire.questions:
            top = len(q.options) - 1
            answers[q.code] = [min(top, max(0, round(rng.gauss(lean * top, 1)))) for _ in q.subs]
        sheets.append((encode_answers(answers), item_sums(questionnaire, answers)))
    return sheets


def _surveys(agencies, specs, rng) -> dict[str, int]:
    from django.utils import timezone

    from ita.frameworks.models import Framework
    from ita.surveys.models import Response, Wave, WaveStatus, WaveTally

    framework = Framework.for_year(SURVEY_YEAR)
    sheets = {tool: _patterns(framework, tool, rng) for tool in ("IIT", "EIT")}
    opens, days = dt.date(2026, 3, 1), 75  # FY 2569's survey months
    waves, planned = [], []
    for agency, spec in zip(agencies, specs, strict=True):
        for tool, n in (("IIT", spec.iit_answers), ("EIT", spec.eit_answers)):
            waves.append(Wave(agency=agency, framework=framework, fiscal_year=SURVEY_YEAR,
                              tool=tool, starts_on=opens, ends_on=opens + dt.timedelta(days),
                              population=n * 3, min_responses=n, public_code=secrets.token_hex(8),
                              tokens_issued=n if tool == "IIT" else 0, status=WaveStatus.CLOSED,
                              tallied_responses=n, closed_at=timezone.now()))  # fmt: skip
            planned.append((tool, n))
    waves = Wave.objects.bulk_create(waves, batch_size=5000)
    drawn = [(w.pk, tool, [rng.randrange(PATTERNS) for _ in range(n)])
             for w, (tool, n) in zip(waves, planned, strict=True)]  # fmt: skip

    def answers():
        for wave, tool, picks in drawn:
            for p in picks:
                yield (wave, uuid.uuid4(), opens + dt.timedelta(rng.randrange(days)),
                       sheets[tool][p][0], "")  # fmt: skip

    fields = ["wave_id", "client_id", "submitted_on", "answers", "comment"]
    n = _insert(Response, fields, answers())

    def tallies():
        for wave, tool, picks in drawn:
            counts = Counter(picks)
            for code in sheets[tool][0][1]:
                total = sum((sheets[tool][p][1][code] * c for p, c in counts.items()), Decimal(0))
                yield (wave, code, len(picks), total)

    t = _insert(WaveTally, ["wave_id", "item_code", "respondents", "value_sum"], tallies())
    return {"waves": len(waves), "responses": n, "tallies": t}


def _disclosure(agencies, rng) -> dict[str, int]:
    from django.utils import timezone

    from ita.disclosure.models import DisclosureItem, DisclosureYear, Evidence, EvidenceLink
    from ita.frameworks.models import Framework

    framework = Framework.for_year(SURVEY_YEAR)
    items = list(framework.items.filter(indicator__tool="OIT").order_by("position"))
    years = DisclosureYear.objects.bulk_create(
        (DisclosureYear(agency=a, fiscal_year=SURVEY_YEAR, framework=framework) for a in agencies),
        batch_size=5000,
    )
    now = timezone.now()
    statuses, shares = zip(*ITEM_STATUS, strict=True)
    _insert(
        DisclosureItem, ["year_id", "item_id", "status", "link_verdict", "link_stale",
                         "updated_at"],
        ((y.pk, i.pk, rng.choices(statuses, shares)[0], "", False, now)
         for y in years for i in items),
    )  # fmt: skip
    with_evidence = list(
        DisclosureItem.objects.filter(year__in=years)
        .exclude(status="not_started")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _insert(
        Evidence, ["item_id", "revision", "explanation", "file", "content_hash", "created_at"],
        ((pk, 1, "ประกาศและรายงานบนเว็บไซต์หลักของหน่วยงาน", "", "", now) for pk in with_evidence),
    )  # fmt: skip
    evidence = (
        Evidence.objects.filter(item__year__in=years).order_by("pk").values_list("pk", "item_id")
    )
    links = _insert(
        EvidenceLink, ["evidence_id", "url", "position"],
        ((pk, f"https://agency-{item}.example.go.th/ita/{SURVEY_YEAR}/{k}", k)
         for pk, item in evidence for k in range(1 + (item % 2))),
    )  # fmt: skip
    return {"oit_items": len(years) * len(items), "evidence": len(with_evidence), "links": links}


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them on a live database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# ------------------------------------------------------------------------------ the ceiling


def ceiling_sql() -> tuple[str, list]:
    """One UPDATE … FROM (GROUP BY): every result's tool scores, total and level from its
    indicator scores, in integer cents so that rounding is exactly frameworks.scoring's (means
    kept exact, total = Σ weight × tool mean rounded once, half up; a tool's mean rounded half up
    on its own). The weights and level floors come from each framework's data as parameters."""
    from ita.frameworks.models import Framework

    frameworks = list(Framework.objects.all())

    def weight(tool: str) -> str:  # integers of our own data, written into the statement
        whens = " ".join(f"WHEN {int(f.pk)} THEN {int(f.spec.tool(tool).weight * 100)}"
                         for f in frameworks)  # fmt: skip
        return f"(CASE g.framework_id {whens} END)"

    # N = Σ w%·S_t·(D/n_t) with D = n_iit·n_eit·n_oit: total in cents = N / (100·D), half up
    d = "(g.n_iit * g.n_eit * g.n_oit)"
    numerator = " + ".join(
        f"{weight(t)} * g.s_{t.lower()} * ({d} / g.n_{t.lower()})" for t in TOOLS
    )
    total = f"((2 * ({numerator}) + 100 * {d}) / (200 * {d}))"
    sums = ", ".join(
        f"SUM(CASE WHEN i.tool = '{t}' THEN CAST(ROUND(s.score * 100) AS INTEGER) ELSE 0 END)"
        f" AS s_{t.lower()}, SUM(CASE WHEN i.tool = '{t}' THEN 1 ELSE 0 END) AS n_{t.lower()}"
        for t in TOOLS
    )
    level_code, level_label = [], []
    for f in frameworks:
        for level in f.spec.levels:  # highest first
            cond = f"WHEN c.framework_id = {int(f.pk)} AND c.total >= {int(level.min_score * 100)}"
            level_code.append(f"{cond} THEN %s")
            level_label.append(f"{cond} THEN %s")
    codes = [lv.code for f in frameworks for lv in f.spec.levels]
    labels = [lv.label for f in frameworks for lv in f.spec.levels]
    tools = ", ".join(
        f"((2 * g.s_{t.lower()} + g.n_{t.lower()}) / (2 * g.n_{t.lower()})) AS {t.lower()}"
        for t in TOOLS
    )
    sql = f"""
UPDATE assessments_assessment
SET total = c.total / 100.0, iit = c.iit / 100.0, eit = c.eit / 100.0, oit = c.oit / 100.0,
    level_code = CASE {" ".join(level_code)} END,
    level_label = CASE {" ".join(level_label)} END
FROM (
    SELECT g.id, g.framework_id, {total} AS total, {tools}
    FROM (
        SELECT s.assessment_id AS id, a.framework_id, {sums}
        FROM assessments_indicatorscore AS s
        JOIN frameworks_indicator AS i ON i.id = s.indicator_id
        JOIN assessments_assessment AS a ON a.id = s.assessment_id
        GROUP BY s.assessment_id, a.framework_id
    ) AS g
) AS c
WHERE assessments_assessment.id = c.id
"""
    return sql, codes + labels


TOOLS = ("IIT", "EIT", "OIT")


def figures() -> dict[int, tuple]:
    """Every result's stored figures, to compare the recompute with the ceiling."""
    from ita.assessments.models import Assessment

    return {
        pk: rest
        for pk, *rest in Assessment.objects.order_by().values_list(
            "pk", "total", "iit", "eit", "oit", "level_code", "level_label"
        )
    }


def run_ceiling() -> int:
    from django.db import connection, transaction

    sql, params = ceiling_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def reset_results() -> int:
    """Every result stale (totals as a raw load leaves them), for a full recompute."""
    from ita.assessments.models import Assessment

    return Assessment.objects.update(total=0, iit=0, eit=0, oit=0, level_code="", level_label="")
