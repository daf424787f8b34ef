"""An O43 round published by an officer reading English is frozen in Thai: the published report
is rebuilt from the frozen facts alone, and the Thai document must not carry English (the
provisional-year notice FY 2570 keeps, in the items it lists, is the case that shows it)."""

from __future__ import annotations

import pytest
from django.utils import translation

from conftest import SEED_002_2565, decimals
from ita.assessments.actions import record_result
from ita.improvement import actions as plans
from ita.improvement.tests.fixtures import measure_input, submit_and_approve
from ita.public import actions
from ita.public.models import Publication

pytestmark = pytest.mark.django_db


def test_an_o43_round_published_in_english_is_frozen_in_thai(world):
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2569,
                  indicator_scores=decimals(SEED_002_2565))  # fmt: skip
    analysis = plans.start_analysis(acting_user=world.officer, agency=world.own, fiscal_year=2569)
    plans.save_measure(acting_user=world.officer, analysis=analysis,
                       data=measure_input([world.division.pk]))  # fmt: skip
    submit_and_approve(world, analysis)
    with translation.override("en"):
        actions.publish(acting_user=world.officer, agency=world.own, kind="o43",
                        fiscal_year=2569, round_month=6)  # fmt: skip
    notice = Publication.objects.get(kind="o43").frozen["record"]["items"]["notice"]
    assert notice.startswith("ปีงบประมาณ 2570 ยังไม่มีกรอบการประเมิน")
