"""The O42 report prints what the officer stored: the respondents' comments quoted and
numbered (seed 002), the assessor's statement on the level, and each measure's guideline."""

import pytest

from ita.documents.builders import build_o42
from ita.documents.render_docx import render_docx
from ita.documents.tests.test_builders import docx_text
from ita.improvement import actions
from ita.improvement.tests.fixtures import measure_input

pytestmark = pytest.mark.django_db


def test_o42_quotes_comments_and_prints_statement_and_guideline(world, analysis):
    actions.add_comments(
        acting_user=world.officer, analysis=analysis, tool="EIT",
        texts=["อยากให้เพิ่มการประชาสัมพันธ์", "เพิ่มช่องทางการติดต่อสื่อสาร"],
    )  # fmt: skip
    statement = "ได้ระดับ C : หน่วยงานมีผลการประเมินอยู่ในระดับที่ควรมีการพัฒนา"
    actions.update_analysis(
        acting_user=world.officer, analysis=analysis, texts={"assessor_statement": statement},
        findings={},
    )  # fmt: skip
    actions.save_measure(
        acting_user=world.officer, analysis=analysis,
        data=measure_input([world.division.pk], guideline="ยึดหลักการมีส่วนร่วมของประชาชน"),
    )  # fmt: skip
    analysis.refresh_from_db()
    text = "\n".join(docx_text(render_docx(build_o42(analysis))))
    assert "ผู้มีส่วนได้ส่วนเสียภายนอก (แบบวัด EIT)" in text
    assert "อยากให้เพิ่มการประชาสัมพันธ์" in text and "เพิ่มช่องทางการติดต่อสื่อสาร" in text
    assert statement in text
    assert "แนวทาง: ยึดหลักการมีส่วนร่วมของประชาชน" in text
