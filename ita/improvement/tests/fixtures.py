from decimal import Decimal

import pytest

from conftest import SEED_002_2565, decimals
from ita.assessments.actions import record_result
from ita.improvement import actions


@pytest.fixture
def analysis(world):
    """เทศบาลเมืองทดสอบ with seed 002's FY 2565 result and an FY 2564 result of 87.64-ish."""
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2564,
        indicator_scores={n: Decimal("88") for n in range(1, 11)},
    )  # fmt: skip
    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2565,
        indicator_scores=decimals(SEED_002_2565),
    )  # fmt: skip
    return actions.start_analysis(acting_user=world.officer, agency=world.own, fiscal_year=2565)


@pytest.fixture
def other_division(world):
    return world.own.divisions.create(name="กองช่าง")


def measure_input(division_ids, **kw):
    data = dict(
        title="ประเมินความเสี่ยงการทุจริต", steps="๑. แต่งตั้งคณะทำงาน", period="ต.ค. 2565 – ก.ย. 2566",
        monitoring="รายงานผู้บริหารทุก 6 เดือน", division_ids=division_ids, indicators=[10, 8],
    )  # fmt: skip
    data.update(kw)
    return actions.MeasureInput(**data)


def give_chain(world, analysis, **kw) -> list:
    """Every opinion of the memo's chain, each by the world's user of the step's role (the own
    agency is a เทศบาลเมือง: its division head, then its executive as the ปลัด)."""
    from ita.agencies.chains import chain_for

    by_role = {"division_head": world.division_head, "executive": world.executive}
    return [
        actions.give_opinion(
            acting_user=by_role[step.role], analysis=analysis, text="เห็นควรอนุมัติ", **kw
        )
        for step in chain_for(analysis.agency)
    ]


def submit_and_approve(world, analysis, **kw) -> None:
    actions.submit_plan(acting_user=world.officer, analysis=analysis)
    give_chain(world, analysis)
    actions.approve_plan(acting_user=world.executive, analysis=analysis, **kw)


@pytest.fixture
def approved(world, analysis, other_division):
    """An approved plan with one measure per division."""
    mine = actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    theirs = actions.save_measure(
        acting_user=world.officer, analysis=analysis,
        data=measure_input([other_division.pk], title="ปรับปรุงเว็บไซต์"),
    )  # fmt: skip
    submit_and_approve(world, analysis)
    analysis.refresh_from_db()
    return analysis, mine, theirs
