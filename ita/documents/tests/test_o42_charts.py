"""Issue 11 finding 5: the O42's charts are numbered "แผนภูมิที่ n" in the text (DOCX and PDF),
seed 001's tool history and per-indicator multi-year charts are there when the agency has
several years, the reference line is the framework's pass mark, and a version frozen before
these were recorded still renders."""

import re
from decimal import Decimal

import pytest

from ita.assessments.actions import record_result
from ita.documents.builders import build_o42, o42_document, plan_record
from ita.documents.content import Chart
from ita.documents.render_docx import render_docx
from ita.documents.render_pdf import render_pdf
from ita.documents.tests.test_builders import docx_text
from ita.documents.tests.test_fidelity import pdf_text
from ita.frameworks.models import Framework
from ita.improvement.record import from_json, to_json

pytestmark = pytest.mark.django_db


def charts_of(doc) -> list[Chart]:
    return [b for b in doc.blocks if isinstance(b, Chart)]


def test_charts_are_numbered_in_print_order_in_docx_and_pdf(world, analysis, tmp_path):
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2563,
                  indicator_scores={n: Decimal("80") for n in range(1, 11)})  # fmt: skip
    doc = build_o42(analysis)
    charts = charts_of(doc)
    titles = [c.title for c in charts]
    assert "ผลการประเมินรายเครื่องมือย้อนหลัง" in titles
    assert "ผลการประเมินรายตัวชี้วัดย้อนหลัง" in titles
    assert [c.caption.split(" ", 2)[1] for c in charts] == [
        str(n) for n in range(1, len(charts) + 1)
    ]
    tools_history = charts[titles.index("ผลการประเมินรายเครื่องมือย้อนหลัง")]
    assert [s.name for s in tools_history.series] == ["ปี 2563", "ปี 2564", "ปี 2565"]
    docx = "\n".join(docx_text(render_docx(doc)))
    pdf = re.sub(r"\s+", " ", pdf_text(render_pdf(doc), tmp_path))
    for n, chart in enumerate(charts, 1):
        assert f"แผนภูมิที่ {n} {chart.title}" in docx
        thai = f"แผนภูมิที่ {'๐๑๒๓๔๕๖๗๘๙'[n]}"  # the demo's documents write Thai digits
        assert thai in pdf or f"แผนภูมิที่ {n}" in pdf, n


def test_with_one_year_there_is_no_history_chart_and_none_out_of_place(world):
    from conftest import SEED_002_2565, decimals
    from ita.improvement import actions

    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2565,
                  indicator_scores=decimals(SEED_002_2565))  # fmt: skip
    analysis = actions.start_analysis(acting_user=world.officer, agency=world.own, fiscal_year=2565)
    doc = build_o42(analysis)
    titles = [c.title for c in charts_of(doc)]
    assert not any("ย้อนหลัง" in t for t in titles)
    # the weakest-indicators chart stays in 3.2, not moved into the trend section
    blocks = list(doc.blocks)
    weakest = next(
        i for i, b in enumerate(blocks) if getattr(b, "title", "").startswith("ตัวชี้วัดที่ต้องพัฒนา")
    )
    heading = next(i for i, b in enumerate(blocks) if getattr(b, "number", "") == "3.2")
    assert weakest == heading + 1


def test_the_reference_line_and_headings_follow_the_framework_pass_mark(world, analysis):
    framework = Framework.for_year(2565)
    framework.definition = {**framework.definition, "pass_mark": "80"}
    framework.save()
    doc = build_o42(analysis)
    assert {c.reference for c in charts_of(doc)} == {80.0}
    text = "\n".join(docx_text(render_docx(doc)))
    assert "ได้คะแนนตั้งแต่ 80 คะแนนขึ้นไป" in text and "85" not in text.split("3.1")[1][:80]


def test_a_version_frozen_before_years_and_pass_mark_still_renders(world, analysis):
    data = to_json(plan_record(analysis))
    del data["years"], data["pass_mark"]  # as versions approved before this change
    doc = o42_document(from_json(data))
    titles = [c.title for c in charts_of(doc)]
    assert "ผลการประเมินภาพรวมย้อนหลัง" in titles  # from `history`, as before
    assert "ผลการประเมินรายเครื่องมือย้อนหลัง" not in titles
    assert {c.reference for c in charts_of(doc)} == {85.0}
