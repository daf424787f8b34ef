"""The demo province (แม่ฮ่องสอน: 35 regional offices, 50 local governments, demo.agencies) with
its planned official results, recorded through assessments.actions.record_result."""

from __future__ import annotations

import pytest


def build_province(admin, which=lambda i: True, years=(2562, 2563)):
    """The demo province's agencies whose position `which` accepts (all 85 by default), and
    their results."""
    from ita.assessments.actions import record_result
    from ita.demo.agencies import MHS, _ensure_agencies, agency_specs, planned_results

    specs = [s for s in agency_specs() if s.province == MHS]
    plan = planned_results(specs)  # calibrated over all 85: FY 2562 means 38.67 / 25.89
    specs = [s for i, s in enumerate(specs) if which(i)]
    agencies, _ = _ensure_agencies(specs)
    for spec in specs:
        for year in years:
            if year in plan[spec.code]:
                record_result(
                    acting_user=admin,
                    agency=agencies[spec.code],
                    fiscal_year=year,
                    indicator_scores=plan[spec.code][year],
                )
    return agencies


@pytest.fixture
def demo_province(world):
    """All 85 agencies of แม่ฮ่องสอน with FY 2562 and 2563 results (plus the world's own three:
    two of them in แม่ฮ่องสอน without results)."""
    return build_province(world.national)
