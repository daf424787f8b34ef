"""Builders: the official documents of the improvement cycle.

The O42 report and the approval memo are pure functions of a plan record (improvement.record):
the frozen record of the approved version while one is in force, else the live one, so an
approved document never changes afterwards. The O43 report cites the measures of the version in
force and the latest progress reports. The renderers (render_docx, render_pdf) turn the returned
Document into files."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from ita.agencies.garuda import MEMO_HEIGHT_CM as GARUDA_MEMO_CM
from ita.agencies.garuda import PLACEHOLDER_NOTE as GARUDA_PLACEHOLDER_NOTE
from ita.documents.content import (
    BulletList,
    Cell,
    Chart,
    Column,
    Document,
    Heading,
    Kind,
    MemoHeader,
    NumberedList,
    Opinion,
    OpinionChain,
    Options,
    PageBreak,
    Paragraph,
    Run,
    Series,
    Signature,
    Spacer,
    Table,
)
from ita.improvement.analysis import Draft, mark_text
from ita.improvement.cycle import CycleItems
from ita.improvement.models import (
    Analysis,
    PlanStatus,
    PlanVersion,
    ProgressReport,
    ProgressStatus,
)
from ita.improvement.queries import cycle_items, record_of
from ita.improvement.record import FindingFacts, PlanRecord, draft_of, from_json, urgent_of
from ita.improvement.rounds import round_due
from ita.improvement.themes import comment_themes
from ita.lib.thai_dates import fiscal_year_bounds, thai_date

TOOL_NAMES = {
    "IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
    "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
    "OIT": "แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)",
}
BACKGROUND = (
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and "
    "Transparency Assessment: ITA) ดำเนินการโดยสำนักงานคณะกรรมการป้องกันและปราบปราม"
    "การทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) เป็นเครื่องมือเชิงบวกที่มุ่งพัฒนาระบบราชการไทย"
    "ในเชิงสร้างสรรค์มากกว่ามุ่งจับผิด เปรียบเสมือนเครื่องมือตรวจสุขภาพองค์กรประจำปี "
    "ผลการประเมินช่วยให้หน่วยงานภาครัฐนำไปปรับปรุงการปฏิบัติงานและการให้บริการให้มีประสิทธิภาพ "
    "และตอบสนองต่อประชาชนได้ดียิ่งขึ้น"
)


def _s(value: Decimal) -> str:
    return f"{value:.2f}"


def _indicator_label(draft: Draft, number: int) -> str:
    row = next(r for r in draft.rows if r.number == number)
    return f"ตัวชี้วัดที่ {number} {row.name}"


# --------------------------------------------------------------------------- O42
def _score_table(draft: Draft) -> Table:
    rows: list = []
    previous = draft.previous
    for tool in ("IIT", "EIT", "OIT"):
        rows.append((Cell((Run(TOOL_NAMES[tool], bold=True),), colspan=5, shaded=True),))
        for r in (r for r in draft.rows if r.tool == tool):
            rows.append(
                (
                    str(r.number),
                    r.name,
                    _s(r.score),
                    _s(r.previous) if r.previous is not None else "-",
                    "จุดแข็ง" if r.is_strength else "ต้องพัฒนา",
                )
            )
    cur = draft.current
    rows.append(
        (
            Cell((Run("คะแนนรวม", bold=True),), colspan=2),
            Cell((Run(_s(cur.total), bold=True),)),
            _s(previous.total) if previous else "-",
            cur.level_label,
        )
    )
    prev_header = f"ปี {previous.fiscal_year}" if previous else "ปีก่อน"
    return Table(
        columns=(
            Column("ตัวชี้วัดที่", 0.7, "center"),
            Column("ตัวชี้วัด", 3),
            Column(f"ปี {cur.fiscal_year}", 1, "right"),
            Column(prev_header, 1, "right"),
            Column("ผล", 1, "center"),
        ),
        rows=tuple(rows),
        caption="ตารางที่ 1 คะแนนรายตัวชี้วัด",
    )


def _charts(draft: Draft, record: PlanRecord) -> dict[str, Chart]:
    """The O42's charts by name (seed 001 and 002): overall and per tool, per indicator, the
    overall history, the per-tool and per-indicator history, and the weakest indicators. The
    reference line is the framework's pass mark."""
    cur, mark = draft.current, float(record.pass_mark)
    tools = cur.tools
    charts = {
        "overall": Chart(
            "bar",
            f"ผลการประเมินภาพรวมและรายเครื่องมือ ปี {cur.fiscal_year}",
            ("ภาพรวม", "IIT", "EIT", "OIT"),
            (Series("คะแนน", (cur.total, tools["IIT"], tools["EIT"], tools["OIT"])),),
            reference=mark,
        ),
        "indicators": Chart(
            "hbar",
            f"คะแนนรายตัวชี้วัด ปี {cur.fiscal_year}",
            tuple(f"{r.number}. {r.name}" for r in draft.rows),
            (Series("คะแนน", tuple(r.score for r in draft.rows)),),
            reference=mark,
            height_cm=11,
        ),
    }
    if len(record.history) > 1:
        charts["history"] = Chart(
            "line",
            "ผลการประเมินภาพรวมย้อนหลัง",
            tuple(str(year) for year, _ in record.history),
            (Series("คะแนนรวม", tuple(total for _, total in record.history)),),
            reference=mark,
            height_cm=7,
        )
    years = record.years[-HISTORY_YEARS:]
    if len(years) > 1:
        charts["tools_history"] = Chart(
            "bar",
            "ผลการประเมินรายเครื่องมือย้อนหลัง",
            ("IIT", "EIT", "OIT"),
            tuple(Series(f"ปี {y.fiscal_year}", tuple(y.tools.get(t) for t in ("IIT", "EIT", "OIT")))
                  for y in years),
            reference=mark,
            height_cm=9,
        )  # fmt: skip
        numbers = tuple(r.number for r in draft.rows)
        charts["indicators_history"] = Chart(
            "bar",
            "ผลการประเมินรายตัวชี้วัดย้อนหลัง",
            tuple(str(n) for n in numbers),
            tuple(Series(f"ปี {y.fiscal_year}", tuple(y.indicators.get(n) for n in numbers))
                  for y in years),
            reference=mark,
            x_label="ตัวชี้วัดที่",
            value_labels=False,  # ten groups of bars: the table beside gives the numbers
            height_cm=9,
        )  # fmt: skip
    if draft.weaknesses:
        charts["weakest"] = Chart(
            "bar",
            "ตัวชี้วัดที่ต้องพัฒนา เรียงจากคะแนนต่ำสุด",
            tuple(str(r.number) for r in draft.weaknesses),
            (Series("คะแนน", tuple(r.score for r in draft.weaknesses)),),
            reference=mark,
            x_label="ตัวชี้วัดที่",
            height_cm=7,
        )
    return charts


