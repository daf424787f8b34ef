"""Read side of the surveys app: the access rule for waves, cached questionnaires, tallies and
scores (read from tallies, never recomputed from every answer)."""

from __future__ import annotations

import time
from functools import lru_cache

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from ita.agencies.access import agencies_for_user
from ita.assessments.models import Assessment, Source
from ita.frameworks.models import Framework
from ita.frameworks.spec import FrameworkSpec
from ita.surveys import rules
from ita.surveys.models import PendingResponse, Response, Wave
from ita.surveys.questionnaire import Questionnaire, build


def get_wave_for_user(user, pk, write: bool = False) -> Wave:
    """The one access rule for a wave: the wave's agency must be visible (or writable) to the
    user; anything else is 404, the same as a missing wave."""
    try:
        return Wave.objects.select_related("agency", "agency__province").get(
            pk=pk, agency__in=agencies_for_user(user, write=write)
        )
    except (Wave.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบรอบการสำรวจ") from None


@lru_cache(maxsize=32)
def _framework(framework_id: int) -> tuple[FrameworkSpec, dict]:
    # A framework used by a wave is frozen (a new version is a new row), so caching it for the
    # life of the process is safe and spares every submission a 100 kB JSON load.
    framework = Framework.objects.only("definition").get(pk=framework_id)
    return framework.spec, framework.definition


def spec_of(framework_id: int) -> FrameworkSpec:
    return _framework(framework_id)[0]


def definition_of(framework_id: int) -> dict:
    return _framework(framework_id)[1]


@lru_cache(maxsize=64)
def questionnaire_of(framework_id: int, tool: str) -> Questionnaire:
    spec, definition = _framework(framework_id)
    return build(spec, tool, definition)


def tallies_of(wave: Wave) -> dict[str, rules.Tally]:
    return {t.item_code: rules.Tally(t.respondents, t.value_sum) for t in wave.tallies.all()}


def tool_scores_of(wave: Wave, questionnaire: Questionnaire) -> rules.ToolScores:
    items = rules.item_scores(questionnaire, tallies_of(wave))
    return rules.tool_scores(spec_of(wave.framework_id), wave.tool, items)


def response_count(wave: Wave) -> int:
    """Answers received, stored or waiting for their batch: a count, never which slips."""
    return (
        Response.objects.filter(wave_id=wave.pk).count()
        + PendingResponse.objects.filter(wave_id=wave.pk).count()
    )


def _count_of(model) -> Coalesce:
    counted = model.objects.filter(wave=OuterRef("pk")).values("wave").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def with_answer_counts(waves: QuerySet[Wave]) -> QuerySet[Wave]:
    """`answers` on each wave: stored plus waiting, one subquery each (no join fan-out)."""
    return waves.annotate(answers=_count_of(Response) + _count_of(PendingResponse))


def official_result(wave: Wave) -> Assessment | None:
    return (
        Assessment.objects.filter(
            agency_id=wave.agency_id, fiscal_year=wave.fiscal_year, source=Source.OFFICIAL
        )
        .prefetch_related("scores__indicator")
        .first()
    )


def comments_of(wave: Wave) -> list[str]:
    """Comments of stored answers only (they arrive in batches of k), in text order, never in
    the order they came (order could point at a person)."""
    return list(
        Response.objects.filter(wave_id=wave.pk)
        .exclude(comment="")
        .order_by("comment")
        .values_list("comment", flat=True)
    )


# Respondent pages look a wave up by its public code on every request; the wave changes only when
# an officer edits or closes it, so each process keeps it for a few seconds. Closing is enforced
# by the database anyway (actions.submit_response stores nothing into a closed wave).
WAVE_CACHE_SECONDS = 10
_public_waves: dict[tuple[str, str], tuple[float, Wave]] = {}


def public_wave(code: str, tool: str) -> Wave:
    key, now = (code, tool), time.monotonic()
    cached = _public_waves.get(key)
    if cached and cached[0] > now:
        return cached[1]
    wave = get_object_or_404(
        Wave.objects.select_related("agency").only(
            "agency__name", "framework_id", "tool", "status", "starts_on", "ends_on",
            "public_code", "fiscal_year",
        ),
        public_code=code,
        tool=tool,
    )  # fmt: skip
    _public_waves[key] = (now + WAVE_CACHE_SECONDS, wave)
    return wave


def forget_wave(code: str) -> None:
    for key in [k for k in _public_waves if k[0] == code]:
        _public_waves.pop(key, None)
