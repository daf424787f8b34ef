"""The province summary report (seed 000): the year's results across the province's agencies,
the measures the province drives in the next year, its committees and follow-up log.

`province_document(facts)` is a pure function of report_facts.ProvinceFacts and returns the
documents app's Document, rendered by its DOCX and PDF renderers like O42, the memo and O43.
The documents app sits below oversight and may not import it, so this app registers the
builder in documents.province (apps.OversightConfig.ready) for ita_document and the download.

The measures are derived, not typed: seed 000's four (committees, working guidelines on the
weak indicators and their OIT items, follow-up in every district and the clinic, the agencies
below the pass mark), each filled with the year's figures and what the follow-up log records."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ita.documents.builders import TOOL_NAMES
from ita.documents.content import (
    Cell,
    Chart,
    Column,
    Document,
    Heading,
    Kind,
    NumberedList,
    Options,
    PageBreak,
    Paragraph,
    Run,
    Series,
    Signature,
    Spacer,
    Table,
)
from ita.lib.thai_dates import thai_date
from ita.oversight import rules
from ita.oversight.report_facts import AgencyLine, GroupLine, ProvinceFacts, province_facts

GROUP_COLUMNS = ("หน่วยงาน", "มีผล", "คะแนนรวมเฉลี่ย", "ไม่ผ่านเกณฑ์")


def _s(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _numbers_text(numbers) -> str:
    """1, 2, 3, 5 → "1–3 และ 5" (indicator numbers as the seeds write them)."""
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    parts = [f"{s[0]}–{s[-1]}" if len(s) > 2 else " และ ".join(map(str, s)) for s in spans]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " และ " + parts[-1]


def _weak(f: ProvinceFacts) -> list:
    """The indicators to fix first: the province's average below rules.WEAK (seed 000: 9 and
    10 in FY 2562), else those below the pass mark, else none."""
    scored = [i for i in f.indicators if i.averages.all is not None]
    weak = [i for i in scored if i.averages.all < rules.WEAK]
    return weak or [i for i in scored if i.averages.all < f.pass_mark]


SHORT_KINDS = {"ส่วนราชการส่วนภูมิภาค": "ส่วนภูมิภาค"}  # a narrow column of agency lists


def _kind(line: AgencyLine) -> str:
    return SHORT_KINDS.get(line.kind_label, line.kind_label)


# --------------------------------------------------------------------------- title, background
def _title_page(f: ProvinceFacts) -> list:
    centred = dict(indent=False, align="center")
    return [
        Spacer(lines=4),
        Paragraph(Run(f"จังหวัด{f.province}", bold=True), **centred),
        Paragraph(
            f"หน่วยงานที่ได้รับผลการประเมิน {f.results} หน่วยงาน (ส่วนราชการส่วนภูมิภาค "
            f"{f.results_regional} หน่วย องค์กรปกครองส่วนท้องถิ่น {f.results_local} แห่ง)",
            **centred,
        ),
        Paragraph(f"{f.framework} · เกณฑ์ผ่าน {_s(f.pass_mark)} คะแนน", **centred),
        Paragraph(f"ข้อมูล ณ วันที่ {thai_date(f.as_of)}", **centred),
        PageBreak(),
    ]


def _notices(f: ProvinceFacts) -> list:
    notes = [f.notice] if f.notice else []
    if f.synthetic:
        notes.append(
            f"คะแนนของ {f.synthetic} หน่วยงานในเอกสารนี้เป็นข้อมูลสมมติเพื่อการสาธิต "
            "ไม่ใช่ผลการประเมินอย่างเป็นทางการของสำนักงาน ป.ป.ช."
        )
    return [
        Paragraph((Run("หมายเหตุ: ", bold=True), Run(note, italic=True)), indent=False)
        for note in notes
    ]


def _background(f: ProvinceFacts) -> list:
    return [
        Heading("ความเป็นมา", number="1."),
        Paragraph(
            f"ตามที่จังหวัด{f.province} ร่วมกับหน่วยงานราชการส่วนภูมิภาคในจังหวัด{f.province} "
            f"ทั้ง {f.results_regional} หน่วย รวมทั้งองค์กรปกครองส่วนท้องถิ่น จำนวน {f.results_local} แห่ง "
            "ได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            f"ประจำปีงบประมาณ พ.ศ. {f.fiscal_year} ไปแล้วนั้น จังหวัดได้นำผลการประเมินมาวิเคราะห์"
            "ภาพรวมของจังหวัด เพื่อกำหนดแนวทางและมาตรการขับเคลื่อนการประเมิน"
            f"ในปีงบประมาณ พ.ศ. {f.measures_year}"
        ),
    ]


# --------------------------------------------------------------------------- results
def _summary(f: ProvinceFacts) -> Paragraph:
    weak = _weak(f)
    others = [i for i in f.indicators if i not in weak and i.averages.all is not None]
    text: list = [
        f"จังหวัด{f.province} ได้รับแจ้งผลคะแนนการประเมินของหน่วยงานในจังหวัด {f.results} หน่วยงาน "
        f"จากสำนักงาน ป.ป.ช. ค่าเฉลี่ยคะแนนรวมของจังหวัด {_s(f.tools['total'].all)} คะแนน "
        f"ไม่ผ่านเกณฑ์ {_s(f.pass_mark)} คะแนน {f.failed_count} หน่วยงาน "
        f"ผลคะแนนจำนวนทั้งสิ้น {len(f.indicators)} ตัวชี้วัด"
    ]
    if others:
        low = min(i.averages.all for i in others)
        high = max(i.averages.all for i in others)
        text.append(
            f" ตัวชี้วัดที่ {_numbers_text(i.number for i in others)} ได้คะแนนเฉลี่ย"
            f"ระหว่าง {_s(low)} ถึง {_s(high)} คะแนน"
        )
    if weak:
        text.append(" ส่วน" + " ".join(
            f"ตัวชี้วัดที่ {i.number} {i.name} ได้คะแนน {_s(i.averages.all)}" for i in weak
        ) + " อยู่ในระดับต่ำกว่าเกณฑ์ เป็นจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน")  # fmt: skip
    local = f.weak_on_oit.get("local", 0)
    if local:
        text.append(
            f" โดยเฉพาะองค์กรปกครองส่วนท้องถิ่น {local} แห่ง ได้คะแนนต่ำกว่า {rules.WEAK} "
            f"ในตัวชี้วัดที่ {_numbers_text(f.oit_numbers)} ทุกตัว"
        )
    return Paragraph(tuple(text))


def _averages_row(label, averages, shaded: bool = False, bold: bool = False) -> tuple:
    def cell(text: str, **kw) -> Cell:
        return Cell((Run(text, bold=bold),), shaded=shaded, **kw)

    return (
        cell(label, colspan=2, align="left"),
        *(cell(_s(v)) for v in (averages.all, averages.regional, averages.local)),
    )


def _indicator_table(f: ProvinceFacts) -> Table:
    rows: list = []
    for tool in ("IIT", "EIT", "OIT"):
        rows.append(_averages_row(TOOL_NAMES[tool], f.tools[tool], shaded=True, bold=True))
        for i in (i for i in f.indicators if i.tool == tool):
            a = i.averages
            rows.append((str(i.number), i.name, _s(a.all), _s(a.regional), _s(a.local)))
    rows.append(_averages_row("คะแนนรวม", f.tools["total"], bold=True))
    return Table(
        columns=(
            Column("ตัวชี้วัดที่", 0.7, "center"),
            Column("ตัวชี้วัด", 3),
            Column("ทั้งจังหวัด", 1, "right"),
            Column("ส่วนภูมิภาค", 1, "right"),
            Column("อปท.", 1, "right"),
        ),
        rows=tuple(rows),
        caption=f"ตารางที่ 1 ค่าเฉลี่ยรายเครื่องมือและรายตัวชี้วัด ปี {f.fiscal_year}",
    )


def _indicator_chart(f: ProvinceFacts) -> Chart:
    def of(group: str) -> tuple:
        return tuple(getattr(i.averages, group) for i in f.indicators)

    return Chart(
        "bar",
        f"ค่าเฉลี่ยรายตัวชี้วัดของจังหวัด{f.province} ปี {f.fiscal_year}",
        tuple(str(i.number) for i in f.indicators),
        (Series("ทั้งจังหวัด", of("all")), Series("ส่วนภูมิภาค", of("regional")),
         Series("อปท.", of("local"))),
        reference=float(f.pass_mark),
        x_label="ตัวชี้วัดที่",
        value_labels=False,  # ten groups of three bars: table 1 gives the numbers
        height_cm=9,
    )  # fmt: skip


def _group_table(lines: tuple[GroupLine, ...], first: str, caption: str) -> Table:
    rows = tuple(
        (g.label, str(g.agencies), str(g.results), _s(g.avg_total), str(g.failed)) for g in lines
    )
    return Table(
        columns=(Column(first, 2.4), *(Column(h, 1, "right") for h in GROUP_COLUMNS)),
        rows=rows,
        caption=caption,
    )


def _kind_chart(f: ProvinceFacts) -> Chart:
    shown = [k for k in f.kinds if k.avg_total is not None]
    return Chart(
        "hbar",
        f"คะแนนรวมเฉลี่ยตามกลุ่มหน่วยงาน ปี {f.fiscal_year}",
        tuple(k.label for k in shown),
        (Series("คะแนนรวมเฉลี่ย", tuple(k.avg_total for k in shown)),),
        reference=float(f.pass_mark),
        height_cm=3 + 1.2 * len(shown),
    )


def _results(f: ProvinceFacts) -> list:
    return [
        Heading(f"การวิเคราะห์ผลการประเมินคุณธรรมฯ ปีงบประมาณ พ.ศ. {f.fiscal_year}", number="2."),
        _summary(f),
        Heading("ผลรายเครื่องมือและรายตัวชี้วัด", number="2.1", level=2),
        _indicator_table(f),
        _indicator_chart(f),
        Heading("ผลตามกลุ่มหน่วยงานและอำเภอ", number="2.2", level=2),
        _group_table(f.kinds, "กลุ่มหน่วยงาน", "ตารางที่ 2 ผลตามกลุ่มหน่วยงาน"),
        _kind_chart(f),
        _group_table(f.district_lines, "อำเภอ", "ตารางที่ 3 ผลตามอำเภอ"),
        *_lowest(f),
        *_history(f),
        *_cycle(f),
    ]


def _oit_label(f: ProvinceFacts) -> str:
    return f"ตัวชี้วัดที่ {_numbers_text(f.oit_numbers)}"


def _lowest(f: ProvinceFacts) -> list:
    if not f.lowest:
        return []
    rows = tuple(
        (str(n), a.name, _kind(a), a.district or "-", *map(_s, a.oit_scores), _s(a.total))
        for n, a in enumerate(f.lowest, start=1)
    )
    return [
        Heading(f"หน่วยงานที่ได้คะแนนต่ำสุดใน{_oit_label(f)}", number="2.3", level=2),
        Paragraph(
            f"หน่วยงาน {len(f.lowest)} แห่งที่ได้คะแนนเฉลี่ยของ{_oit_label(f)} (แบบวัดการเปิดเผยข้อมูล"
            f"สาธารณะ) ต่ำที่สุด ซึ่งจังหวัดจะติดตามเป็นรายหน่วยงาน (รายชื่อหน่วยงานที่ไม่ผ่านเกณฑ์ทั้ง "
            f"{f.failed_count} หน่วยงานอยู่ในภาคผนวก)"
        ),
        Table(
            columns=(
                Column("ลำดับ", 0.9, "center"),
                Column("หน่วยงาน", 3.2),
                Column("ประเภท", 1.1),
                Column("อำเภอ", 1.6),
                *(Column(f"ตัวชี้วัดที่ {n}", 1, "right") for n in f.oit_numbers),
                Column("คะแนนรวม", 1, "right"),
            ),
            rows=rows,
            caption=f"ตารางที่ 4 หน่วยงานที่ได้คะแนนต่ำสุดใน{_oit_label(f)}",
            font_size=14,
        ),
    ]


def _history(f: ProvinceFacts) -> list:
    if len(f.trend) < 2:
        return []
    rows = tuple(
        (str(t.fiscal_year), str(t.results), _s(t.avg_total),
         "-" if t.pass_rate is None else f"ร้อยละ {t.pass_rate}")
        for t in f.trend
    )  # fmt: skip
    return [
        Heading("ผลการประเมินของจังหวัดย้อนหลัง", number="2.4", level=2),
        Table(
            columns=(Column("ปีงบประมาณ", 1, "center"), Column("หน่วยงานที่มีผล", 1, "right"),
                     Column("คะแนนรวมเฉลี่ย", 1, "right"), Column("ผ่านเกณฑ์", 1, "right")),
            rows=rows,
            caption="ตารางที่ 5 ผลการประเมินของจังหวัดย้อนหลัง",
        ),
    ]  # fmt: skip


def _cycle(f: ProvinceFacts) -> list:
    """Where the agencies stand in the improvement cycle: O42 states and O43 rounds."""
    states = rules.O42_STATES
    return [
        Heading("การวิเคราะห์ผล (O42) และการรายงานผลการดำเนินการ (O43) ของหน่วยงาน", number="2.5",
                level=2),
        Paragraph(
            f"จากหน่วยงานในจังหวัด{f.province}ทั้งหมด {f.agencies} หน่วยงาน (มีผลการประเมิน {f.results} "
            f"หน่วยงาน) หน่วยงานที่วิเคราะห์ผลการประเมินปีงบประมาณ พ.ศ. {f.fiscal_year} และได้รับอนุมัติ"
            f"มาตรการแล้ว {f.o42['approved']} หน่วยงาน รายงานผลการดำเนินการตามมาตรการในปีงบประมาณ "
            f"พ.ศ. {f.measures_year} แล้ว {f.o43_agencies} หน่วยงาน "
            f"รวม {f.o43_on_time + f.o43_late} รอบ "
            f"(ตรงเวลา {f.o43_on_time} รอบ ล่าช้า {f.o43_late} รอบ)"
        ),
        Table(
            columns=tuple(Column(str(label), 1, "center") for label in states.values()),
            rows=(tuple(str(f.o42[key]) for key in states),),
            caption="ตารางที่ 6 จำนวนหน่วยงานตามสถานะการวิเคราะห์ผลการประเมิน (O42)",
        ),
    ]  # fmt: skip


# --------------------------------------------------------------------------- measures
def _committee_measure(f: ProvinceFacts) -> str:
    orders = " ".join(
        f"คำสั่งที่ {c.number} ลงวันที่ {thai_date(c.ordered_on)} เรื่อง {c.title}" for c in f.committees
    )
    return (
        f"จังหวัด{f.province} แต่งตั้งคณะกรรมการขับเคลื่อนและคณะกรรมการกำกับติดตามการประเมิน"
        f"คุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {f.measures_year} โดยกำหนดให้หน่วยราชการ"
        f"ส่วนภูมิภาคทั้ง {f.results_regional} หน่วยเป็นผู้รับผิดชอบหลัก และกำกับติดตาม"
        f"องค์กรปกครองส่วนท้องถิ่นทั้ง {f.results_local} แห่ง "
        + (f"ตาม{orders}" if orders else "(ยังไม่ได้บันทึกคำสั่งแต่งตั้งในระบบ)")
    )


def _guideline_measure(f: ProvinceFacts, weak) -> tuple:
    items = f.next_oit_items
    codes = (" (ข้อ ", Run(f"{items[0]}–{items[-1]}", verbatim=True), ")") if items else ()
    targets = " และ".join(f"ตัวชี้วัดที่ {i.number}" for i in weak) or "ทุกตัวชี้วัด"
    return (
        "กำหนดแนวทางการปฏิบัติงานในการขับเคลื่อน เช่น การประชุมซักซ้อมแนวทางการปฏิบัติงาน "
        "วิธีการวิเคราะห์ข้อมูล การรวบรวมข้อมูลที่เกี่ยวข้อง การเผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงาน"
        f"ทั้ง {f.results} หน่วยงาน โดยเน้น{targets} และข้อมูลที่ต้องเปิดเผยตามแบบวัดการเปิดเผย"
        f"ข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. {f.measures_year} จำนวน {len(items)} ข้อ",
        *codes,
    )


def _followup_measure(f: ProvinceFacts) -> str:
    held = f.meetings
    clinics = sum(1 for m in held if m.kind == "clinic")
    done = (
        f" ในปีงบประมาณ พ.ศ. {f.measures_year} จัดประชุมและคลินิกแล้ว {len(held)} ครั้ง "
        f"(คลินิก {clinics} ครั้ง) ตามบันทึกในข้อ 4"
        if held
        else ""
    )
    return (
        "กำกับ ติดตามการดำเนินงานของหน่วยงานราชการส่วนภูมิภาคและองค์กรปกครองส่วนท้องถิ่น "
        f"ด้วยการประชุมติดตามการดำเนินงานในระดับพื้นที่ทั้ง {f.districts} อำเภอ และการเปิดคลินิก"
        f"ให้คำปรึกษาแนะนำแก้ไขปัญหาข้อขัดข้องในการปฏิบัติงานอย่างต่อเนื่อง{done}"
    )


def _failed_measure(f: ProvinceFacts) -> str:
    return (
        f"ให้หน่วยงานที่ได้คะแนนต่ำกว่าเกณฑ์ {_s(f.pass_mark)} คะแนน ทั้ง {f.failed_count} หน่วยงาน "
        "วิเคราะห์ผลการประเมินและกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสของหน่วยงาน "
        "และรายงานผลการดำเนินการตามรอบ โดยจังหวัดติดตามหน่วยงานที่ได้คะแนนต่ำสุด"
        f"ใน{_oit_label(f)} (ตารางที่ 4) เป็นรายหน่วยงาน"
    )


def _measures(f: ProvinceFacts) -> list:
    weak = _weak(f)
    targets = " และ".join(f"ตัวชี้วัดที่ {i.number}" for i in weak)
    return [
        Heading(
            f"แนวทาง มาตรการในการขับเคลื่อนการประเมินคุณธรรมฯ ปีงบประมาณ พ.ศ. {f.measures_year}",
            number="3.",
        ),
        Paragraph(
            f"จังหวัด{f.province}จึงต้องนำ{targets or 'ตัวชี้วัดที่ต่ำกว่าเกณฑ์'} มาปรับปรุงและพัฒนา"
            f"ให้ดีขึ้น โดยให้หน่วยราชการส่วนภูมิภาคทั้ง {f.results_regional} หน่วย และองค์กรปกครอง"
            f"ส่วนท้องถิ่นทั้ง {f.results_local} แห่ง ร่วมบูรณาการกันดำเนินการ โดยมีมาตรการขับเคลื่อนดังนี้",
            keep_with_next=True,
        ),
        NumberedList(
            (_committee_measure(f), _guideline_measure(f, weak), _followup_measure(f),
             _failed_measure(f)),
            style="{n}.",
        ),
    ]  # fmt: skip


# --------------------------------------------------------------------------- follow-up log
def _committee_table(f: ProvinceFacts) -> list:
    if not f.committees:
        return [Paragraph("-ยังไม่มีคำสั่งแต่งตั้งคณะกรรมการที่บันทึกในระบบ-", indent=False)]
    rows = tuple(
        (
            c.number,
            thai_date(c.ordered_on, short=True),
            c.title,
            c.lead_agency or "-",
            str(c.members),
        )
        for c in f.committees
    )
    return [
        Table(
            columns=(Column("คำสั่งที่", 1.5), Column("ลงวันที่", 1.2), Column("เรื่อง", 2.9),
                     Column("หน่วยงานหลัก", 2), Column("กรรมการ (คน)", 1, "right")),
            rows=rows,
            caption="ตารางที่ 7 คำสั่งแต่งตั้งคณะกรรมการ",
            font_size=14,
        )
    ]  # fmt: skip


def _meeting_table(f: ProvinceFacts) -> list:
    if not f.meetings:
        return [Paragraph("-ยังไม่มีการประชุมหรือคลินิกที่บันทึกในระบบ-", indent=False)]
    rows = tuple(
        (
            thai_date(m.held_on, short=True),
            m.kind_label,
            m.title,
            " ".join(p for p in (m.place, m.district) if p) or "-",
            str(len(m.agencies_present)),
            tuple(text for text, _ in m.issues) or ("-",),
        )
        for m in f.meetings
    )
    return [
        Table(
            columns=(Column("วันที่", 1.2), Column("ประเภท", 1.1), Column("เรื่อง", 2.2),
                     Column("สถานที่", 1.8), Column("เข้าร่วม (หน่วยงาน)", 1.1, "right"),
                     Column("ประเด็น", 2.6)),
            rows=rows,
            caption="ตารางที่ 8 การประชุมและคลินิก",
            font_size=14,
        )
    ]  # fmt: skip


def _answer(entry) -> tuple:
    answer = entry.answer or "-"
    if entry.evidence_url:
        return (answer, (Run("หลักฐาน: "), Run(entry.evidence_url, verbatim=True)))
    return (answer,)


def _followup_table(f: ProvinceFacts) -> list:
    entries = [e for m in f.meetings for e in m.followups]
    if not entries:
        return [Paragraph("-ยังไม่มีเรื่องที่ต้องติดตาม-", indent=False)]
    late = sum(1 for e in entries if e.status == "open" and e.due_on < f.as_of)
    counts = {s: sum(1 for e in entries if e.status == s) for s in ("closed", "answered", "open")}
    rows = tuple(
        (
            e.agency,
            # the issue itself is in table 8: here only the indicator it is about
            (e.request, *((f"(ตัวชี้วัดที่ {e.indicator})",) if e.indicator else ())),
            thai_date(e.due_on, short=True),
            e.status_label,
            _answer(e),
        )
        for e in entries
    )
    return [
        Paragraph(
            f"เรื่องที่ต้องติดตาม {len(entries)} เรื่อง ปิดแล้ว {counts['closed']} เรื่อง "
            f"หน่วยงานตอบแล้วรอพิจารณา {counts['answered']} เรื่อง ยังไม่ตอบ {counts['open']} เรื่อง "
            f"(เกินกำหนด {late} เรื่อง ณ วันที่ {thai_date(f.as_of)})",
            keep_with_next=True,
        ),
        Table(
            columns=(Column("หน่วยงานที่รับผิดชอบ", 2.3), Column("สิ่งที่ขอให้ดำเนินการ", 3),
                     Column("กำหนดส่ง", 1.2), Column("สถานะ", 1.1, "center"),
                     Column("คำตอบของหน่วยงาน", 2.6)),
            rows=rows,
            caption="ตารางที่ 9 เรื่องที่ต้องติดตาม",
            font_size=14,
        ),
    ]  # fmt: skip


def _followups(f: ProvinceFacts) -> list:
    return [
        Heading(f"คณะกรรมการและการติดตามผล ปีงบประมาณ พ.ศ. {f.measures_year}", number="4."),
        Heading("คำสั่งแต่งตั้งคณะกรรมการ", number="4.1", level=2),
        *_committee_table(f),
        Heading("การประชุมติดตามและคลินิก", number="4.2", level=2),
        *_meeting_table(f),
        Heading("เรื่องที่ต้องติดตามจากการประชุม", number="4.3", level=2),
        *_followup_table(f),
    ]


# --------------------------------------------------------------------------- annex
def _failed_annex(f: ProvinceFacts) -> list:
    heading = Heading(
        f"ภาคผนวก หน่วยงานที่ได้คะแนนต่ำกว่าเกณฑ์ {_s(f.pass_mark)} คะแนน ปีงบประมาณ พ.ศ. {f.fiscal_year}"
    )
    if not f.failed:
        return [PageBreak(), heading, Paragraph("-ไม่มี-", indent=False)]
    rows = tuple(
        (str(n), a.name, _kind(a), a.district or "-", _s(a.total), a.level or "-")
        for n, a in enumerate(f.failed, start=1)
    )
    return [
        PageBreak(),
        heading,
        Table(
            columns=(Column("ลำดับ", 0.9, "center"), Column("หน่วยงาน", 3.4), Column("ประเภท", 1.1),
                     Column("อำเภอ", 1.6), Column("คะแนนรวม", 0.9, "right"),
                     Column("ผล", 0.6, "center")),
            rows=rows,
            font_size=14,
        ),
    ]  # fmt: skip


def _closing(f: ProvinceFacts) -> list:
    return [
        Paragraph(
            f"จังหวัด{f.province}จะติดตามผลการดำเนินการตามมาตรการข้างต้นและรายงานผลเป็นระยะ"
            f"ตลอดปีงบประมาณ พ.ศ. {f.measures_year}"
        ),
        Spacer(),
        Signature("", ("ผู้ประสานงานการประเมิน ITA", f"จังหวัด{f.province}")),
    ]


def _numbered_charts(blocks: list) -> list:
    """Charts captioned "แผนภูมิที่ n" in print order, as the O42 numbers them."""
    out, n = [], 0
    for block in blocks:
        if isinstance(block, Chart):
            n += 1
            block = replace(block, caption=f"แผนภูมิที่ {n} {block.title}")
        out.append(block)
    return out


def province_document(facts: ProvinceFacts, options: Options | None = None) -> Document:
    """The province summary report, in the shape of seed 000."""
    f = facts
    blocks = [
        *_title_page(f),
        *_notices(f),
        *_background(f),
        *_results(f),
        *_measures(f),
        *_followups(f),
        *_closing(f),
        *_failed_annex(f),
    ]
    return Document(
        kind=Kind.PROVINCE,
        agency_name=f"จังหวัด{f.province}",
        fiscal_year=f.fiscal_year,
        title_lines=(
            "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
            f"ในการดำเนินงานของหน่วยงานภาครัฐ ปีงบประมาณ พ.ศ. {f.fiscal_year}",
            "และแนวทาง มาตรการดำเนินการส่งเสริมคุณธรรมและความโปร่งใส",
            f"ภายในหน่วยงานของรัฐ ปีงบประมาณ พ.ศ. {f.measures_year}",
        ),
        blocks=tuple(_numbered_charts(blocks)),
        options=options or Options(),
    )


def build_province_report(province, fiscal_year: int, options: Options | None = None) -> Document:
    """The registered builder (documents.province): facts from the database, then the pure
    document; a Thai LookupError when the province has no result that year."""
    return province_document(province_facts(province, fiscal_year), options)