HISTORY_YEARS = 5  # seed 001 shows FY 2562–2566


def _numbered(blocks: list) -> list:
    """Every chart captioned "แผนภูมิที่ n" in the order it is printed (tables carry their own
    "ตารางที่ n"): the caption is text, so it is in the PDF's text layer and Word's."""
    out, n = [], 0
    for block in blocks:
        if isinstance(block, Chart):
            n += 1
            block = replace(block, caption=f"แผนภูมิที่ {n} {block.title}")
        out.append(block)
    return out


def _indicator_paragraphs(rows, findings: dict[int, FindingFacts], record: PlanRecord) -> list:
    out = []
    for k, r in enumerate(rows, start=1):
        description = record.indicator(r.number).description
        out.append(
            Paragraph(
                (
                    Run(f"{k}) ตัวชี้วัดที่ {r.number} {r.name}", bold=True),
                    f" โดยรวมได้คะแนน {_s(r.score)} คะแนน"
                    + (f" ({description})" if description else ""),
                )
            )
        )
        finding = findings.get(r.number)
        if finding and finding.own_analysis:
            out.append(Paragraph(("ผลการวิเคราะห์ของหน่วยงาน: ", finding.own_analysis), level=1))
        if finding and finding.issues:
            out.append(Paragraph(("ประเด็นที่ต้องแก้ไข/ปรับปรุง: ", finding.issues), level=1))
    return out


