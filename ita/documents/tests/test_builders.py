"""Documents built from the database: one source of truth. Every indicator score printed in a
document is the one stored, wherever it is printed (the seeds contradict themselves)."""

import io
import re
from collections import defaultdict

import docx
import pytest

from ita.documents.builders import build_memo, build_o42, build_o43
from ita.documents.content import Kind, Options
from ita.documents.render_docx import render_docx
from ita.improvement import actions
from ita.lib.thai_text import to_arabic_digits

pytestmark = pytest.mark.django_db

MENTION = re.compile(r"ตัวชี้วัดที่ (\d{1,2})\s+[^\d]*?(\d{1,3}\.\d\d)")


def docx_text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return [to_arabic_digits(line) for line in lines]


def test_o42_prints_each_indicator_score_once_and_right(world, approved):
    analysis, *_ = approved
    stored = {
        s.indicator.number: f"{s.score:.2f}"
        for s in analysis.agency.results.get(fiscal_year=2565).scores.select_related("indicator")
    }
    lines = docx_text(render_docx(build_o42(analysis)))
    text = "\n".join(lines)
    seen = defaultdict(set)
    for number, value in MENTION.findall(text):
        seen[int(number)].add(value)
    for line in lines:  # table rows: "n | name | this year | last year | verdict"
        cells = [c.strip() for c in line.split("|")]
        if len(cells) == 5 and cells[0].isdigit():
            seen[int(cells[0])].add(cells[2])
    assert set(seen) == set(range(1, 11))
    for number, values in seen.items():
        assert values == {stored[number]}, (number, values)
    assert "71.03" in text and "C" in text
    assert "ลดลง 16.97 คะแนน" in text  # 88.00 in 2564 → 71.03
    assert "O42" in text  # item codes stay as written even with Thai digits


def test_o42_uses_thai_digits_but_keeps_codes(world, approved):
    analysis, *_ = approved
    raw = "\n".join(docx_text(render_docx(build_o42(analysis))))
    thai = "\n".join(
        p.text for p in docx.Document(io.BytesIO(render_docx(build_o42(analysis)))).paragraphs
    )
    assert "๗๑.๐๓" in thai and "71.03" not in thai
    assert "O42" in thai and "2565" in raw
    plain = docx.Document(io.BytesIO(render_docx(build_o42(analysis, Options(thai_digits=False)))))
    assert "71.03" in "\n".join(p.text for p in plain.paragraphs)


def test_memo_lists_the_measures_and_the_approval(world, approved):
    analysis, mine, theirs = approved
    doc = build_memo(analysis)
    assert doc.kind == Kind.MEMO and doc.fiscal_year == 2566
    text = "\n".join(docx_text(render_docx(doc)))
    assert "ขออนุมัติใช้มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566" in text
    assert mine.title in text and theirs.title in text
    assert "อนุมัติ" in text


def test_o43_reports_the_latest_revision(world, approved):
    analysis, mine, _ = approved
    data = actions.ProgressInput(status="in_progress", percent=40, actions="เริ่มดำเนินการ")
    actions.report_progress(acting_user=world.division_head, measure=mine, round_month=6, data=data)
    data.percent, data.actions, data.outcome = 100, "ดำเนินการครบถ้วน", "ลดความเสี่ยงการทุจริต"
    actions.report_progress(acting_user=world.division_head, measure=mine, round_month=6, data=data)
    text = "\n".join(docx_text(render_docx(build_o43(analysis, round_month=6))))
    assert "ดำเนินการครบถ้วน" in text and "เริ่มดำเนินการ" not in text
    assert "ร้อยละ 100" in text
    assert "ยังไม่ได้รายงาน" in text  # the other division has not reported
    assert "ข้อมูล ณ วันที่ 31 มีนาคม 2566" in text


@pytest.mark.parametrize(("kind", "fmt"), [("o42", "docx"), ("memo", "docx"), ("o43", "docx")])
def test_download_by_role(client, world, approved, kind, fmt):
    from django.urls import reverse

    analysis, *_ = approved
    url = reverse("analysis_document", args=[analysis.pk, kind, fmt])
    client.force_login(world.division_head)
    response = client.get(url)
    if kind == "o43":  # every measure's progress: not a division head's (test_division_reads)
        assert response.status_code == 404
        client.force_login(world.officer)
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.Document(io.BytesIO(response.content)).paragraphs
    client.force_login(world.foreign_officer)
    assert client.get(url).status_code == 404
    client.force_login(world.officer)
    assert client.get(reverse("analysis_document", args=[analysis.pk, "x", fmt])).status_code == 404
