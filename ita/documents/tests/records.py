"""Documents for the renderer tests and the benchmark, made by the real builders from plan
records that need no database: seed 002 (อบจ.มุกดาหาร FY 2565, as published) in the shape the
improvement app freezes an approved plan (improvement.record.PlanRecord). What these tests
render is therefore exactly what an agency gets; there is no second hand-written copy of the
three documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ita.documents.builders import ReportFacts, memo_document, o42_document, o43_document
from ita.documents.content import Document, Kind, Options
from ita.frameworks.loader import spec_for_year
from ita.frameworks.scoring import score
from ita.improvement.cycle import items_of
from ita.improvement.record import (
    FindingFacts,
    IndicatorInfo,
    MeasureRecord,
    OpinionFacts,
    PlanRecord,
    ResultFacts,
)

MUKDAHAN = "องค์การบริหารส่วนจังหวัดมุกดาหาร"
SEED_002 = "86.07 76.72 76.57 75.54 72.00 79.63 73.30 70.22 90.00 37.50"  # total 71.03, C
YEARS = {  # the agency's earlier results (seed 002 quotes 2564's 87.64)
    2562: "81.35 74.20 72.85 76.40 68.92 77.15 70.64 68.30 50.00 25.00",
    2563: "84.20 82.65 83.10 85.40 79.35 78.12 71.45 70.36 72.22 56.25",
    2564: "92.15 88.47 87.92 89.35 86.18 85.64 82.37 80.91 93.33 87.19",
}

MEASURES = (  # seed 002, section 3.1: (indicator, title, steps, divisions, monitoring, items)
    (6, "ปรับปรุงมาตรฐานการให้บริการและประกาศนโยบายไม่รับของขวัญ (No Gift Policy)",
     "๑. ทุกส่วนราชการทบทวนและลดขั้นตอนการปฏิบัติงาน ปรับปรุงมาตรฐานการให้บริการให้เป็นปัจจุบัน\n"
     "๒. ผู้บริหารประกาศนโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่",
     ("ทุกส่วนราชการ", "กองการเจ้าหน้าที่"), "รายงานในการประชุมหัวหน้าส่วนราชการทุกเดือน",
     ("E1", "E2", "E3")),
    (2, "เปิดเผยแผนและรายงานการใช้จ่ายงบประมาณประจำปี",
     "๑. จัดทำแผนการใช้จ่ายงบประมาณประจำปีและเผยแพร่บนเว็บไซต์หลัก\n"
     "๒. รายงานผลการใช้จ่ายงบประมาณรอบ 6 เดือนและรอบ 12 เดือน\n"
     "๓. รายงานผลการจัดซื้อจัดจ้างประจำเดือน พร้อมปัญหาและอุปสรรค",
     ("กองคลัง", "กองพัสดุและทรัพย์สิน"), "ผู้อำนวยการกองรายงานนายกฯ รอบ 6 และ 12 เดือน",
     ("I7", "I8", "O20")),
    (3, "ชี้แจงเกณฑ์การมอบหมายงานและการประเมินผลการปฏิบัติงาน",
     "๑. ผู้อำนวยการกองชี้แจงเกณฑ์การประเมินผลและการคัดเลือกบุคลากรเข้ารับการอบรมให้ทราบทั่วกัน\n"
     "๒. เปิดรับฟังความคิดเห็นของบุคลากรเพื่อปรับปรุงการปฏิบัติงาน",
     ("ผู้อำนวยการกองทุกกอง",), "รายงานในการประชุมผู้บริหารทุกเดือน", ("I13", "I14", "I15")),
    (4, "แนวทางการใช้ทรัพย์สินของทางราชการ",
     "๑. ทบทวนแนวทางการใช้ทรัพย์สินของราชการและแจ้งทุกส่วนราชการถือปฏิบัติ\n"
     "๒. เผยแพร่ขั้นตอนการขออนุญาตยืมทรัพย์สินของราชการ",
     ("สำนักปลัดองค์การบริหารส่วนจังหวัด",), "รายงานในการประชุมหัวหน้าส่วนราชการทุกเดือน",
     ("I18", "I19", "I20")),
    (7, "เผยแพร่ข้อมูลและช่องทางร้องเรียนการทุจริตบนเว็บไซต์หลัก",
     "๑. หัวหน้าส่วนราชการกำกับให้เผยแพร่ข้อมูลที่ประชาชนควรรู้บนเว็บไซต์หลักและเพจของหน่วยงาน\n"
     "๒. แจ้งช่องทางติดต่อและร้องเรียนการทุจริต มอบหมายผู้ดูแลระบบร้องเรียน",
     ("ทุกส่วนราชการ", "กองยุทธศาสตร์และงบประมาณ"), "หัวหน้าส่วนราชการรายงานนายกฯ รอบ 6 และ 12 เดือน",
     ("E9", "E10", "E11", "O8")),
    (5, "ประกาศเจตจำนงต่อต้านการทุจริตและแผนปฏิบัติการป้องกันการทุจริต",
     "๑. ผู้บริหารประกาศเจตจำนงต่อต้านการทุจริตคอร์รัปชัน\n"
     "๒. จัดทำแผนปฏิบัติการป้องกันการทุจริตและรายงานผลรอบ 6 เดือนและรอบ 12 เดือน\n"
     "๓. หน่วยตรวจสอบภายในกำกับให้นำข้อเสนอแนะมาปรับปรุงการปฏิบัติงาน",
     ("กองการเจ้าหน้าที่", "หน่วยตรวจสอบภายใน"), "รายงานนายกฯ รอบ 6 และ 12 เดือน",
     ("I25", "I27", "I30")),
    (8, "ลดขั้นตอนการทำงานด้วยเทคโนโลยี",
     "๑. ใช้ระบบส่งงานออนไลน์และการประชุมทางไกลผ่านจอภาพ\n"
     "๒. พัฒนาบริการออนไลน์ (E-Service) บนเว็บไซต์หลักของหน่วยงาน",
     ("ทุกส่วนราชการ",), "หัวหน้าส่วนราชการรายงานนายกฯ ทุกไตรมาส", ("E12", "E14", "E15")),
    (10, "ประเมินความเสี่ยงการทุจริตและวิเคราะห์ผลการประเมิน ITA",
     "๑. ประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ พร้อมมาตรการบริหารจัดการความเสี่ยง\n"
     "๒. นำผลการประเมิน ITA ปี 2565 มาวิเคราะห์จุดอ่อน จุดแข็ง และเผยแพร่บนเว็บไซต์",
     ("ฝ่ายวินัยและส่งเสริมคุณธรรม กองการเจ้าหน้าที่",), "รายงานนายกฯ รอบ 6 และ 12 เดือน",
     ("O36", "O37", "O42", "O43")),
)  # fmt: skip

COMMENTS = (
    ("IIT", "ฝึกอบรมให้ความรู้ด้านกฎหมายประจำปี"),
    ("IIT", "ต้องการให้ผู้บริหารมีความเป็นธรรมในการสอบวินัย ให้ตัดสินจากหลักฐานและข้อเท็จจริง"),
    ("IIT", "ปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต ขยัน และอดทน"),
    ("EIT", "อยากให้เพิ่มการประชาสัมพันธ์ และมีหนังสือเชิญเข้าร่วมรับฟังว่ามีเรื่องใดบ้างที่ขอสนับสนุนได้"),
    ("EIT", "เพิ่มการประชาสัมพันธ์ รวมถึงทางวิทยุด้วย"),
    ("EIT", "เพิ่มช่องทางการติดต่อสื่อสารแจ้งข้อมูล"),
)
RECOMMENDATIONS = (
    ("I25", "หน่วยงานควรจัดให้มีกิจกรรมที่ผู้บริหารและบุคลากรมีส่วนร่วมในการส่งเสริมคุณธรรมและความโปร่งใส"),
    ("I27", "หน่วยงานควรประชาสัมพันธ์ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและความคืบหน้า"),
    ("E12", "หน่วยงานควรนำเสนอผลงานที่แสดงการปรับปรุงขั้นตอนการดำเนินงานเทียบกับปีก่อนหน้า"),
    ("O36", "หน่วยงานควรแสดงผลการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ พร้อมมาตรการบริหารจัดการความเสี่ยง"),
)
PROGRESS = (  # seed 003/004: what was done, output, outcome, status
    ("ทบทวนขั้นตอนการปฏิบัติงานครบทุกกองแล้ว\nประกาศนโยบายไม่รับของขวัญเมื่อ 1 ตุลาคม 2565",
     "ประกาศ 1 ฉบับ คู่มือมาตรฐานการให้บริการ 5 เล่ม", "ผู้รับบริการพึงพอใจร้อยละ 92", "completed"),
    ("เผยแพร่แผนการใช้จ่ายงบประมาณบนเว็บไซต์หลักแล้ว", "แผน 1 ฉบับ รายงานรอบ 6 เดือน 1 ฉบับ",
     "ประชาชนเข้าถึงข้อมูลงบประมาณได้", "in_progress"),
    ("ประชุมชี้แจงเกณฑ์การประเมินผลแล้ว 2 ครั้ง", "บันทึกการประชุม 2 ฉบับ", "", "in_progress"),
    ("", "", "", "not_started"),
)  # fmt: skip
STATUS_LABELS = {
    "completed": "ดำเนินการแล้วเสร็จ",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "not_started": "ยังไม่ได้ดำเนินการ",
}


def _result(year: int, scores: dict[int, Decimal], failed=()) -> ResultFacts:
    result = score(spec_for_year(year), scores)
    return ResultFacts(year, result.total, result.level.label, result.tools,
                       dict(scores), tuple(failed))  # fmt: skip


def _scores(text: str, shift: Decimal = Decimal(0)) -> dict[int, Decimal]:
    return {n: min(Decimal(v) + shift, Decimal(100)) for n, v in enumerate(text.split(), start=1)}


def record(
    agency: str = MUKDAHAN, fiscal_year: int = 2565, shift: Decimal = Decimal(0), repeat: int = 1
) -> PlanRecord:
    """Seed 002's analysed year and the years before it; `shift` moves the scores (distinct
    charts per agency in a batch); `repeat` copies of the measures (a long O43)."""
    spec, running = spec_for_year(fiscal_year), spec_for_year(fiscal_year + 1)
    years = [
        _result(y, _scores(YEARS.get(y, SEED_002), shift))
        for y in range(fiscal_year - 3, fiscal_year)
        if y >= 2562
    ]
    current = _result(fiscal_year, _scores(SEED_002, shift), failed=(("O36", "การประเมินความเสี่ยง"),))
    measures = tuple(
        MeasureRecord(
            id=k * len(MEASURES) + i,
            position=k * len(MEASURES) + i,
            title=title,
            steps=steps,
            divisions=divisions,
            period=f"ตุลาคม {fiscal_year} – กันยายน {fiscal_year + 1}",
            monitoring=monitoring,
            indicators=(indicator,),
            items=items,
            round_months=(6, 12),
        )
        for k in range(repeat)
        for i, (indicator, title, steps, divisions, monitoring, items) in enumerate(MEASURES, 1)
    )
    ce = fiscal_year - 543  # the analysed year is Buddhist era; dates are Python's
    decided = dt.datetime(ce + 1, 1, 10, 10, 0, tzinfo=dt.UTC)  # approved 10 January
    return PlanRecord(
        agency=agency,
        fiscal_year=fiscal_year,
        status="approved",
        indicators=tuple(
            IndicatorInfo(i.number, i.name, i.tool, i.description) for i in spec.indicators
        ),
        item_indicators={i.code: i.indicator for i in spec.items},
        current=current,
        previous=years[-1] if years else None,
        history=tuple((y.fiscal_year, y.total) for y in [*years, current]),
        texts={
            "overview": "หน่วยงานวิเคราะห์ผลแล้วพบว่าตัวชี้วัดที่ 10 การป้องกันการทุจริตได้คะแนนต่ำที่สุด\n"
            "และตัวชี้วัดด้าน EIT ต่ำกว่าเกณฑ์ทุกตัว",
            "improvement_issues": "การสื่อสารกับผู้รับบริการและการเปิดเผยข้อมูลการป้องกันการทุจริต",
            "assessor_statement": "ได้ระดับ C : หน่วยงานมีผลการประเมินอยู่ในระดับที่ควรมีการพัฒนา",
            "memo_unit": "สำนักปลัดองค์การบริหารส่วนจังหวัด ฝ่ายวินัยและส่งเสริมคุณธรรม",
            "memo_number": "มห 51001/123",
            "memo_to": "นายกองค์การบริหารส่วนจังหวัดมุกดาหาร",
            "proposer_name": "นางสาวตัวอย่าง ใจดี",
            "proposer_position": "นักทรัพยากรบุคคลชำนาญการ",
            "approver_name": "นายตัวอย่าง ผู้บริหาร",
            "approver_position": "นายกองค์การบริหารส่วนจังหวัดมุกดาหาร",
        },
        findings=(FindingFacts(10, "ยังไม่ได้เผยแพร่การประเมินความเสี่ยงการทุจริต", "ข้อ O36, O37"),),
        comments=COMMENTS,
        recommendations=RECOMMENDATIONS,
        measures=measures,
        memo_date=dt.date(ce, 12, 15),
        decided_at=decided,
        items=items_of(running, running.name),  # the framework of the year the plan runs in
        chain=((1, "ความเห็นหัวหน้าสำนักปลัด"), (2, "ความเห็นปลัด อบจ."), (3, "คำสั่งนายก อบจ.")),
        opinions=(
            OpinionFacts(
                1, "ความเห็นหัวหน้าสำนักปลัด", "นางตัวอย่าง หัวหน้า", "เห็นควรอนุมัติ", dt.date(ce, 12, 16)
            ),
            OpinionFacts(2, "ความเห็นปลัด อบจ.", "นายตัวอย่าง ปลัด", "เห็นควรอนุมัติ", dt.date(ce, 12, 18)),
        ),
        pass_mark=spec.pass_mark,
        years=(*years, current),
    )


def reports(plan: PlanRecord, round_month: int = 6) -> dict[int, ReportFacts]:
    out = {}
    for m in plan.measures:
        actions, output, outcome, status = PROGRESS[(m.position - 1) % len(PROGRESS)]
        if status == "not_started":
            continue
        out[m.id] = ReportFacts(
            actions=actions, status_label=STATUS_LABELS[status],
            percent=100 if status == "completed" else 50, status=status,
            round_month=round_month, output=output, outcome=outcome,
            problems="งบประมาณจำกัด" if status == "in_progress" else "",
            evidence=("https://www.mukdahanpao.go.th/ita/o43",),
        )  # fmt: skip
    return out


def o42(options: Options | None = None, **kw) -> Document:
    return o42_document(record(**kw), options)


def memo(options: Options | None = None, **kw) -> Document:
    return memo_document(record(**kw), options)


def o43(options: Options | None = None, repeat: int = 2, round_month: int = 6, **kw) -> Document:
    plan = record(repeat=repeat, **kw)
    today = dt.date(plan.implementation_year - 543, 9, 30)
    return o43_document(plan, reports(plan, round_month), round_month, today, options)


def for_agency(agency_name: str, fiscal_year: int, kind: str, seed: int = 0) -> Document:
    """A document of any kind for an agency (the batch tests); `seed` shifts the scores so
    every agency's charts differ, as real data would."""
    shift = Decimal(seed % 97) / 10
    if kind == Kind.MEMO:
        return memo(agency=agency_name, fiscal_year=fiscal_year, shift=shift)
    if kind == Kind.O43:
        return o43(agency=agency_name, fiscal_year=fiscal_year, shift=shift)
    return o42(agency=agency_name, fiscal_year=fiscal_year, shift=shift)