def _measure_table(record: PlanRecord, measures) -> Table:
    rows = []
    for m in measures:
        rows.append(
            (
                (f"{m.position}. {m.title}", *((f"แนวทาง: {m.guideline}",) if m.guideline else ())),
                tuple(line for line in m.steps.splitlines() if line.strip()) or ("-",),
                m.divisions,
                m.period,
                m.monitoring,
                Cell(
                    (
                        Run("ตัวชี้วัดที่ " + ", ".join(map(str, m.indicators))),
                        *((Run(" ข้อ "), Run(", ".join(m.items), verbatim=True)) if m.items else ()),
                    )
                ),
            )
        )
    return Table(
        columns=(
            Column("มาตรการ/แนวทาง", 2.2),
            Column("ขั้นตอน/วิธีการปฏิบัติ", 3.4),
            Column("ผู้รับผิดชอบ", 1.5),
            Column("ระยะเวลา", 1.1, "center"),
            Column("การกำกับติดตามและรายงานผล", 1.7),
            Column("ตัวชี้วัด/ข้อ", 1.2),
        ),
        rows=tuple(rows),
        caption="ตารางที่ 2 มาตรการส่งเสริมคุณธรรมและความโปร่งใส "
        f"ปีงบประมาณ พ.ศ. {record.implementation_year}",
        font_size=14,
    )


def _signature(name: str, position: str, fallback: str) -> Signature:
    return Signature(name, (position or fallback,))


def latest_version(analysis: Analysis) -> PlanVersion | None:
    return analysis.versions.order_by("-number").first()


def plan_record(analysis: Analysis) -> PlanRecord:
    """What the analysis's O42 and memo say: the approved version while the plan is approved,
    the live rows while it is drafted."""
    version = latest_version(analysis)
    if version is not None and analysis.status == PlanStatus.APPROVED:
        return from_json(version.record)
    return record_of(analysis)


def build_o42(analysis: Analysis, options: Options | None = None) -> Document:
    return o42_document(plan_record(analysis), options)


def _o42_background(record: PlanRecord) -> list:
    a, y = record.agency, record.fiscal_year
    return [
        Heading("ความเป็นมา", number="1."),
        Paragraph(BACKGROUND),
        Paragraph(
            (
                f"{a} ได้นำผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y} มาวิเคราะห์ประเด็นที่เป็น"
                "ข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน ประเด็นที่จะต้องพัฒนาให้ดีขึ้น และกำหนด"
                "มาตรการเพื่อนำผลการวิเคราะห์ไปสู่การปฏิบัติ",
                *_under_items(record.items),
            )
        ),
    ]


def _under_items(items: CycleItems) -> tuple:
    """Which OIT items the analysis and its follow-up are published under, by the framework of
    the implementation year; a framework with no such item is named, not given a code."""
    if items.analysis:
        under: tuple = (" ตามแบบวัดการเปิดเผยข้อมูลสาธารณะ ข้อ ", Run(items.analysis, verbatim=True))
    else:
        under = (f" ตามแนวทางการประเมิน ITA ({items.framework or 'กรอบการประเมินของปี'} "
                 "ไม่มีข้อเฉพาะสำหรับการวิเคราะห์ผลการประเมิน)",)  # fmt: skip
    if items.progress:
        return (*under, " และติดตามผลการดำเนินการตามข้อ ", Run(items.progress, verbatim=True))
    return (*under, " และติดตามผลการดำเนินการตามมาตรการ")


def _progress_item(items: CycleItems) -> tuple:
    return (" ตามข้อ ", Run(items.progress, verbatim=True)) if items.progress else ()


def _notice(record: PlanRecord) -> list:
    """Where the document begins: a declared year's framework is provisional, and the demo's
    made-up scores are not the NACC's."""
    notes = [record.items.notice] if record.items.notice else []
    if record.synthetic_years:
        notes.append(
            f"คะแนนปีงบประมาณ พ.ศ. {_years_text(record.synthetic_years)} ในเอกสารนี้"
            "เป็นข้อมูลสมมติเพื่อการสาธิต ไม่ใช่ผลการประเมินอย่างเป็นทางการของสำนักงาน ป.ป.ช."
        )
    return [
        Paragraph((Run("หมายเหตุ: ", bold=True), Run(note, italic=True)), indent=False)
        for note in notes
    ]


