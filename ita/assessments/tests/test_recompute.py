"""The national recompute: every result scored again by record_result's rules, in a constant
number of queries per batch, writing (with a revision and an audit event) only what changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from conftest import SEED_001_2566, SEED_002_2565, decimals
from ita.agencies.models import Agency, AgencyType
from ita.assessments.actions import record_result, snapshot_of
from ita.assessments.models import Assessment, AssessmentRevision, IndicatorScore
from ita.assessments.recompute import NOTE, recompute_results
from ita.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _agencies(world, n: int) -> list[Agency]:
    return Agency.objects.bulk_create(
        Agency(
            code=f"R-{i:03d}",
            name=f"อบต.ทดสอบ {i}",
            agency_type=AgencyType.SAO,
            province=world.province,
        )
        for i in range(n)
    )


def _record(world, agencies, year=2565, scores=SEED_002_2565) -> list[Assessment]:
    return [
        record_result(
            acting_user=world.national,
            agency=a,
            fiscal_year=year,
            indicator_scores=decimals(scores),
        )
        for a in agencies
    ]


def _stale(results: list[Assessment]) -> None:
    """Totals, tools and level as an earlier bug or a raw load might have left them."""
    Assessment.objects.filter(pk__in=[r.pk for r in results]).update(
        total=0, iit=0, eit=0, oit=0, level_code="", level_label=""
    )


def test_stale_results_are_scored_again_with_a_revision_and_an_event(world):
    stale, right = _record(world, _agencies(world, 3))[:2], None
    right = Assessment.objects.exclude(pk__in=[r.pk for r in stale]).get()
    _stale(stale)
    events = AuditEvent.objects.count()

    outcome = recompute_results(acting_user=world.national)

    assert (outcome.checked, outcome.changed, outcome.problems) == (3, 2, [])
    for r in stale:
        r.refresh_from_db()
        assert (r.total, r.level_code, r.level_label) == (Decimal("71.03"), "C", "C")
        assert (r.iit, r.eit, r.oit) == (Decimal("77.38"), Decimal("74.38"), Decimal("63.75"))
        revision = r.revisions.order_by("-number").first()
        assert (revision.number, revision.note, revision.snapshot) == (2, NOTE, snapshot_of(r))
    assert right.revisions.count() == 1  # already right: only read
    new = AuditEvent.objects.order_by("pk")[events:]
    assert [(e.action, e.object_id, e.agency_id) for e in new] == [
        ("assessment.changed", str(r.pk), r.agency_id) for r in stale
    ]
    assert new[0].before["total"] == "0.00" and new[0].after["total"] == "71.03"
    assert new[0].after["revision"] == 2 and new[0].actor == world.national


def test_a_second_run_changes_nothing(world):
    _stale(_record(world, _agencies(world, 2)))
    recompute_results(acting_user=world.national)
    revisions, events = AssessmentRevision.objects.count(), AuditEvent.objects.count()
    again = recompute_results(acting_user=world.national)
    assert (again.checked, again.changed) == (2, 0)
    assert (AssessmentRevision.objects.count(), AuditEvent.objects.count()) == (revisions, events)


def test_stale_tools_alone_are_fixed_without_a_revision(world):
    (result,) = _record(world, _agencies(world, 1))
    Assessment.objects.filter(pk=result.pk).update(eit=1)
    assert recompute_results(acting_user=None).changed == 1
    result.refresh_from_db()
    assert result.eit == Decimal("74.38") and result.revisions.count() == 1
    assert "revision" not in AuditEvent.objects.order_by("-pk").first().after


def test_oit_indicators_come_from_the_verdicts_as_in_record_result(world):
    verdicts = {"O36": False, "O37": False}
    result = record_result(
        acting_user=world.national, agency=world.own, fiscal_year=2565,
        indicator_scores=decimals(SEED_002_2565), oit_verdicts=verdicts,
    )  # fmt: skip
    expected = snapshot_of(result)
    IndicatorScore.objects.filter(assessment=result, indicator__number=9).update(score=1)
    _stale([result])

    assert recompute_results(acting_user=world.national).changed == 1
    result.refresh_from_db()
    assert snapshot_of(result) == expected
    assert result.scores.count() == 10


def test_only_the_chosen_years(world):
    (agency,) = _agencies(world, 1)
    old = _record(world, [agency], 2565)
    new = _record(world, [agency], 2566, SEED_001_2566)
    _stale(old + new)
    assert recompute_results(acting_user=None, fiscal_years=[2566]).changed == 1
    old[0].refresh_from_db()
    new[0].refresh_from_db()
    assert old[0].total == 0 and new[0].total == Decimal("89.55")


def test_a_result_without_scores_is_reported_in_thai_and_the_rest_recomputed(world):
    results = _record(world, _agencies(world, 2))
    IndicatorScore.objects.filter(assessment=results[0]).delete()
    _stale(results)
    outcome = recompute_results(acting_user=None)
    assert outcome.changed == 1
    assert outcome.problems == [
        (results[0].pk, "ยังไม่ได้ระบุคะแนนตัวชี้วัดที่ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10")
    ]
    results[1].refresh_from_db()
    assert results[1].total == Decimal("71.03")


@pytest.mark.parametrize("count", [3, 40])
def test_queries_do_not_grow_with_the_results(world, count, django_assert_max_num_queries):
    _stale(_record(world, _agencies(world, count)))
    # ids, frameworks, then per batch: savepoint pair, lock and read, scores, verdicts, update,
    # last revisions, revisions, events
    with django_assert_max_num_queries(11):
        outcome = recompute_results(acting_user=None)
    assert outcome.changed == count


def test_batches_cover_every_result(world):
    _stale(_record(world, _agencies(world, 5)))
    outcome = recompute_results(acting_user=None, batch_size=2)
    assert (outcome.checked, outcome.changed) == (5, 5)
    assert set(Assessment.objects.values_list("total", flat=True)) == {Decimal("71.03")}


def test_the_command_prints_the_outcome(world, capsys):
    _stale(_record(world, _agencies(world, 2)))
    call_command("ita_recompute", "--year", "2565", "--json")
    assert capsys.readouterr().out.strip() == (
        '{"ok": true, "checked": 2, "changed": 2, "problems": []}'
    )
