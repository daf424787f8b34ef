"""The O43 report says what the measures' reports say: the round it reports, the as-of date of
that round, how many measures are done, in progress or not reported (never a stock "done"),
each measure's indicators and a remarks column, as seeds 003 and 004 carry them."""

import pytest
from django.core.management import CommandError, call_command

from ita.documents.builders import build_o43
from ita.documents.render_docx import render_docx
from ita.documents.tests.test_builders import docx_text
from ita.improvement import actions

pytestmark = pytest.mark.django_db


def _text(analysis, **kw) -> str:
    return "\n".join(docx_text(render_docx(build_o43(analysis, **kw))))


def _report(world, measure, month, status, percent, **kw):
    data = actions.ProgressInput(status=status, percent=percent, actions=f"รอบ {month}", **kw)
    actions.report_progress(
        acting_user=world.officer, measure=measure, round_month=month, data=data
    )


def test_a_six_month_report_says_six_months_and_counts_the_statuses(world, approved):
    analysis, mine, _ = approved
    _report(world, mine, 6, "done", 100, problems="งบประมาณล่าช้า", suggestions="ขอจัดสรรเร็วขึ้น")
    text = _text(analysis)  # no round asked: the latest round reported
    assert "(รอบ 6 เดือน)" in text
    assert "ข้อมูล ณ วันที่ 31 มีนาคม 2566" in text  # FY 2566's 6-month round, not 30 Sep
    assert "แล้วเสร็จ 1 มาตรการ" in text and "ยังไม่ได้รายงาน 1 มาตรการ" in text
    assert "บัดนี้ได้ดำเนินการ" not in text
    assert "หมายเหตุ" in text and "ปัญหา/อุปสรรค: งบประมาณล่าช้า" in text
    assert "ข้อเสนอแนะ: ขอจัดสรรเร็วขึ้น" in text
    assert "(ตัวชี้วัดที่ 8, 10)" in text


def test_done_only_when_every_measure_is(world, approved):
    analysis, mine, theirs = approved
    _report(world, mine, 12, "done", 100)
    _report(world, theirs, 12, "delayed", 70)
    text = _text(analysis, round_month=12)
    assert "แล้วเสร็จ 1 มาตรการ ล่าช้ากว่ากำหนด 1 มาตรการ" in text
    assert "(รอบ 12 เดือน)" in text and "30 กันยายน 2566" in text
    _report(world, theirs, 12, "done", 100)
    assert "แล้วเสร็จครบทุกมาตรการ" in _text(analysis, round_month=12)
    # asking for the 6-month round shows what stood then: nothing reported
    assert "ยังไม่ได้รายงาน 2 มาตรการ" in _text(analysis, round_month=6)


@pytest.fixture
def database_builders():
    """The command asks the registry; other tests swap sample builders in and out of it."""
    from ita.documents import batch
    from ita.documents.builders import register

    saved = {k: batch.builder_for(k) for k in ("o42", "memo", "o43")}
    register()
    yield
    for kind, build in saved.items():
        if build is None:
            batch.unregister_builder(kind)
        else:
            batch.register_builder(kind, build)


def test_ita_document_takes_the_round(world, approved, tmp_path, database_builders):
    _, mine, _ = approved
    _report(world, mine, 6, "in_progress", 50)
    _report(world, mine, 12, "done", 100)
    out = tmp_path / "o43.docx"
    args = ["o43", "--agency", world.own.code, "--year", "2565", "--format", "docx"]
    call_command("ita_document", *args, "--round", "๖", "--output", str(out))
    text = "\n".join(docx_text(out.read_bytes()))
    assert "(รอบ 6 เดือน)" in text and "ร้อยละ 50" in text and "ร้อยละ 100" not in text
    with pytest.raises(CommandError, match="รอบรายงานต้องเป็น"):
        call_command("ita_document", *args, "--round", "7", "--output", str(out))
    memo = ["memo", *args[1:]]
    with pytest.raises(CommandError, match="ใช้ได้เฉพาะ"):
        call_command("ita_document", *memo, "--round", "6", "--output", str(out))
