"""The province summary report (issue 12, seed 000) of the demo province, แม่ฮ่องสอน FY 2562:
85 agencies, indicators 9 and 10 averaging 38.67 and 25.89. The figures are read from what the
files print (Thai digits, as the other official documents), the PDF through its text layer."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess

import docx
import pytest

from ita.documents.render_docx import render_docx
from ita.documents.render_pdf import render_pdf
from ita.documents.tests.test_fidelity import (
    assert_no_lonely_signature,
    assert_same_text,
    codes,
    docx_paragraphs,
    pdf_text,
)
from ita.oversight.report import build_province_report, province_document
from ita.oversight.report_facts import province_facts
from ita.oversight.tests.conftest import build_province

pytestmark = pytest.mark.django_db
SPACE = re.compile(r"\s+")


def docx_text(data: bytes) -> str:
    return "\n".join(" ".join(p) for p in docx_paragraphs(data))


def test_the_fy_2562_report_prints_the_province_averages_in_docx_and_pdf(world, tmp_path):
    build_province(world.national)
    doc = build_province_report(world.province, 2562)
    data, pdf_bytes = render_docx(doc), render_pdf(doc)
    text, pdf = docx_text(data), pdf_text(pdf_bytes, tmp_path)
    flat_pdf = SPACE.sub("", pdf)
    for printed in (
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ได้คะแนน ๓๘.๖๗",  # seed 000's sentence
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต ได้คะแนน ๒๕.๘๙",
        "หน่วยงานในจังหวัด ๘๕ หน่วยงาน",
        "ส่วนราชการส่วนภูมิภาค ๓๕ หน่วย องค์กรปกครองส่วนท้องถิ่น ๕๐ แห่ง",
        "พื้นที่ทั้ง ๗ อำเภอ",
    ):
        assert printed in text, printed
        assert SPACE.sub("", printed) in flat_pdf, printed
    assert "38.67" not in text and "38.67" not in pdf  # Thai digits throughout
    # table 1: the province's averages of indicators 9 and 10 (all, regional, local)
    body = docx.Document(io.BytesIO(data))
    table = body.tables[0]
    cells = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}
    assert cells["๙"][2] == "๓๘.๖๗" and cells["๑๐"][2] == "๒๕.๘๙"
    # the local governments are the weak ones on 9–10 (seed 000)
    assert float(cells["๙"][4].translate(THAI)) < float(cells["๙"][3].translate(THAI))
    # the annex lists every agency below the pass mark, numbered
    facts = province_facts(world.province, 2562)
    assert len(body.tables[-1].rows) == facts.failed_count + 1
    # fidelity, as the other documents: codes whole, the same text in order, no lonely signature
    assert codes(text) and not codes(text) - codes(pdf)
    assert_same_text(data, pdf)
    assert_no_lonely_signature(pdf_text(pdf_bytes, tmp_path, raw=False), "province")
    assert "แผนภูมิที่ ๑" in text and "แผนภูมิที่ ๒" in text


THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def test_a_province_without_results_that_year_is_a_thai_lookup_error(world):
    with pytest.raises(LookupError, match="ยังไม่มีผลการประเมินปีงบประมาณ 2566"):
        build_province_report(world.province, 2566)


def test_building_the_content_costs_the_same_queries_at_10_and_85_agencies(
    world, django_assert_max_num_queries
):
    def measure() -> int:
        with django_assert_max_num_queries(30) as captured:
            province_document(province_facts(world.province, 2562, today=dt.date(2020, 1, 1)))
        return len(captured)

    build_province(world.national, which=lambda i: i % 9 == 0)
    at_10 = measure()
    build_province(world.national, which=lambda i: i % 9 != 0)
    assert province_facts(world.province, 2562).results == 85
    assert measure() == at_10


def test_libreoffice_lays_the_docx_out_as_our_pdf_without_cutting_a_header(world, tmp_path):
    """docs/documents.md's fonts: the DOCX runs to the PDF's page count ±1 in LibreOffice, and
    no narrow column cuts its header inside a word (the order column printed "ลำดั|บ")."""
    from ita.documents.render_docx import libreoffice_fonts
    from ita.documents.tests.test_fidelity import pdf_pages

    build_province(world.national)
    doc = build_province_report(world.province, 2562)
    (tmp_path / "p.docx").write_bytes(render_docx(doc))
    (tmp_path / "p.pdf").write_bytes(render_pdf(doc))
    conf = libreoffice_fonts(tmp_path / "fonts")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(tmp_path / "p.docx")],
        check=True, capture_output=True, env=env, timeout=180,
    )  # fmt: skip
    lo = tmp_path / "lo" / "p.pdf"
    assert abs(pdf_pages(lo) - pdf_pages(tmp_path / "p.pdf")) <= 1
    words = set(pdf_text(lo.read_bytes(), tmp_path, raw=False).split())
    for header in ("ลำดับ", "หน่วยงาน", "อำเภอ", "ประเภท"):
        assert header in words, header


def test_the_charts_are_readable_at_print_size(world):
    """charts.py's bar: every text at least 12 pt and inside the picture, none over another,
    no value label crossed by the pass-mark line (test_charts' checks, on this report's two)."""
    from matplotlib.text import Annotation

    from ita.documents.charts import MIN_PT, draw
    from ita.documents.content import Chart
    from ita.documents.tests.test_charts import _texts

    build_province(world.national)
    doc = build_province_report(world.province, 2562)
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    assert [c.kind for c in charts] == ["bar", "hbar"]
    for chart in charts:
        fig = draw(chart)
        renderer, frame = fig.canvas.get_renderer(), fig.bbox
        boxes = []
        for t in _texts(fig):
            assert t.get_fontsize() >= MIN_PT, (chart.title, t.get_text())
            box = t.get_window_extent(renderer)
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, t.get_text()
            assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, t.get_text()
            boxes.append((t.get_text(), box.shrunk(0.97, 0.9)))
        for i, (a, box_a) in enumerate(boxes):
            assert not any(box_a.overlaps(box_b) for _, box_b in boxes[i + 1 :]), a
        ax = fig.axes[0]
        ref = ax.transData.transform((chart.reference, 0))[0]  # the hbar's vertical line
        for label in (t for t in fig.findobj(Annotation) if t.get_text().strip()):
            box = label.get_window_extent(renderer)
            assert chart.kind != "hbar" or not box.x0 <= ref <= box.x1, label.get_text()


@pytest.mark.parametrize(
    ("numbers", "text"),
    [((9,), "9"), ((9, 10), "9 และ 10"), (range(1, 9), "1–8"), ((1, 2, 3, 5), "1–3 และ 5"),
     ((1, 2, 4, 6, 7, 8), "1 และ 2, 4 และ 6–8")],
)  # fmt: skip
def test_indicator_numbers_as_the_seeds_write_them(numbers, text):
    from ita.oversight.report import _numbers_text

    assert _numbers_text(numbers) == text


def test_a_year_without_weak_indicators_or_failures_says_so(world):
    """The pure builder on changed facts: no indicator under 50 → the ones under the pass mark
    are the ones to fix; nobody below the pass mark → the annex says none."""
    from dataclasses import replace
    from decimal import Decimal

    from ita.oversight.report_facts import Averages

    build_province(world.national, which=lambda i: i % 9 == 0, years=(2562,))
    facts = province_facts(world.province, 2562)
    high = Averages(Decimal("90"), Decimal("91"), Decimal("89"))
    indicators = tuple(
        replace(i, averages=Averages(Decimal("80"), None, None)) if i.number == 10
        else replace(i, averages=high)
        for i in facts.indicators
    )  # fmt: skip
    facts = replace(facts, indicators=indicators, failed=(), failed_count=0)
    text = docx_text(render_docx(province_document(facts)))
    assert "ตัวชี้วัดที่ ๑–๙ ได้คะแนนเฉลี่ยระหว่าง ๙๐.๐๐ ถึง ๙๐.๐๐ คะแนน" in text
    assert "ส่วนตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต ได้คะแนน ๘๐.๐๐" in text
    assert "จึงต้องนำตัวชี้วัดที่ ๑๐ มาปรับปรุง" in text
    assert text.rstrip().endswith("-ไม่มี-")


def test_documents_reaches_the_report_without_importing_oversight():
    """Imports go downward only: documents is below oversight, so the command finds the
    builder that oversight registered (documents.province), never by importing it."""
    from pathlib import Path

    from ita.demo.tests.test_layers import imports_of
    from ita.documents.province import province_builder

    documents = Path(__file__).resolve().parents[2] / "documents"
    found = [str(p) for p in documents.rglob("*.py") if "ita.oversight" in imports_of(p)]
    assert found == []
    assert province_builder() is build_province_report