def _years_text(years: tuple[int, ...]) -> str:
    """2562, 2563, 2564, 2566 → "2562–2564 และ 2566"."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][-1] + 1:
            spans[-1].append(year)
        else:
            spans.append([year])
    parts = [f"{s[0]}–{s[-1]}" if len(s) > 1 else str(s[0]) for s in spans]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " และ " + parts[-1]


def _o42_results(record: PlanRecord, draft: Draft, charts: list[Chart]) -> list:
    """Section 2: the scores, part by part, the table and the first two charts."""
    a, cur = record.agency, draft.current
    blocks: list = [
        Heading(
            f"ผลการประเมินคุณธรรมและความโปร่งใสของ{a} ปีงบประมาณ พ.ศ. {record.fiscal_year}", number="2."
        ),
        Paragraph(
            f"{a} ได้คะแนนภาพรวม {_s(cur.total)} คะแนน ผลการประเมิน {cur.level_label} "
            "จากการเก็บข้อมูล 3 ส่วน รวม 10 ตัวชี้วัด ดังนี้"
        ),
    ]
    for part, tool in enumerate(("IIT", "EIT", "OIT"), start=1):
        rows = [r for r in draft.rows if r.tool == tool]
        blocks += [
            Paragraph(
                (
                    Run(f"ส่วนที่ {part} ", bold=True),
                    TOOL_NAMES[tool],
                    f" ได้คะแนนเฉลี่ย {_s(cur.tools[tool])} คะแนน",
                )
            ),
            BulletList(
                tuple(f"ตัวชี้วัดที่ {r.number} {r.name} ได้คะแนน {_s(r.score)} คะแนน" for r in rows)
            ),
        ]
    return [*blocks, _score_table(draft), charts["overall"], charts["indicators"]]


COMMENT_SOURCES = {
    "IIT": "ผู้มีส่วนได้ส่วนเสียภายใน (แบบวัด IIT)",
    "EIT": "ผู้มีส่วนได้ส่วนเสียภายนอก (แบบวัด EIT)",
}


def _o42_comments(record: PlanRecord, draft: Draft) -> list:
    """Section 2.1: themes of the respondents' comments and the assessor's recommendations."""
    if not (record.comments or draft.recommendations or record.text("assessor_statement")):
        return []
    blocks: list = [Heading("ข้อคิดเห็นและข้อเสนอแนะจากการประเมิน", number="2.1", level=2)]
    for tool in ("IIT", "EIT"):
        texts = [text for t, text in record.comments if t == tool]
        if not texts:
            continue
        # quoted as the NACC report gives them (seed 002), then grouped into themes
        blocks.append(
            Paragraph(f"ข้อเสนอแนะและข้อคิดเห็นจาก{COMMENT_SOURCES[tool]}", indent=False,
                      keep_with_next=True)
        )  # fmt: skip
        blocks.append(NumberedList(tuple(texts), style="{n})", level=1))
        themes = comment_themes(texts)
        if themes:  # themes only from 5 comments on, as on the page
            blocks.append(
                Paragraph(
                    f"ประเด็นจากข้อคิดเห็นของผู้ตอบแบบวัด {tool} ({len(texts)} ความเห็น)", indent=False
                )
            )
            blocks.append(BulletList(tuple(f"{t.theme} {t.comments} ความเห็น" for t in themes)))
    recs = [rec for group in draft.recommendations.values() for rec in group]
    statement = record.text("assessor_statement")
    if recs or statement:
        blocks.append(Paragraph("ข้อเสนอแนะและข้อคิดเห็นจากผู้ตรวจประเมิน (สำนักงาน ป.ป.ช.)", indent=False))
    if statement:
        blocks.append(Paragraph(statement))
    if recs:
        blocks.append(
            BulletList(
                tuple((Run(code, bold=True, verbatim=True), f" {text}") for code, text in recs)
            )
        )
    return blocks


def _o42_trend(record: PlanRecord, draft: Draft, charts: list[Chart]) -> list:
    """Section 3's opening: the change from last year, the agency's overview, the history."""
    cur, prev = draft.current, draft.previous
    blocks: list = [
        Heading(f"การวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {record.fiscal_year}", number="3.")
    ]
    if prev is not None:
        change = cur.total - prev.total
        word = "ลดลง" if change < 0 else "เพิ่มขึ้น" if change > 0 else "เท่าเดิม"
        blocks.append(
            Paragraph(
                f"ผลคะแนนภาพรวม{word}จากปีงบประมาณ พ.ศ. {prev.fiscal_year} "
                f"ซึ่งได้ {_s(prev.total)} คะแนน "
                f"({prev.level_label}) เป็น {_s(cur.total)} คะแนน ({cur.level_label})"
                + (f" {word} {_s(abs(change))} คะแนน" if change else "")
            )
        )
    if record.text("overview"):
        blocks.append(Paragraph(record.text("overview")))
    history = ("history", "tools_history", "indicators_history")
    return blocks + [charts[name] for name in history if name in charts]


def _o42_analysis(record: PlanRecord, draft: Draft, charts: list[Chart]) -> list:
    """Sections 3.1–3.4: strengths, weaknesses, urgent points, OIT items not passed, issues."""
    findings = {f.number: f for f in record.findings}
    urgent = urgent_of(record, draft)
    mark = mark_text(record.pass_mark)
    blocks: list = [
        Heading(f"ตัวชี้วัดที่เป็นจุดแข็ง (ได้คะแนนตั้งแต่ {mark} คะแนนขึ้นไป)", number="3.1", level=2),
        *(_indicator_paragraphs(draft.strengths, findings, record) or [Paragraph("-ไม่มี-")]),
        Heading(
            f"จุดที่ต้องพัฒนา (ตัวชี้วัดที่ได้คะแนนต่ำกว่า {mark} คะแนน เรียงจากคะแนนต่ำสุด)", number="3.2", level=2
        ),
        *([charts["weakest"]] if "weakest" in charts else []),
        *(_indicator_paragraphs(draft.weaknesses, findings, record) or [Paragraph("-ไม่มี-")]),
        Heading("ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน", number="3.3", level=2),
        NumberedList(
            tuple(
                f"{_indicator_label(draft, n)} ({_s(draft.current.indicators[n])} คะแนน)"
                for n in urgent
            )
        )
        if urgent
        else Paragraph("-ไม่มี-"),
    ]
    if draft.failed_items:
        blocks.append(Paragraph("ข้อในแบบวัด OIT ที่ไม่ผ่านเกณฑ์", indent=False))
        blocks.append(
            BulletList(
                tuple((Run(code, verbatim=True), f" {title}") for code, title in draft.failed_items)
            )
        )
    blocks.append(Heading("ประเด็นที่จะต้องพัฒนาให้ดีขึ้น", number="3.4", level=2))
    blocks.append(Paragraph(record.text("improvement_issues") or "-ไม่มี-"))
    return blocks


def _o42_measures(record: PlanRecord) -> list:
    """Sections 4–5: the measures and how they are monitored, then the approver's signature."""
    a, measures = record.agency, record.measures
    return [
        PageBreak(),
        Heading(
            f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. {record.implementation_year}",
            number="4.",
        ),
        Paragraph(
            f"จากผลการวิเคราะห์ข้างต้น {a} กำหนดมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใส "
            f"จำนวน {len(measures)} มาตรการ โดยกำหนดผู้รับผิดชอบ ขั้นตอนการปฏิบัติ "
            "และการกำกับติดตามและรายงานผล ดังนี้"
        ),
        _measure_table(record, measures) if measures else Paragraph("-ยังไม่มีมาตรการ-"),
        Heading("การกำกับติดตามและรายงานผล", number="5."),
        Paragraph(
            (
                "ให้ส่วนราชการที่รับผิดชอบรายงานความก้าวหน้าการดำเนินการตามมาตรการต่อผู้บริหาร ตามรอบที่กำหนด"
                "ในแต่ละมาตรการ เพื่อเผยแพร่บนเว็บไซต์หลักของหน่วยงาน",
                *(
                    (" ตามข้อ ", Run(record.items.progress, verbatim=True))
                    if record.items.progress
                    else ()
                ),
            )
        ),
        Spacer(),
        _signature(record.text("approver_name"), record.text("approver_position"), f"ผู้บริหาร{a}"),
    ]


