"""Issue 11 (the house): the pass mark that divides strengths from weaknesses is the
framework's (`pass_mark`), never a literal in a template or a page's code."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from ita.assessments.actions import record_result
from ita.frameworks.models import Framework

ROOT = Path(__file__).resolve().parents[2]


def test_no_template_carries_the_pass_mark():
    found = []
    for path in ROOT.rglob("templates/**/*.html"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(>=?|<=?)\s*85\b|\b85 คะแนน", line):
                found.append(f"{path.relative_to(ROOT)}:{n}")
    assert not found, found


@pytest.mark.django_db
def test_a_framework_with_another_pass_mark_moves_strengths_and_weaknesses(client, world):
    framework = Framework.for_year(2565)
    framework.definition = {**framework.definition, "pass_mark": "80"}
    framework.save()
    scores = {n: Decimal("82") for n in range(1, 11)}  # strengths at 80, weaknesses at 85
    scores[10] = Decimal("79.50")
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2565,
                  indicator_scores=scores)  # fmt: skip
    client.force_login(world.officer)
    page = client.get(reverse("result_detail", args=[world.own.pk, 2565])).content.decode()
    assert "จุดแข็ง (ตั้งแต่ 80 คะแนน)" in page and "ต่ำกว่า 80 คะแนน" in page
    weak = page.split("ต่ำกว่า 80 คะแนน")[1]
    assert "79.50" in weak and "82.00" not in weak.split("</ul>")[0]
    assert '"target": 80.0' in page  # the overall chart's target line
