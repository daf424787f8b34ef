"""The own agency (world.own) with everything it could publish: official results of FY 2564
and 2565, the approved plan of FY 2565 (improvement fixtures) with a 6-month progress report,
and the FY 2566 OIT checklist with one link. Nothing is published until a test says so."""

from __future__ import annotations

import pytest

from ita.public import actions

YEAR = 2565  # the result analysed, and the plan's year
OIT_YEAR = 2566


@pytest.fixture
def everything(world, approved):
    from ita.disclosure import actions as disclosure
    from ita.improvement import actions as improvement

    analysis, mine, _theirs = approved
    progress = improvement.ProgressInput(
        status="in_progress", percent=40, actions="แต่งตั้งคณะทำงานแล้ว"
    )
    improvement.report_progress(
        acting_user=world.division_head, measure=mine, round_month=6, data=progress
    )
    year = disclosure.open_year(acting_user=world.officer, agency=world.own, fiscal_year=OIT_YEAR)
    item = year.items.get(item__code="O1")
    disclosure.add_evidence(
        acting_user=world.officer, item=item, urls=["https://own.example.go.th/structure"]
    )
    return analysis, mine


def publish(world, kind, fiscal_year, **kw):
    return actions.publish(
        acting_user=world.officer, agency=world.own, kind=kind, fiscal_year=fiscal_year, **kw
    )


@pytest.fixture
def published(world, everything):
    """Everything of the own agency published: results 2565 (not 2564), O42, memo, O43 round
    6 and the OIT page of 2566."""
    publish(world, "result", YEAR)
    publish(world, "o42", YEAR)
    publish(world, "memo", YEAR)
    publish(world, "o43", YEAR, round_month=6)
    publish(world, "disclosure", OIT_YEAR)
    return everything