def o42_document(record: PlanRecord, options: Options | None = None) -> Document:
    """The O42 analysis report, in the shape of seed 002."""
    draft = draft_of(record)
    charts = _charts(draft, record)
    a, y = record.agency, record.fiscal_year
    blocks = [
        *_notice(record),
        *_o42_background(record),
        *_o42_results(record, draft, charts),
        *_o42_comments(record, draft),
        *_o42_trend(record, draft, charts),
        *_o42_analysis(record, draft, charts),
        *_o42_measures(record),
    ]
    return Document(
        kind=Kind.O42,
        agency_name=a,
        fiscal_year=y,
        title_lines=(
            "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
            f"ในการดำเนินงานของหน่วยงานภาครัฐของ{a}",
            f"ประจำปีงบประมาณ พ.ศ. {y}",
        ),
        blocks=tuple(_numbered(blocks)),
        options=options or Options(),
    )


# --------------------------------------------------------------------------- memo
def build_memo(analysis: Analysis, options: Options | None = None) -> Document:
    return memo_document(plan_record(analysis), options)


def _memo_rule(items: CycleItems) -> tuple:
    purpose = (
        "กำหนดให้หน่วยงานวิเคราะห์ผลการประเมินและกำหนดมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรม"
        "และความโปร่งใสภายในหน่วยงานให้ดีขึ้น"
    )
    if items.analysis:
        return ("ซึ่งแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ข้อ ", Run(items.analysis, verbatim=True),
                " " + purpose)  # fmt: skip
    return ("ซึ่งแนวทางการประเมิน ITA " + purpose,)


