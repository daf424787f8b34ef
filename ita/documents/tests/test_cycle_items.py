"""The analysis and progress items a plan is published under come from the framework of the
year the plan runs in, by role: O42/O43 up to FY 2567, none in FY 2568's list, O25/O26 in FY
2569; FY 2570 (declared to use ita-2569) says it is provisional. Read from the rendered page
and the DOCX text of the three documents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ita.assessments.actions import record_result
from ita.documents.builders import build_memo, build_o42, build_o43
from ita.documents.render_docx import render_docx
from ita.documents.tests.test_builders import docx_text
from ita.frameworks.loader import all_specs
from ita.improvement import actions
from ita.improvement.cycle import SIGNED_BEFORE_ROLES, items_of
from ita.improvement.record import from_json, to_json
from ita.improvement.tests.fixtures import measure_input, submit_and_approve

pytestmark = pytest.mark.django_db

CODES = ("O42", "O43", "O25", "O26")


def test_every_framework_names_its_cycle_items():
    named = {s.code: items_of(s, s.name) for s in all_specs()}
    assert (named["ita-2562"].analysis, named["ita-2562"].progress) == ("O42", "O43")
    assert (named["ita-2566"].analysis, named["ita-2566"].progress) == ("O42", "O43")
    assert (named["ita-2569"].analysis, named["ita-2569"].progress) == ("O25", "O26")
    none = named["ita-2568"]
    assert (none.analysis, none.progress) == ("", "")
    assert len(none.missing) == 2 and "2568" in none.missing[0]


def _approved_plan(world, analysed_year: int):
    for year in (analysed_year - 1, analysed_year):
        record_result(
            acting_user=world.officer, agency=world.own, fiscal_year=year,
            indicator_scores={n: Decimal("80") + n for n in range(1, 11)},
        )  # fmt: skip
    analysis = actions.start_analysis(
        acting_user=world.officer, agency=world.own, fiscal_year=analysed_year
    )
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    submit_and_approve(world, analysis)
    analysis.refresh_from_db()
    return analysis


@pytest.mark.parametrize(
    "analysed, cited, provisional",
    [
        (2564, ("O42", "O43"), False),  # runs in FY 2565: ita-2562
        (2566, ("O42", "O43"), False),  # runs in FY 2567: ita-2566
        (2567, (), False),  # runs in FY 2568: no item plays either role
        (2568, ("O25", "O26"), False),  # runs in FY 2569
        (2569, ("O25", "O26"), True),  # runs in FY 2570: declared, ita-2569
    ],
)
def test_page_and_documents_cite_the_items_of_the_implementation_year(
    client, world, analysed, cited, provisional
):
    analysis = _approved_plan(world, analysed)
    client.force_login(world.officer)
    page = client.get(reverse("improvement:analysis", args=[analysis.pk])).content.decode()
    documents = {
        kind: "\n".join(docx_text(render_docx(build(analysis))))
        for kind, build in (("o42", build_o42), ("memo", build_memo), ("o43", build_o43))
    }
    for code in CODES:
        expected = code in cited
        assert (f"ข้อ <strong>{code}</strong>" in page) == expected, (code, "page")
        assert (code in documents["o42"]) == expected, (code, "o42")
        assert (code in documents["o43"]) == (code in cited[1:]), (code, "o43")
    if cited:
        assert f"(OIT) ข้อ {cited[0]}" in documents["memo"]
        assert cited[1] not in documents["memo"]
    else:
        assert "ไม่มีข้อเฉพาะ" in page and "ไม่มีข้อเฉพาะสำหรับการวิเคราะห์ผล" in documents["o42"]
        assert "แนวทางการประเมิน ITA" in documents["memo"]
    for kind, text in documents.items():
        assert ("ชั่วคราว" in text) == provisional, kind
    assert ('data-testid="provisional"' in page) == provisional


def test_an_approved_version_keeps_the_items_it_was_signed_with(world):
    analysis = _approved_plan(world, 2568)
    record = analysis.versions.get().record
    assert record["items"]["analysis"] == "O25" and record["items"]["progress"] == "O26"
    assert from_json(record).items == from_json(to_json(from_json(record))).items
    # a version approved before items had roles always printed O42 and O43
    legacy = {k: v for k, v in record.items() if k != "items"}
    assert from_json(legacy).items == SIGNED_BEFORE_ROLES


def test_years_text_joins_runs_of_years():
    from ita.documents.builders import _years_text

    assert _years_text((2566, 2562, 2563, 2564)) == "2562–2564 และ 2566"
    assert _years_text((2569,)) == "2569"
    assert _years_text((2562, 2564, 2565, 2567)) == "2562, 2564–2565 และ 2567"
