import datetime as dt
from decimal import Decimal

import pytest

from ita.agencies.models import Agency, AgencyType, Membership, Role
from ita.assessments.actions import record_result
from ita.disclosure import actions as disclosure
from ita.improvement import actions as improvement
from ita.improvement.tests.fixtures import measure_input


def plan(world, agency, year: int, *, submit: bool = True, at=None):
    """An analysis of `year` with one measure (submitted unless told otherwise)."""
    record_result(
        acting_user=world.national, agency=agency, fiscal_year=year,
        indicator_scores={n: Decimal("80") for n in range(1, 11)},
    )  # fmt: skip
    analysis = improvement.start_analysis(
        acting_user=world.national, agency=agency, fiscal_year=year
    )
    division = agency.divisions.get_or_create(name="สำนักปลัด")[0]
    improvement.save_measure(
        acting_user=world.national, analysis=analysis, data=measure_input([division.pk])
    )
    if submit:
        improvement.submit_plan(acting_user=world.national, analysis=analysis)
        if at is not None:  # the order of submissions, without waiting
            type(analysis).objects.filter(pk=analysis.pk).update(submitted_at=at)
    return analysis


def ready_items(world, agency, count: int, year: int = 2566):
    opened = disclosure.open_year(acting_user=world.national, agency=agency, fiscal_year=year)
    items = list(opened.items.select_related("item", "year__agency").order_by("item__position"))
    for item in items[:count]:
        disclosure.add_evidence(
            acting_user=world.national, item=item, urls=[f"https://x.example.go.th/{item.pk}"]
        )
        disclosure.mark_ready(acting_user=world.national, item=item)
    return items[:count]


@pytest.fixture
def third(world):
    """A third agency of the own province, with nobody of the world assigned to it."""
    return Agency.objects.create(
        code="T-THIRD", name="อบต.ที่สาม", agency_type=AgencyType.SAO, province=world.province
    )


@pytest.fixture
def assessor_of_two(world):
    """The world's assessor, assigned to the own agency and the neighbour (not the foreign)."""
    Membership.objects.create(user=world.assessor, role=Role.ASSESSOR, agency=world.neighbour)
    return world.assessor


LONG_AGO = dt.datetime(2024, 1, 5, 9, 0, tzinfo=dt.UTC)