def _garuda_notice(record: PlanRecord) -> list:
    if not (record.garuda and record.garuda_placeholder):
        return []
    return [
        Paragraph((Run("หมายเหตุ: ", bold=True), Run(GARUDA_PLACEHOLDER_NOTE, italic=True)),
                  indent=False)
    ]  # fmt: skip


def _chain_opinions(record: PlanRecord) -> list[Opinion]:
    """Each step of the frozen chain: the opinion given (text, name, position, date), or a
    block of dotted lines to fill by hand while it is not."""
    given = {o.step: o for o in record.opinions}
    out = []
    for order, title in record.chain:
        o = given.get(order)
        if o is None:
            out.append(Opinion(f"ความเห็นของ{title}", Signature("", (title,), date_line=True)))
            continue
        out.append(
            Opinion(
                f"ความเห็นของ{title}",
                Signature(o.name, (o.title,), date_line=True, date=o.given_on),
                text=o.text,
            )
        )
    return out


def _decision(record: PlanRecord) -> Opinion:
    """The executive's decision, ticked and dated from the approval itself (decided_at)."""
    approver = record.text("approver_position") or f"ผู้บริหาร{record.agency}"
    approved = record.status == PlanStatus.APPROVED and record.decided_at is not None
    signed = _local_date(record.decided_at) if approved else None
    return Opinion(
        f"ความเห็นของ{approver}",  # seed 003: "ความเห็นของนายกองค์การบริหารส่วนตำบล…"
        Signature(record.text("approver_name"), (approver,), date_line=True, date=signed),
        choices=("อนุมัติ", "ไม่อนุมัติ"),
        chosen="อนุมัติ" if approved else "",
        blank_lines=0 if approved else 2,
    )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def memo_document(record: PlanRecord, options: Options | None = None) -> Document:
    """The approval memo (บันทึกข้อความ), in the shape of seed 003."""
    a, y, iy = record.agency, record.fiscal_year, record.implementation_year
    measures = record.measures
    current = record.current
    unit = record.text("memo_unit")
    blocks = [
        MemoHeader(
            department=unit or a,
            reference=record.text("memo_number"),
            subject=f"ขออนุมัติใช้มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {iy}",
            to=record.text("memo_to") or f"ผู้บริหาร{a}",
            date=record.memo_date,
            garuda=base64.b64decode(record.garuda) if record.garuda else b"",
            garuda_cm=GARUDA_MEMO_CM,
        ),
        Heading("เรื่องเดิม"),
        Paragraph(
            (
                f"ตามที่ {a} ได้รับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
                f"ประจำปีงบประมาณ พ.ศ. {y} ได้คะแนน {_s(current.total)} คะแนน "
                f"ผลการประเมิน {current.level_label} ",
                *_memo_rule(record.items),
            )
        ),
        Heading("ข้อเท็จจริง"),
        Paragraph(
            f"{unit or a} ได้วิเคราะห์ผลการประเมินและกำหนดมาตรการ"
            "ส่งเสริมคุณธรรมและความโปร่งใส "
            f"ประจำปีงบประมาณ พ.ศ. {iy} จำนวน {len(measures)} มาตรการ ดังนี้"
        ),
        NumberedList(tuple(m.title for m in measures), style="{n}.", level=1),
        Paragraph("รายละเอียดตามรายงานการวิเคราะห์ผลการประเมินที่แนบมาพร้อมนี้"),
        *_notice(record),
        *_garuda_notice(record),
        Heading("ข้อเสนอแนะ"),
        NumberedList(
            (
                f"เห็นควรอนุมัติใช้มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {iy} ของ{a}",
                "เมื่ออนุมัติแล้ว เห็นควรแจ้งหัวหน้าส่วนราชการทุกสำนัก/กองทราบและถือปฏิบัติ "
                "และเผยแพร่มาตรการบนเว็บไซต์หลักของหน่วยงาน",
            ),
            style="{n}.",
            level=0,
        ),
        Paragraph("จึงเรียนมาเพื่อโปรดพิจารณา"),
        Spacer(),
        Signature(record.text("proposer_name"), record.text("proposer_position")),
        OpinionChain((*_chain_opinions(record), _decision(record))),
    ]
    return Document(
        kind=Kind.MEMO,
        agency_name=a,
        fiscal_year=iy,
        blocks=tuple(blocks),
        options=options or Options(),
    )


