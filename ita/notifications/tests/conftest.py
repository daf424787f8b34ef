import pytest
from django.test import TestCase

from ita.disclosure import actions as disclosure
from ita.improvement import actions as improvement
from ita.improvement.tests.fixtures import measure_input


def committed():
    """Run the on-commit callbacks of what happens inside (immediate mail goes after commit;
    a test on one transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def mailed(world):
    """The personas with addresses (the world's users have none)."""
    for user in (world.officer, world.division_head, world.executive, world.assessor,
                 world.foreign_officer, world.coordinator, world.national):  # fmt: skip
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    return world


@pytest.fixture
def planned(mailed, analysis):
    improvement.save_measure(
        acting_user=mailed.officer, analysis=analysis, data=measure_input([mailed.division.pk])
    )
    return analysis


@pytest.fixture
def ready_item(mailed):
    year = disclosure.open_year(acting_user=mailed.officer, agency=mailed.own, fiscal_year=2566)
    item = year.items.select_related("item", "year__agency").order_by("item__position").first()
    disclosure.add_evidence(
        acting_user=mailed.officer, item=item, urls=["https://own.example.go.th/o1"]
    )
    disclosure.mark_ready(acting_user=mailed.officer, item=item)
    return item
