"""An assessor's OIT verdicts move indicators 9–10 of a recorded result and nothing else. The
assessor holds `disclosure.review`, not `results.record`: record_result with via=OIT_REVIEW was
the assessor's door to the whole result (indicators 1–8 as given), and it checked nothing but
the rule. Now the other indicators must be as recorded, and there must be a result."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SEED_002_2565, decimals
from ita.assessments.actions import record_result
from ita.assessments.models import Assessment, Via
from ita.audit.models import AuditEvent
from ita.lib.policy import NotAllowed

pytestmark = pytest.mark.django_db


def _verdicts(world, rejected=()):
    spec = world.own.results.get(fiscal_year=2565).framework.spec
    return {i.code: i.code not in rejected for i in spec.items_of_tool("OIT")}


def _review(world, scores, verdicts, year=2565):
    return record_result(
        acting_user=world.assessor, agency=world.own, fiscal_year=year,
        indicator_scores=scores, oit_verdicts=verdicts, via=Via.OIT_REVIEW,
    )  # fmt: skip


@pytest.fixture
def recorded(world):
    return record_result(acting_user=world.officer, agency=world.own, fiscal_year=2565,
                         indicator_scores=decimals(SEED_002_2565))  # fmt: skip


def test_the_verdicts_move_indicators_9_and_10_only(world, recorded):
    verdicts = _verdicts(world, rejected=("O1",))
    after = _review(world, decimals(SEED_002_2565), verdicts)
    assert after.scores.get(indicator__number=1).score == Decimal(SEED_002_2565[1])


def test_an_assessor_cannot_move_another_indicator_through_a_review(world, recorded):
    before_total = Assessment.objects.get(pk=recorded.pk).total
    events = AuditEvent.objects.count()
    forged = decimals(SEED_002_2565) | {1: Decimal("100"), 5: Decimal("100")}
    with pytest.raises(NotAllowed):
        _review(world, forged, _verdicts(world))
    assert Assessment.objects.get(pk=recorded.pk).total == before_total
    assert recorded.scores.get(indicator__number=1).score == Decimal(SEED_002_2565[1])
    assert AuditEvent.objects.count() == events


def test_a_review_cannot_make_a_result_or_come_without_verdicts(world, recorded):
    with pytest.raises(NotAllowed):  # no official result of 2566 to put the verdicts on
        _review(world, decimals(SEED_002_2565), _verdicts(world), year=2566)
    with pytest.raises(NotAllowed):  # the scores as given, without any verdict
        _review(world, decimals(SEED_002_2565) | {9: Decimal("100")}, None)
    assert not Assessment.objects.filter(fiscal_year=2566).exists()