# --------------------------------------------------------------------------- O43
@dataclass(frozen=True)
class ReportFacts:
    """The newest revision of a measure's latest reported round, as the O43 table cites it."""

    actions: str
    status_label: str
    percent: int
    status: str = ""  # ProgressStatus value
    round_month: int = 0  # the round this report is of
    done_when: str = ""
    output: str = ""
    outcome: str = ""
    problems: str = ""
    suggestions: str = ""
    evidence: tuple[str, ...] = ()  # URLs or file labels


def _report_facts(r: ProgressReport) -> ReportFacts:
    return ReportFacts(
        actions=r.actions, status_label=r.get_status_display(), percent=r.percent,
        status=r.status, round_month=r.round_month,
        done_when=r.done_when, output=r.output, outcome=r.outcome, problems=r.problems,
        suggestions=r.suggestions, evidence=tuple(e.url or e.label for e in r.evidence.all()),
    )  # fmt: skip


def _latest_reports(analysis: Analysis, up_to_month: int | None) -> dict[int, ReportFacts]:
    """Per measure, the newest revision of its latest round reported (up to a round)."""
    reports = ProgressReport.objects.filter(measure__analysis=analysis).order_by(
        "measure_id", "-round_month", "-revision"
    )
    if up_to_month is not None:
        reports = reports.filter(round_month__lte=up_to_month)
    latest: dict[int, ReportFacts] = {}
    for r in reports.prefetch_related("evidence"):
        if r.measure_id not in latest:
            latest[r.measure_id] = _report_facts(r)
    return latest


def record_in_force(analysis: Analysis) -> PlanRecord:
    """The measures progress is reported on: those of the latest approved version (also while
    its next revision is drafted), else the live ones."""
    version = latest_version(analysis)
    return from_json(version.record) if version else record_of(analysis)


def build_o43(
    analysis: Analysis, round_month: int | None = None, options: Options | None = None
) -> Document:
    # The O43 report is not signed once and for all: it cites the items of the year as they
    # stand now, even when its measures come from a version frozen earlier.
    record = replace(record_in_force(analysis), items=cycle_items(analysis.implementation_year))
    return o43_document(
        record,
        _latest_reports(analysis, round_month),
        round_month=round_month,
        today=timezone.localdate(),
        options=options,
    )


def _o43_row(m, r: ReportFacts | None) -> tuple:
    evidence = tuple((Run("หลักฐาน: "), Run(e, verbatim=True)) for e in (r.evidence if r else ()))
    cites = ", ".join(map(str, m.indicators))
    remarks = (
        tuple(
            label + value
            for label, value in (("ปัญหา/อุปสรรค: ", r.problems), ("ข้อเสนอแนะ: ", r.suggestions))
            if value
        )
        if r
        else ()
    )
    return (
        (f"{m.position}. {m.title}", *((f"(ตัวชี้วัดที่ {cites})",) if cites else ())),
        tuple(line for line in m.steps.splitlines() if line.strip()) or ("-",),
        m.divisions,
        (r.done_when if r and r.done_when else m.period),
        (
            (r.actions if r else "ยังไม่ได้รายงาน"),
            *((r.output,) if r and r.output else ()),
            *evidence,
        ),
        (r.outcome if r and r.outcome else "-"),
        (f"{r.status_label} (ร้อยละ {r.percent})" if r else "ยังไม่ได้รายงาน"),
        remarks or ("-",),
    )


