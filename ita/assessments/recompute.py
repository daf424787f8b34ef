"""A national recompute: every recorded result scored again from its stored indicator scores (and
the assessor's OIT verdicts, when it has them) with the rules record_result applies — the same
_scored and _result_snapshot — but set-based.

record_result is the path for one result (a form, one import row): about fifteen queries and a
savepoint each, so the 41,585 agency-years of a national round took minutes that way
(bench/national.py prints the profile). Here a batch of results costs a constant handful of
queries whatever its size, and only results whose figures change are written, each with the
revision and the audit event record_result would have added."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import JSONField, Max
from django.utils import timezone

from ita.assessments.actions import _result_snapshot, _scored, _snapshot
from ita.assessments.models import (
    Assessment,
    AssessmentRevision,
    IndicatorScore,
    OitVerdict,
    Via,
)
from ita.audit.log import event, record_all
from ita.audit.models import AuditEvent
from ita.frameworks.models import Framework, Indicator
from ita.frameworks.scoring import ScoringError
from ita.lib.policy import require

BATCH = 2000
NOTE = "คำนวณคะแนนใหม่จากคะแนนรายตัวชี้วัดที่บันทึกไว้"
TOOL_FIELDS = {"IIT": "iit", "EIT": "eit", "OIT": "oit"}


@dataclass
class RecomputeOutcome:
    checked: int = 0
    changed: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # (assessment id, Thai message)

    def as_json(self) -> dict:
        problems = [{"assessment": pk, "message": m} for pk, m in self.problems]
        return {"ok": not problems, "checked": self.checked, "changed": self.changed,
                "problems": problems}  # fmt: skip


@dataclass(frozen=True)
class _Change:
    assessment: Assessment
    before: dict
    after: dict
    indicators_changed: bool


def recompute_results(
    *, acting_user, fiscal_years: Iterable[int] | None = None, batch_size: int = BATCH
) -> RecomputeOutcome:
    """Score every result (of these years) again; write the ones whose total, level, tools or
    indicator scores differ. Each batch is its own transaction, so a stopped run is resumed by
    running it again (what is already right is only read)."""
    require(acting_user, "results.recompute")
    results = Assessment.objects.order_by("pk")
    if fiscal_years is not None:
        results = results.filter(fiscal_year__in=list(fiscal_years))
    ids = list(results.values_list("pk", flat=True))
    frameworks = {f.pk: f for f in Framework.objects.all()}
    outcome = RecomputeOutcome()
    for start in range(0, len(ids), batch_size):
        _batch(ids[start : start + batch_size], frameworks, acting_user, outcome)
    return outcome


@transaction.atomic
def _batch(ids: list[int], frameworks: dict, acting_user, outcome: RecomputeOutcome) -> None:
    # locked like record_result's select_for_update, so a result typed in meanwhile waits
    results = list(Assessment.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    scores, verdicts = _scores_of(ids), _verdicts_of(ids)
    changes = []
    for assessment in results:
        outcome.checked += 1
        try:
            change = _rescored(assessment, scores[assessment.pk], verdicts.get(assessment.pk),
                               frameworks[assessment.framework_id])  # fmt: skip
        except ScoringError as exc:
            outcome.problems.append((assessment.pk, str(exc)))
            continue
        if change is not None:
            changes.append(change)
    if changes:
        _write(changes, acting_user)
        outcome.changed += len(changes)


def _scores_of(ids: list[int]) -> dict[int, dict[int, Decimal]]:
    rows = (
        IndicatorScore.objects.filter(assessment_id__in=ids)
        .order_by()
        .values_list("assessment_id", "indicator__number", "score")
    )
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, number, value in rows:
        found[pk][number] = value
    return found


def _verdicts_of(ids: list[int]) -> dict[int, dict[str, bool]]:
    rows = (
        OitVerdict.objects.filter(assessment_id__in=ids)
        .order_by()
        .values_list("assessment_id", "item__code", "accepted")
    )
    found: dict[int, dict[str, bool]] = defaultdict(dict)
    for pk, code, accepted in rows:
        found[pk][code] = accepted
    return found


def _rescored(assessment, scores, verdicts, framework) -> _Change | None:
    rejected = [code for code, ok in (verdicts or {}).items() if not ok]
    before = _snapshot(assessment, sorted(scores.items()), rejected)
    _, result = _scored(assessment.fiscal_year, scores, verdicts, framework)
    after = _result_snapshot(result, verdicts)
    tools = result.tools
    stored_tools = {code: getattr(assessment, name) for code, name in TOOL_FIELDS.items()}
    if before == after and stored_tools == tools:
        return None
    assessment.total = result.total
    assessment.level_code, assessment.level_label = result.level.code, result.level.label
    for code, name in TOOL_FIELDS.items():
        setattr(assessment, name, tools[code])
    changed = before["indicators"] != after["indicators"]
    return _Change(assessment, before, after, changed)


def _write(changes: list[_Change], acting_user) -> None:
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    _write_figures([c.assessment for c in changes], user)
    _write_indicators([c for c in changes if c.indicators_changed])
    last = dict(
        AssessmentRevision.objects.filter(assessment_id__in=[c.assessment.pk for c in changes])
        .order_by()
        .values("assessment_id")
        .annotate(n=Max("number"))
        .values_list("assessment_id", "n")
    )
    revisions, events = [], []
    for c in changes:
        a, after = c.assessment, c.after
        if c.before != after:  # as record_result: tools alone changing adds no revision
            number = last.get(a.pk, 0) + 1
            revisions.append(
                AssessmentRevision(
                    assessment=a,
                    number=number,
                    snapshot=after,
                    total=a.total,
                    level_label=a.level_label,
                    via=Via.SYSTEM,
                    note=NOTE,
                    created_by=user,
                )
            )
            after = after | {"revision": number}
        made = event(actor=user, action="assessment.changed", obj=a, before=c.before,
                     after=after, note=NOTE)  # fmt: skip
        made.agency_id = a.agency_id
        events.append(made)
    if connection.vendor == "postgresql":
        _copy_in(AssessmentRevision, revisions)
        _copy_in(AuditEvent, events)
    else:
        AssessmentRevision.objects.bulk_create(revisions, batch_size=BATCH)
        record_all(events)


def _copy_in(model, objects: list) -> None:
    """INSERT by COPY, without compiling a statement of thousands of parameters (that and its
    parsing were most of a national recompute's writing). pre_save gives the creation times as
    bulk_create would; JSON is written as Django's JSONField writes it; psycopg adapts the rest
    (Decimal, str, int, datetime, None)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    json_fields = {f.name: f.encoder for f in fields if isinstance(f, JSONField)}

    def value(obj, f):
        raw = f.pre_save(obj, True)
        if f.name in json_fields and raw is not None:
            return json.dumps(raw, cls=json_fields[f.name])
        return raw

    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row([value(obj, f) for f in fields])


_PG_FIGURES = """
UPDATE {table} AS a
SET total = v.total, level_code = v.level_code, level_label = v.level_label, iit = v.iit,
    eit = v.eit, oit = v.oit, updated_by_id = %(user)s, updated_at = %(now)s
FROM unnest(%(ids)s::bigint[], %(totals)s::numeric[], %(codes)s::varchar[],
            %(labels)s::varchar[], %(iit)s::numeric[], %(eit)s::numeric[], %(oit)s::numeric[])
     AS v(id, total, level_code, level_label, iit, eit, oit)
WHERE a.id = v.id
"""


def _write_figures(results: list[Assessment], user) -> None:
    """One UPDATE for the batch. Django's bulk_update writes a CASE of one WHEN per row for each
    column, which PostgreSQL evaluates row by row (quadratic in the batch); unnest is a join."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        for a in results:
            a.updated_by, a.updated_at = user, now
        fields = ["total", "level_code", "level_label", "iit", "eit", "oit", "updated_by",
                  "updated_at"]  # fmt: skip
        Assessment.objects.bulk_update(results, fields, batch_size=500)
        return
    params = {
        "user": user.pk if user else None,
        "now": now,
        "ids": [a.pk for a in results],
        "totals": [a.total for a in results],
        "codes": [a.level_code for a in results],
        "labels": [a.level_label for a in results],
        **{name: [getattr(a, name) for a in results] for name in TOOL_FIELDS.values()},
    }
    with connection.cursor() as cursor:
        cursor.execute(_PG_FIGURES.format(table=Assessment._meta.db_table), params)


def _write_indicators(changes: list[_Change]) -> None:
    """Indicator scores change only where OIT verdicts give indicators 9–10 (a verdict recorded
    after the scores were): rewrite those results' rows, as record_result does."""
    if not changes:
        return
    IndicatorScore.objects.filter(assessment__in=[c.assessment for c in changes]).delete()
    frameworks = {c.assessment.framework_id for c in changes}
    indicators = {
        (i.framework_id, i.number): i.pk for i in Indicator.objects.filter(framework__in=frameworks)
    }
    IndicatorScore.objects.bulk_create(
        (
            IndicatorScore(
                assessment=c.assessment,
                indicator_id=indicators[c.assessment.framework_id, int(number)],
                score=Decimal(value),
            )
            for c in changes
            for number, value in c.after["indicators"].items()
        ),
        batch_size=BATCH,
    )
