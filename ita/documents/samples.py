"""Realistic sample documents built from plain data (the numbers and text shapes of the seeds),
for the renderers' tests, the benchmark and a look at the layout. The improvement app's
builders produce the same shapes from the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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

INDICATORS = {  # FY 2565 framework: number → (name, tool)
    1: ("การปฏิบัติหน้าที่", "IIT"),
    2: ("การใช้งบประมาณ", "IIT"),
    3: ("การใช้อำนาจ", "IIT"),
    4: ("การใช้ทรัพย์สินของราชการ", "IIT"),
    5: ("การแก้ไขปัญหาการทุจริต", "IIT"),
    6: ("คุณภาพการดำเนินงาน", "EIT"),
    7: ("ประสิทธิภาพการสื่อสาร", "EIT"),
    8: ("การปรับปรุงระบบการทำงาน", "EIT"),
    9: ("การเปิดเผยข้อมูล", "OIT"),
    10: ("การป้องกันการทุจริต", "OIT"),
}
TOOLS = {
    "IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity and Transparency Assessment: IIT)",
    "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (External Integrity and Transparency "
    "Assessment: EIT)",
    "OIT": "แบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment: OIT)",
}
SEED_002_SCORES = {  # อบจ.มุกดาหาร FY 2565 as published: total 71.03, level C
    1: Decimal("86.07"),
    2: Decimal("76.72"),
    3: Decimal("76.57"),
    4: Decimal("75.54"),
    5: Decimal("72.00"),
    6: Decimal("79.63"),
    7: Decimal("73.30"),
    8: Decimal("70.22"),
    9: Decimal("90.00"),
    10: Decimal("37.50"),
}

WHAT_IT_MEASURES = {  # short form of the assessor's descriptions quoted in seed 002
    1: "การรับรู้ของบุคลากรภายในต่อการปฏิบัติงานตามมาตรฐาน ขั้นตอนและระยะเวลาที่กำหนด",
    2: "การรับรู้ของบุคลากรภายในต่อการใช้จ่ายงบประมาณ การเบิกจ่าย และการจัดซื้อจัดจ้าง",
    3: "การรับรู้ของบุคลากรภายในต่อการใช้อำนาจของผู้บังคับบัญชา การมอบหมายงานและการประเมินผล",
    4: "พฤติกรรมการนำทรัพย์สินของราชการไปใช้ส่วนตัวและขั้นตอนการขออนุญาตยืมทรัพย์สิน",
    5: "การให้ความสำคัญของผู้บริหารในการต่อต้านการทุจริตและการจัดการเรื่องร้องเรียน",
    6: "การปฏิบัติหน้าที่ตามมาตรฐานและการเรียกรับสินบนเพื่อแลกกับการให้บริการ",
    7: "การเผยแพร่ข้อมูลต่อสาธารณชนและช่องทางการแสดงความคิดเห็นและร้องเรียน",
    8: "การปรับปรุงพัฒนาการปฏิบัติงานและการนำเทคโนโลยีมาใช้ให้บริการสะดวกรวดเร็ว",
    9: "การเผยแพร่ข้อมูลพื้นฐาน การบริหารงาน งบประมาณ และการจัดซื้อจัดจ้างบนเว็บไซต์หลัก",
    10: "การเผยแพร่เจตจำนงสุจริต การประเมินความเสี่ยงการทุจริต และมาตรการภายใน",
}

MEASURES = (  # seed 002, section 3.1: (indicator, measure, steps, owner, monitoring, items)
    (
        6,
        "ปรับปรุงมาตรฐานการให้บริการและประกาศนโยบายไม่รับของขวัญ (No Gift Policy)",
        (
            "ทุกส่วนราชการทบทวนและลดขั้นตอนการปฏิบัติงาน ปรับปรุงมาตรฐานการให้บริการให้เป็นปัจจุบัน",
            "ผู้บริหารประกาศนโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ แจ้งบุคลากรทุกคนถือปฏิบัติ",
        ),
        "ทุกส่วนราชการ / กองการเจ้าหน้าที่",
        "รายงานในการประชุมหัวหน้าส่วนราชการทุกเดือน",
        "E1, E2, E3",
    ),
    (
        2,
        "เปิดเผยแผนและรายงานการใช้จ่ายงบประมาณประจำปี",
        (
            "จัดทำแผนการใช้จ่ายงบประมาณประจำปีและเผยแพร่บนเว็บไซต์หลัก",
            "รายงานผลการใช้จ่ายงบประมาณรอบ 6 เดือนและรอบ 12 เดือน",
            "รายงานผลการจัดซื้อจัดจ้างประจำเดือน พร้อมปัญหาและอุปสรรค",
        ),
        "กองคลัง / กองพัสดุและทรัพย์สิน",
        "ผู้อำนวยการกองรายงานนายกฯ รอบ 6 และ 12 เดือน",
        "I7, I8, O20",
    ),
    (
        3,
        "ชี้แจงเกณฑ์การมอบหมายงานและการประเมินผลการปฏิบัติงาน",
        (
            "ผู้อำนวยการกองชี้แจงเกณฑ์การประเมินผลและการคัดเลือกบุคลากรเข้ารับการอบรมให้ทราบทั่วกัน",
            "เปิดรับฟังความคิดเห็นของบุคลากรเพื่อปรับปรุงการปฏิบัติงาน",
        ),
        "ผู้อำนวยการกองทุกกอง",
        "รายงานในการประชุมผู้บริหารทุกเดือน",
        "I13, I14, I15",
    ),
    (
        4,
        "แนวทางการใช้ทรัพย์สินของทางราชการ",
        (
            "ทบทวนแนวทางการใช้ทรัพย์สินของราชการและแจ้งทุกส่วนราชการถือปฏิบัติ",
            "เผยแพร่ขั้นตอนการขออนุญาตยืมทรัพย์สินของราชการ",
        ),
        "สำนักปลัดองค์การบริหารส่วนจังหวัด",
        "รายงานในการประชุมหัวหน้าส่วนราชการทุกเดือน",
        "I18, I19, I20",
    ),
    (
        7,
        "เผยแพร่ข้อมูลและช่องทางร้องเรียนการทุจริตบนเว็บไซต์หลัก",
        (
            "หัวหน้าส่วนราชการกำกับให้เผยแพร่ข้อมูลที่ประชาชนควรรู้บนเว็บไซต์หลักและเพจของหน่วยงาน",
            "แจ้งช่องทางติดต่อและร้องเรียนการทุจริต มอบหมายผู้ดูแลระบบร้องเรียน",
        ),
        "ทุกส่วนราชการ / กองยุทธศาสตร์และงบประมาณ",
        "หัวหน้าส่วนราชการรายงานนายกฯ รอบ 6 และ 12 เดือน",
        "E9, E10, E11, O8",
    ),
    (
        5,
        "ประกาศเจตจำนงต่อต้านการทุจริตและแผนปฏิบัติการป้องกันการทุจริต",
        (
            "ผู้บริหารประกาศเจตจำนงต่อต้านการทุจริตคอร์รัปชัน",
            "จัดทำแผนปฏิบัติการป้องกันการทุจริตและรายงานผลรอบ 6 เดือนและรอบ 12 เดือน",
            "หน่วยตรวจสอบภายในกำกับให้นำข้อเสนอแนะมาปรับปรุงการปฏิบัติงาน",
        ),
        "กองการเจ้าหน้าที่ / หน่วยตรวจสอบภายใน",
        "รายงานนายกฯ รอบ 6 และ 12 เดือน",
        "I25, I27, I30",
    ),
    (
        8,
        "ลดขั้นตอนการทำงานด้วยเทคโนโลยี",
        (
            "ใช้ระบบส่งงานออนไลน์และการประชุมทางไกลผ่านจอภาพ",
            "พัฒนาบริการออนไลน์ (E-Service) บนเว็บไซต์หลักของหน่วยงาน",
        ),
        "ทุกส่วนราชการ",
        "หัวหน้าส่วนราชการรายงานนายกฯ ทุกไตรมาส",
        "E12, E14, E15",
    ),
    (
        10,
        "ประเมินความเสี่ยงการทุจริตและวิเคราะห์ผลการประเมิน ITA",
        (
            "ประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ พร้อมมาตรการบริหารจัดการความเสี่ยง",
            "นำผลการประเมิน ITA ปี 2565 มาวิเคราะห์จุดอ่อน จุดแข็ง และเผยแพร่บนเว็บไซต์",
        ),
        "ฝ่ายวินัยและส่งเสริมคุณธรรม กองการเจ้าหน้าที่",
        "รายงานนายกฯ รอบ 6 และ 12 เดือน",
        "O36, O37, O42, O43",
    ),
)

IIT_COMMENTS = (
    "ฝึกอบรมให้ความรู้ด้านกฎหมายประจำปี",
    "ต้องการให้ผู้บริหารมีความเป็นธรรมในการสอบวินัย ให้ตัดสินจากหลักฐานและข้อเท็จจริง",
    "ตั้งใจทำงาน มีความซื่อสัตย์",
    "ปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต ขยัน และอดทน",
    "ความปรองดองสามัคคีกันในหน่วยงาน",
)
EIT_COMMENTS = (
    "อยากให้เพิ่มการประชาสัมพันธ์ และมีหนังสือเชิญเข้าร่วมรับฟังว่ามีเรื่องใดบ้างที่ขอสนับสนุนได้",
    "เพิ่มการประชาสัมพันธ์ รวมถึงทางวิทยุด้วย",
    "อยากให้อัพเดทข้อมูลงบประมาณอุดหนุนโรงเรียน",
    "เพิ่มช่องทางการติดต่อสื่อสารแจ้งข้อมูล",
)
RECOMMENDATIONS = (
    (
        "I25",
        "หน่วยงานควรจัดให้มีกิจกรรมที่ผู้บริหารและบุคลากรมีส่วนร่วมในการส่งเสริมคุณธรรม"
        "และความโปร่งใส พร้อมประชาสัมพันธ์ผ่านช่องทางต่าง ๆ",
    ),
    ("I27", "หน่วยงานควรประชาสัมพันธ์ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและความคืบหน้า"),
    ("E12", "หน่วยงานควรนำเสนอผลงานที่แสดงการปรับปรุงขั้นตอนการดำเนินงานเทียบกับปีก่อนหน้า"),
    (
        "O36",
        "หน่วยงานควรแสดงผลการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ "
        "พร้อมมาตรการบริหารจัดการความเสี่ยง ดำเนินการในปี พ.ศ. 2565",
    ),
)


@dataclass(frozen=True)
class SampleResult:
    """The plain data an O42 report is written from."""

    agency_name: str
    fiscal_year: int
    scores: dict[int, Decimal]
    previous_total: Decimal
    previous_level: str = "A"
    website: str = "https://www.mukdahanpao.go.th"


def _mean(values) -> Decimal:
    values = list(values)
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def tool_scores(scores: dict[int, Decimal]) -> dict[str, Decimal]:
    return {
        tool: _mean(v for n, v in scores.items() if INDICATORS[n][1] == tool)
        for tool in ("IIT", "EIT", "OIT")
    }


def total_score(scores: dict[int, Decimal]) -> Decimal:
    tools = tool_scores(scores)
    raw = tools["IIT"] * Decimal("0.3") + tools["EIT"] * Decimal("0.3") + tools["OIT"] * 4 / 10
    return raw.quantize(Decimal("0.01"))


def level_of(total: Decimal) -> str:
    for floor, level in ((95, "AA"), (85, "A"), (75, "B"), (65, "C"), (55, "D"), (50, "E")):
        if total >= floor:
            return level
    return "F"


def mukdahan_2565() -> SampleResult:
    return SampleResult(
        agency_name="องค์การบริหารส่วนจังหวัดมุกดาหาร",
        fiscal_year=2565,
        scores=dict(SEED_002_SCORES),
        previous_total=Decimal("87.64"),
    )


def _label(n: int) -> str:
    return f"ตัวชี้วัดที่ {n} {INDICATORS[n][0]}"


def _charts(r: SampleResult) -> tuple[Chart, ...]:
    tools = tool_scores(r.scores)
    total = total_score(r.scores)
    numbers = sorted(r.scores)
    weakest = sorted(numbers, key=lambda n: r.scores[n])
    return (
        Chart(
            "bar",
            f"ผลการประเมินภาพรวมและรายเครื่องมือ ปี {r.fiscal_year}",
            ("ภาพรวม", "IIT", "EIT", "OIT"),
            (Series("คะแนน", (total, tools["IIT"], tools["EIT"], tools["OIT"])),),
            reference=85,
        ),
        Chart(
            "hbar",
            f"คะแนนรายตัวชี้วัด ปี {r.fiscal_year}",
            tuple(_label(n) for n in numbers),
            (Series("คะแนน", tuple(r.scores[n] for n in numbers)),),
            reference=85,
            height_cm=10,
        ),
        Chart(
            "line",
            "ผลการประเมินภาพรวมย้อนหลัง",
            (str(r.fiscal_year - 1), str(r.fiscal_year)),
            (Series("คะแนนรวม", (r.previous_total, total)),),
            height_cm=7,
        ),
        Chart(
            "bar",
            "ตัวชี้วัดเรียงจากคะแนนต่ำสุด",
            tuple(str(n) for n in weakest),
            (Series("คะแนน", tuple(r.scores[n] for n in weakest)),),
            reference=85,
            y_label="คะแนน (เลขตัวชี้วัดบนแกนนอน)",
            height_cm=7,
        ),
    )


def _indicator_table(r: SampleResult) -> Table:
    rows = []
    for tool in ("IIT", "EIT", "OIT"):
        rows.append((Cell((Run(TOOLS[tool], bold=True),), colspan=4, shaded=True, align="left"),))
        for n in sorted(r.scores):
            if INDICATORS[n][1] != tool:
                continue
            score = r.scores[n]
            verdict = "จุดแข็ง" if score >= 85 else "ต้องพัฒนา"
            rows.append((str(n), INDICATORS[n][0], f"{score:.2f}", verdict))
    return Table(
        columns=(
            Column("ตัวชี้วัดที่", 0.7, "center"),
            Column("ตัวชี้วัด", 3),
            Column("คะแนน", 1, "right"),
            Column("ผล", 1, "center"),
        ),
        rows=tuple(rows),
        caption="ตารางที่ 1 คะแนนรายตัวชี้วัด",
    )


def _measure_table(r: SampleResult) -> Table:
    rows = []
    for i, (n, measure, steps, owner, monitor, items) in enumerate(MEASURES, start=1):
        rows.append(
            (
                f"{i}. {measure}",
                tuple(f"{k}) {s}" for k, s in enumerate(steps, start=1)),
                owner,
                f"ต.ค. {r.fiscal_year - 2500} – ก.ย. {r.fiscal_year + 1 - 2500}",
                monitor,
                Cell((Run(f"ตัวชี้วัดที่ {n} ข้อ "), Run(items, verbatim=True))),
            )
        )
    return Table(
        columns=(
            Column("มาตรการ", 2.2),
            Column("ขั้นตอน/วิธีการปฏิบัติ", 3.4),
            Column("ผู้รับผิดชอบ", 1.5),
            Column("ระยะเวลา", 1.1, "center"),
            Column("การกำกับติดตามและรายงานผล", 1.7),
            Column("ตัวชี้วัด/ข้อ", 1.2),
        ),
        rows=tuple(rows),
        caption=f"ตารางที่ 2 มาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. {r.fiscal_year + 1}",
        font_size=14,
    )


def o42_report(r: SampleResult | None = None, options: Options | None = None) -> Document:
    """O42 analysis report in the shape of seed 002 (about 8–10 A4 pages)."""
    r = r or mukdahan_2565()
    tools = tool_scores(r.scores)
    total = total_score(r.scores)
    level = level_of(total)
    change = total - r.previous_total
    strong = [n for n in sorted(r.scores) if r.scores[n] >= 85]
    weak = sorted((n for n in r.scores if r.scores[n] < 85), key=lambda n: r.scores[n])
    y, a = r.fiscal_year, r.agency_name
    charts = _charts(r)
    blocks: list = [
        Heading("ความเป็นมา", number="1."),
        Paragraph(
            "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and "
            "Transparency Assessment: ITA) ดำเนินการโดยสำนักงานคณะกรรมการป้องกันและปราบปราม"
            "การทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) เป็นเครื่องมือเชิงบวกที่มุ่งพัฒนาระบบราชการไทย"
            "ในเชิงสร้างสรรค์มากกว่ามุ่งจับผิด เปรียบเสมือนเครื่องมือตรวจสุขภาพองค์กรประจำปี "
            "ผลการประเมินช่วยให้หน่วยงานภาครัฐนำไปปรับปรุงการปฏิบัติงานและการให้บริการ"
            "ให้มีประสิทธิภาพ และตอบสนองต่อประชาชนได้ดียิ่งขึ้น"
        ),
        Paragraph(
            (
                f"{a} ได้นำผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y} มาวิเคราะห์ประเด็นที่เป็น"
                "ข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน ประเด็นที่จะต้องพัฒนาให้ดีขึ้น และกำหนด"
                "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ ตามแบบวัดการเปิดเผยข้อมูลสาธารณะ ข้อ ",
                Run("O42", verbatim=True),
                " และข้อ ",
                Run("O43", verbatim=True),
                f" ของคู่มือการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y + 1} เผยแพร่ที่ ",
                Run(r.website, verbatim=True),
            )
        ),
        Heading(f"ผลการประเมินคุณธรรมและความโปร่งใสของ{a} ปีงบประมาณ พ.ศ. {y}", number="2."),
        Paragraph(
            f"{a} ได้คะแนนภาพรวม {total:.2f} คะแนน ผลการประเมินอยู่ในระดับ {level} "
            "ซึ่งเก็บข้อมูลจาก 3 ส่วน รวม 10 ตัวชี้วัด ดังนี้"
        ),
    ]
    for part, tool in enumerate(("IIT", "EIT", "OIT"), start=1):
        numbers = [n for n in sorted(r.scores) if INDICATORS[n][1] == tool]
        blocks += [
            Paragraph(
                (
                    Run(f"ส่วนที่ {part} ", bold=True),
                    TOOLS[tool],
                    f" ได้คะแนนเฉลี่ย {tools[tool]:.2f} คะแนน",
                )
            ),
            BulletList(
                tuple(f"{INDICATORS[n][0]} ได้คะแนน {r.scores[n]:.2f} คะแนน" for n in numbers)
            ),
        ]
    blocks += [_indicator_table(r), charts[0], charts[1]]
    blocks += [
        Heading("ข้อเสนอแนะและความคิดเห็นจากการประเมิน", number="2.1", level=2),
        Paragraph("ข้อเสนอแนะและข้อคิดเห็นจากผู้มีส่วนได้ส่วนเสียภายใน (แบบวัด IIT)", indent=False),
        NumberedList(IIT_COMMENTS),
        Paragraph("ข้อเสนอแนะและข้อคิดเห็นจากผู้มีส่วนได้ส่วนเสียภายนอก (แบบวัด EIT)", indent=False),
        NumberedList(EIT_COMMENTS),
        Paragraph("ข้อเสนอแนะจากผู้ตรวจประเมิน (สำนักงาน ป.ป.ช.)", indent=False),
        BulletList(
            tuple(
                (Run(code, bold=True, verbatim=True), f" {text}") for code, text in RECOMMENDATIONS
            )
        ),
        Heading(f"การวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y} ของ{a}", number="3."),
        Paragraph(
            f"ผลคะแนนภาพรวม{'ลดลง' if change < 0 else 'เพิ่มขึ้น'}จากปีงบประมาณ {y - 1} ซึ่งได้ "
            f"{r.previous_total:.2f} คะแนน ระดับ {r.previous_level} เป็น {total:.2f} คะแนน "
            f"ระดับ {level} {'ลดลง' if change < 0 else 'เพิ่มขึ้น'} {abs(change):.2f} คะแนน"
        ),
        charts[2],
        Heading("ตัวชี้วัดที่เป็นจุดแข็ง (ได้คะแนนตั้งแต่ 85 คะแนนขึ้นไป)", number="3.1", level=2),
    ]
    blocks += _indicator_paragraphs(r, strong)
    blocks += [
        Heading("จุดที่ต้องพัฒนา (ตัวชี้วัดที่ได้คะแนนต่ำกว่า 85 คะแนน เรียงจากคะแนนต่ำสุด)", number="3.2", level=2),
        charts[3],
    ]
    blocks += _indicator_paragraphs(r, weak)
    blocks += [
        Heading("ประเด็นที่ต้องแก้ไขโดยเร่งด่วน", number="3.3", level=2),
        Paragraph(
            (
                f"ตัวชี้วัดที่ {weak[0]} {INDICATORS[weak[0]][0]} ได้คะแนนต่ำที่สุด "
                f"{r.scores[weak[0]]:.2f} คะแนน ซึ่งต่ำกว่า 50 คะแนน ต้องแก้ไขโดยเร่งด่วน "
                "โดยเฉพาะข้อ ",
                Run("O36", verbatim=True),
                " การประเมินความเสี่ยงการทุจริต",
            )
        )
        if r.scores[weak[0]] < 50
        else Paragraph("ไม่มีตัวชี้วัดที่ได้คะแนนต่ำกว่า 50 คะแนน"),
        PageBreak(),
        Heading(f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. {y + 1}", number="4."),
        Paragraph(
            f"จากผลการวิเคราะห์ข้างต้น {a} กำหนดมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรมและ"
            f"ความโปร่งใสสำหรับตัวชี้วัดที่ได้คะแนนต่ำกว่า 85 คะแนน จำนวน {len(weak)} ตัวชี้วัด "
            "โดยกำหนดผู้รับผิดชอบ ขั้นตอนการปฏิบัติ และการกำกับติดตามและรายงานผล ดังนี้"
        ),
        _measure_table(r),
        Paragraph(
            (
                "ให้ส่วนราชการที่รับผิดชอบรายงานความก้าวหน้าการดำเนินการตามมาตรการต่อผู้บริหาร "
                "รอบ 6 เดือนและรอบ 12 เดือน เพื่อเผยแพร่บนเว็บไซต์หลักของหน่วยงานตามข้อ ",
                Run("O43", verbatim=True),
            )
        ),
    ]
    blocks += _measure_details(r)
    blocks += [
        Spacer(),
        Signature("นายสมชาย ใจดี", ("นายกองค์การบริหารส่วนจังหวัดมุกดาหาร",)),
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
        blocks=tuple(blocks),
        options=options or Options(),
    )


def _measure_details(r: SampleResult) -> list:
    """Section 4.x of seed 002: per weak indicator, the analysis, the measure, who, how followed."""
    out: list = []
    for i, (n, measure, steps, owner, monitor, _items) in enumerate(MEASURES, start=1):
        out += [
            Heading(f"ตัวชี้วัดที่ {n} {INDICATORS[n][0]}", number=f"4.{i}", level=2),
            Paragraph(
                (
                    Run("ผลการวิเคราะห์ ", bold=True),
                    f"ได้คะแนน {r.scores[n]:.2f} คะแนน เป็นคะแนนจากการประเมิน{WHAT_IT_MEASURES[n]} "
                    f"หน่วยงานจึงกำหนดมาตรการ{measure} ",
                    IMPROVE,
                )
            ),
            Paragraph((Run("มาตรการ/แนวทางการดำเนินการ", bold=True),), keep_with_next=True),
            NumberedList(steps),
            Paragraph((Run("ผู้รับผิดชอบ ", bold=True), owner)),
            Paragraph((Run("การติดตามรายงานผล ", bold=True), monitor)),
        ]
    return out


KEEP_UP = "มีการดำเนินงานที่เป็นไปตามหลักความโปร่งใสและควรรักษาระดับไว้"
IMPROVE = (
    "ยังต้องปรับปรุงการดำเนินงานในประเด็นนี้ ทั้งการกำหนดแนวทางปฏิบัติที่ชัดเจน "
    "การสื่อสารให้บุคลากรและผู้รับบริการรับทราบ และการติดตามผลอย่างต่อเนื่อง"
)


def _indicator_paragraphs(r: SampleResult, numbers: list[int]) -> list:
    out = []
    for k, n in enumerate(numbers, start=1):
        out.append(
            Paragraph(
                (
                    Run(f"{k}) ตัวชี้วัดที่ {n} {INDICATORS[n][0]}", bold=True),
                    f" โดยรวมได้คะแนนร้อยละ {r.scores[n]:.2f} เป็นคะแนนจากการประเมิน"
                    f"{WHAT_IT_MEASURES[n]} ซึ่งสะท้อนให้เห็นว่าหน่วยงาน",
                    KEEP_UP if r.scores[n] >= 85 else IMPROVE,
                )
            ),
        )
    return out


def approval_memo(
    agency_name: str = "องค์การบริหารส่วนตำบลแม่ฮ่อม",
    fiscal_year: int = 2565,
    options: Options | None = None,
) -> Document:
    """Approval memo (บันทึกข้อความ) in the shape of seed 003."""
    a, y = agency_name, fiscal_year
    return Document(
        kind=Kind.MEMO,
        agency_name=a,
        fiscal_year=y,
        options=options or Options(),
        blocks=(
            MemoHeader(
                department=f"สำนักงานปลัด {a}",
                reference="มส 74701.5/",
                date=dt.date(2022, 1, 10),
                subject=f"ขออนุมัติใช้มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {y}",
                to=f"นายก{a}",
            ),
            Heading("เรื่องเดิม"),
            Paragraph(
                f"ตามที่ {a} ได้รับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                f"(ITA) ประจำปี {y} ซึ่งแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ข้อ O42 กำหนดให้"
                f"วิเคราะห์ผลการประเมินในปี {y} และกำหนดมาตรการเพื่อขับเคลื่อนการส่งเสริมคุณธรรม"
                "และความโปร่งใสในหน่วยงานให้ดีขึ้น"
            ),
            Heading("ข้อเท็จจริง"),
            Paragraph(
                f"งานวิเคราะห์นโยบายและแผน สำนักปลัด{a} ได้วิเคราะห์ผลการประเมินและกำหนดมาตรการ"
                "ส่งเสริมคุณธรรมและความโปร่งใส จำนวน 4 มาตรการ เรียบร้อยแล้ว รายละเอียดตามเอกสารแนบท้ายนี้"
            ),
            Heading("ข้อเสนอแนะ"),
            NumberedList(
                (
                    f"เห็นควรอนุมัติใช้มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {y} ของ{a}",
                    "เมื่ออนุมัติแล้ว เห็นควรแจ้งหัวหน้าส่วนราชการทุกสำนัก/กองทราบ และเผยแพร่มาตรการ"
                    "บนเว็บไซต์ของหน่วยงาน",
                ),
                style="{n}.",
                level=0,
            ),
            Paragraph("จึงเรียนมาเพื่อโปรดทราบและพิจารณา"),
            Spacer(),
            Signature("นายคณิศร ไพรเสรี", "นักทรัพยากรบุคคลชำนาญการ"),
            OpinionChain(
                (
                    Opinion(
                        "ความคิดเห็นของหัวหน้าสำนักปลัด",
                        Signature("ว่าที่ร้อยตรีหญิงฉาญาณี โกสุม", "หัวหน้าสำนักปลัด", date_line=True),
                    ),
                    Opinion(
                        f"ความเห็นของปลัด{a}",
                        Signature(
                            "นายทรงกลด อุ่นหนูช",
                            ("ผู้อำนวยการกองช่าง รักษาราชการแทน", f"ปลัด{a}"),
                            date_line=True,
                        ),
                    ),
                    Opinion(
                        f"คำสั่งของนายก{a}",
                        Signature("นายธรา ชมสมองเลิศ", f"นายก{a}", date_line=True),
                        choices=("อนุมัติ", "ไม่อนุมัติ"),
                    ),
                )
            ),
        ),
    )


PROGRESS = (  # seed 003/004 shape: measure, what was done, period, output, outcome
    (
        "มาตรการตรวจสอบการใช้ดุลพินิจ",
        ("จัดทำมาตรการตรวจสอบการใช้ดุลพินิจ", "เผยแพร่บนเว็บไซต์หลักของหน่วยงาน"),
        "เมษายน 2565",
        "มาตรการตรวจสอบการใช้ดุลพินิจ 1 ฉบับ",
        "การใช้ดุลพินิจของผู้บังคับบัญชาเป็นไปตามกฎหมาย ระเบียบ และคู่มือการปฏิบัติงาน",
        "ดำเนินการแล้ว",
    ),
    (
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        ("จัดทำมาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "เผยแพร่ข้อมูลที่ถูกต้อง รวดเร็ว ทันต่อสถานการณ์"),
        "เมษายน 2565",
        "ข่าวประชาสัมพันธ์ 48 เรื่อง",
        "ประชาชนเข้าถึงข้อมูลของหน่วยงานได้สะดวก",
        "อยู่ระหว่างดำเนินการ",
    ),
    (
        "ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริต",
        ("ผู้บริหารประกาศเจตจำนงเมื่อวันที่ 1 มิถุนายน 2565",),
        "มิถุนายน 2565 เป็นต้นไป",
        "ประกาศเจตจำนง 1 ฉบับ",
        "บุคลากรรับทราบและถือปฏิบัติ",
        "ดำเนินการแล้ว",
    ),
    (
        "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
        ("จัดทำแผนการจัดซื้อจัดจ้างประจำปีงบประมาณ 2565", "ประกาศเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"),
        "เมษายน 2565",
        "แผนการจัดซื้อจัดจ้าง 1 ฉบับ รายงานประจำเดือน 6 ฉบับ",
        "การจัดซื้อจัดจ้างตรวจสอบได้",
        "ดำเนินการแล้ว",
    ),
)


def o43_report(
    agency_name: str = "องค์การบริหารส่วนตำบลแม่อุคอ",
    fiscal_year: int = 2565,
    round_months: int = 6,
    repeat: int = 4,
    options: Options | None = None,
) -> Document:
    """O43 progress report (seeds 001/003/004): a landscape table of measures and results,
    long enough (`repeat` copies of the seed's measures) to run over several pages."""
    a, y = agency_name, fiscal_year
    rows = []
    for i in range(repeat):
        for k, (measure, steps, period, output, outcome, status) in enumerate(PROGRESS, start=1):
            rows.append(
                (f"{i * len(PROGRESS) + k}. {measure}", steps, period, output, outcome, status)
            )
    table = Table(
        columns=(
            Column("มาตรการ", 2.2),
            Column("รายละเอียดการดำเนินงาน", 3),
            Column("ระยะเวลาการดำเนินงาน", 1.4, "center"),
            Column("ผลผลิต", 2, group="ผลการดำเนินการ"),
            Column("ผลลัพธ์", 2.4, group="ผลการดำเนินการ"),
            Column("สถานะ", 1.2, "center"),
        ),
        rows=tuple(rows),
    )
    return Document(
        kind=Kind.O43,
        agency_name=a,
        fiscal_year=y,
        title_lines=(
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            f"{a} ประจำปีงบประมาณ พ.ศ. {y} (รอบ {round_months} เดือน)",
        ),
        options=options or Options(orientation="landscape"),
        blocks=(
            Paragraph(
                f"ตามที่ {a} ได้วิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y - 1} และกำหนด"
                f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสในปีงบประมาณ พ.ศ. {y} บัดนี้ได้ดำเนินการตาม"
                f"มาตรการแล้ว รายละเอียดดังนี้ (ข้อมูล ณ วันที่ 31 มีนาคม {y})"
            ),
            table,
            Heading("ปัญหา/อุปสรรค", level=2),
            Paragraph("-ไม่มี-", indent=False),
            Heading("ข้อเสนอแนะ", level=2),
            Paragraph("-ไม่มี-", indent=False),
            Spacer(),
            Signature("", ("ผู้รายงาน",)),
        ),
    )


def province_summary(province: str = "แม่ฮ่องสอน", fiscal_year: int = 2566) -> Document:
    """The structure of a province summary (next issue fills it from the database)."""
    rows = (
        ("1", "องค์การบริหารส่วนจังหวัดแม่ฮ่องสอน", "88.10", "A"),
        ("2", "เทศบาลเมืองแม่ฮ่องสอน", "89.55", "A"),
    )
    return Document(
        kind=Kind.PROVINCE,
        agency_name=f"จังหวัด{province}",
        fiscal_year=fiscal_year,
        title_lines=(
            f"สรุปผลการประเมิน ITA ของหน่วยงานในจังหวัด{province}",
            f"ประจำปีงบประมาณ พ.ศ. {fiscal_year}",
        ),
        blocks=(
            Heading("ผลการประเมินรายหน่วยงาน", number="1."),
            Table(
                (
                    Column("ลำดับ", 0.6, "center"),
                    Column("หน่วยงาน", 4),
                    Column("คะแนน", 1, "right"),
                    Column("ระดับ", 0.8, "center"),
                ),
                rows,
            ),
        ),
    )


def sample_for(agency_name: str, fiscal_year: int, kind: str = "o42", seed: int = 0) -> Document:
    """A sample document of any kind for an agency (tests and the benchmark's batch of 85);
    `seed` shifts the scores a little so every agency's charts differ, as real data would."""
    if kind == Kind.MEMO:
        return approval_memo(agency_name, fiscal_year)
    if kind == Kind.O43:
        return o43_report(agency_name, fiscal_year, repeat=2)
    if kind == Kind.PROVINCE:
        return province_summary(agency_name, fiscal_year)
    shift = Decimal(seed % 97) / 10  # distinct per agency: no chart is drawn from a cache
    scores = {n: min(Decimal(100), s + shift) for n, s in SEED_002_SCORES.items()}
    return o42_report(SampleResult(agency_name, fiscal_year, scores, Decimal("87.64")))