def _progress_summary(measures, reports: dict[int, ReportFacts]) -> str:
    """What the measures' statuses say, not a stock phrase: "done" only when every one is."""
    done = sum(1 for m in measures if (r := reports.get(m.id)) and r.status == ProgressStatus.DONE)
    if measures and done == len(measures):
        return "บัดนี้ได้ดำเนินการตามมาตรการแล้วเสร็จครบทุกมาตรการ"
    counts = []
    for status, label in (
        (ProgressStatus.DONE, "แล้วเสร็จ"),
        (ProgressStatus.IN_PROGRESS, "อยู่ระหว่างดำเนินการ"),
        (ProgressStatus.DELAYED, "ล่าช้ากว่ากำหนด"),
        (ProgressStatus.NOT_STARTED, "ยังไม่เริ่มดำเนินการ"),
    ):
        n = sum(1 for m in measures if (r := reports.get(m.id)) and r.status == status)
        if n:
            counts.append(f"{label} {n} มาตรการ")
    unreported = sum(1 for m in measures if m.id not in reports)
    if unreported:
        counts.append(f"ยังไม่ได้รายงาน {unreported} มาตรการ")
    return "ผลการดำเนินการ" + (" ".join(counts) if counts else "ยังไม่มีการรายงาน")


def o43_document(
    record: PlanRecord,
    reports: dict[int, ReportFacts],
    round_month: int | None = None,
    today: dt.date | None = None,
    options: Options | None = None,
) -> Document:
    """The O43 progress report, in the shape of seeds 001/003/004: one row per measure with what
    was done, when, output, outcome, status and remarks, from the latest submitted revision.
    Without a round asked for, it is the report of the latest round anyone reported, and says
    so; its as-of date is that round's due date (never later than today)."""
    a, y, iy = record.agency, record.fiscal_year, record.implementation_year
    measures = record.measures
    today = today or timezone.localdate()
    rows = [_o43_row(m, reports.get(m.id)) for m in measures]
    table = Table(
        columns=(
            Column("มาตรการ/แนวทาง", 2.1),
            Column("วิธีการดำเนินการ", 2.3),
            Column("ผู้รับผิดชอบ", 1.4),
            Column("ระยะเวลา", 1.3, "center"),
            Column("ผลการดำเนินการ", 2.5),
            Column("ผลลัพธ์", 1.7),
            Column("สถานะ", 1.2, "center"),
            Column("หมายเหตุ", 1.6),
        ),
        rows=tuple(rows),
    )
    reported = round_month or max((r.round_month for r in reports.values()), default=0)
    as_of = (
        min(today, round_due(iy, reported)) if reported else min(today, fiscal_year_bounds(iy)[1])
    )
    round_text = f" (รอบ {reported} เดือน)" if reported else ""
    blocks = [
        *_notice(record),
        Paragraph(
            f"ตามที่ {a} ได้วิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y} และกำหนดมาตรการ"
            f"ส่งเสริมคุณธรรมและความโปร่งใสในปีงบประมาณ พ.ศ. {iy} จำนวน {len(measures)} มาตรการ "
            f"{_progress_summary(measures, reports)} รายละเอียดดังนี้ "
            f"(ข้อมูล ณ วันที่ {thai_date(_as_date(as_of))})"
        ),
        table,
        Spacer(),
        _signature(record.text("approver_name"), record.text("approver_position"), f"ผู้บริหาร{a}"),
    ]
    return Document(
        kind=Kind.O43,
        agency_name=a,
        fiscal_year=iy,
        title_lines=(
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            f"{a} ประจำปีงบประมาณ พ.ศ. {iy}{round_text}",
            *(
                (f"ตามแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ข้อ {record.items.progress}",)
                if record.items.progress
                else ()
            ),
        ),
        options=options or Options(orientation="landscape"),
        blocks=tuple(blocks),
    )


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


BUILDERS = {Kind.O42: build_o42, Kind.MEMO: build_memo, Kind.O43: build_o43}
VERSION_BUILDERS = {Kind.O42: o42_document, Kind.MEMO: memo_document}


def build_version(version: PlanVersion, kind: Kind, options: Options | None = None) -> Document:
    """An approved version's O42 or memo, from its frozen record alone (no live rows)."""
    return VERSION_BUILDERS[kind](from_json(version.record), options)


def _for_agency(build):
    """Adapt a builder of an Analysis to the batch/command signature (agency, fiscal_year),
    where the year is the analysed one; a Thai LookupError when there is no analysis."""

    def build_for(agency, fiscal_year: int, **kwargs) -> Document:
        analysis = Analysis.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
        if analysis is None:
            raise LookupError(f"{agency.name} ยังไม่มีการวิเคราะห์ผลการประเมินปีงบประมาณ {fiscal_year}")
        return build(analysis, **kwargs)

    return build_for


def register() -> None:
    from ita.documents.batch import register_builder

    for kind, build in BUILDERS.items():
        register_builder(kind.value, _for_agency(build))
