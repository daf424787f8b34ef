"""Demo OIT workspace of FY 2567 (framework ita-2566): เทศบาลเมืองแม่ฮ่องสอน well under way
(items assigned to its divisions, evidence on its demo website, most items ready, an assessor's
first verdicts with two rejections and one clarification, a corruption-risk register), and
อบต.แม่ฮ่อม barely started, so the province readiness page has something to compare.

Written through disclosure.actions, so every step is checked and audited as if typed. Links
are never checked: the demo websites do not exist and the demo must not reach the internet, so
every link shows "ยังไม่ได้ตรวจ".

Idempotent the simple way: an agency whose checklist of the year exists is skipped whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ita.agencies.models import Agency
from ita.demo.agencies import MHS_MAEHOM, MHS_TOWN
from ita.disclosure import actions
from ita.disclosure.models import (
    Clarification,
    DisclosureYear,
    Evidence,
    FollowUpStatus,
    Review,
    RiskEvent,
    RiskFollowUp,
)
from ita.lib.thai_text import round2

YEAR = 2567  # framework ita-2566 (FY 2566–2567)
WRONG_YEAR = "ต้องเป็นข้อมูลในปีงบประมาณ พ.ศ. 2567"

# --------------------------------------------------------------- เทศบาลเมืองแม่ฮ่องสอน

# Evidence per item: (path on the agency's website, explanation). Items not listed are not
# started yet.
TOWN_EVIDENCE: dict[str, tuple[str, str]] = {
    "O1": ("/about/structure", "แผนผังโครงสร้างส่วนราชการ แสดงทั้งฝ่ายการเมืองและฝ่ายประจำ"),
    "O2": ("/about/executives", "ทำเนียบผู้บริหาร นายกเทศมนตรี รองนายกฯ และหัวหน้าส่วนราชการ"),
    "O3": ("/about/authority", "อำนาจหน้าที่ตามพระราชบัญญัติเทศบาล พ.ศ. 2496"),
    "O4": ("/plan/development-2566-2570", "แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570) ฉบับเพิ่มเติม"),
    "O5": ("/contact", "ที่อยู่ โทรศัพท์ อีเมล และแผนที่ตั้งสำนักงานเทศบาล"),
    "O6": ("/law", "พระราชบัญญัติ ระเบียบ และเทศบัญญัติที่เกี่ยวข้อง"),
    "O7": ("/news", "ข่าวประชาสัมพันธ์กิจกรรมของเทศบาลในปี 2567"),
    "O8": ("/qa", "กระดานถาม–ตอบ ตอบกลับโดยเจ้าหน้าที่ภายใน 3 วันทำการ"),
    "O9": ("/social", "เพจ Facebook และ LINE Official Account ของเทศบาล"),
    "O10": ("/pdpa", "ประกาศนโยบายคุ้มครองข้อมูลส่วนบุคคลของเทศบาล"),
    # first revision: the plan of the year before (rejected, then answered with the 2567 plan)
    "O11": ("/plan/action-plan-2566.pdf", "แผนดำเนินงานประจำปีและงบประมาณรายจ่าย"),
    "O12": ("/report/budget-6-months-2567", "รายงานผลการดำเนินงานและการใช้จ่ายงบประมาณ รอบ 6 เดือน"),
    "O13": ("/report/annual-2567", "ร่างรายงานผลการดำเนินงานประจำปี (รอสิ้นปีงบประมาณ)"),
    "O14": ("/manual/operations", "คู่มือการปฏิบัติงานของทุกกอง"),
    "O15": ("/manual/services", "คู่มือสำหรับประชาชนตามพระราชบัญญัติการอำนวยความสะดวกฯ"),
    "O17": ("/report/satisfaction-2567", "ผลสำรวจความพึงพอใจผู้รับบริการ ปีงบประมาณ 2567"),
    "O18": ("/e-service", "ระบบยื่นคำร้องออนไลน์ (ขออนุญาตก่อสร้าง ร้องเรียน ชำระภาษี)"),
    "O19": ("/procurement/plan-2567", "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง ปีงบประมาณ 2567"),
    "O20": ("/procurement/announcements", "ประกาศเชิญชวนและประกาศผู้ชนะการเสนอราคา ปี 2567"),
    "O21": ("/procurement/monthly-2567", "สรุปผลการจัดซื้อจัดจ้างรายเดือน (แบบ สขร.1)"),
    "O22": ("/procurement/annual-2567", "รายงานผลการจัดซื้อจัดจ้างประจำปี (ร่าง)"),
    "O23": ("/hr/plan-2567", "แผนบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2567"),
    "O24": ("/hr/progress-2567", "ผลการดำเนินการตามแผนบริหารทรัพยากรบุคคล รอบ 6 เดือน"),
    "O25": ("/hr/criteria", "หลักเกณฑ์การสรรหา แต่งตั้ง ประเมินผล และพัฒนาบุคลากร"),
    "O27": ("/complaints/guideline", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต"),
    "O28": ("/complaints", "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตทางออนไลน์และโทรศัพท์"),
    "O30": ("/participation", "โครงการประชาคมเมืองและการรับฟังความคิดเห็นของประชาชน"),
    "O31": ("/integrity/no-gift-2567", "ประกาศเจตนารมณ์ No Gift Policy ของนายกเทศมนตรี"),
    "O32": ("/integrity/no-gift", "ข่าวกิจกรรมส่งเสริมวัฒนธรรม No Gift Policy"),
    "O34": ("/integrity/risk-assessment-2567", "ผลการประเมินความเสี่ยงการทุจริต 3 กระบวนงาน"),
    "O35": ("/integrity/risk-follow-up-2567", "ผลการดำเนินการตามมาตรการจัดการความเสี่ยง รอบ 6 เดือน"),
    "O36": ("/integrity/action-plan-2567", "แผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ 2567"),
    "O37": ("/integrity/action-plan-6-months", "รายงานการกำกับติดตามแผนป้องกันการทุจริต (ร่าง)"),
    "O39": ("/integrity/ethics-code", "ประมวลจริยธรรมพนักงานเทศบาลและลูกจ้าง"),
    "O40": ("/integrity/ethics-2567", "โครงการอบรมส่งเสริมจริยธรรมบุคลากร ปี 2567"),
    "O42": ("/ita/o42/2567", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส จากผลการประเมิน ITA ปี 2566"),
    "O43": ("/ita/o43/2567/measure-1-round-6", "ผลการดำเนินการตามมาตรการ รอบ 6 เดือน"),
}
TOWN_IN_PROGRESS = ("O13", "O22", "O37")  # year-end reports: evidence saved, not ready yet

# Assigned items: code → (division, days until due). Items of กองคลัง are filled by its head
# (head_finance), the rest by the officer.
TOWN_ASSIGNED: dict[str, tuple[str, int]] = {
    "O11": ("กองยุทธศาสตร์และงบประมาณ", 14),
    "O12": ("กองยุทธศาสตร์และงบประมาณ", 14),
    "O13": ("กองยุทธศาสตร์และงบประมาณ", 30),
    "O19": ("กองคลัง", 7),
    "O20": ("กองคลัง", 7),
    "O21": ("กองคลัง", 21),
    "O22": ("กองคลัง", 30),
    "O26": ("สำนักปลัดเทศบาล", 30),
    "O34": ("สำนักปลัดเทศบาล", 10),
    "O35": ("สำนักปลัดเทศบาล", 21),
}
FINANCE = "กองคลัง"

TOWN_ACCEPTED = (*(f"O{n}" for n in range(1, 11)), "O14", "O15", "O19", "O27", "O28", "O31")
TOWN_REJECTED = {
    "O11": f"แผนดำเนินงานที่แสดงเป็นของปีงบประมาณ พ.ศ. 2566 {WRONG_YEAR}",
    "O32": "ไม่พบภาพหรือรายละเอียดกิจกรรมการสร้างวัฒนธรรม No Gift Policy "
    f"ที่ดำเนินการในปีที่ประเมิน {WRONG_YEAR}",
}
# The clarification round: O11 answered with the right year's plan (O32 still to be fixed).
TOWN_ANSWER = (
    "O11",
    "แก้ไขเป็นแผนดำเนินงานและการใช้งบประมาณประจำปีงบประมาณ พ.ศ. 2567 แล้ว",
    "/plan/action-plan-2567.pdf",
    "แผนดำเนินงานประจำปีงบประมาณ พ.ศ. 2567 ประกาศเมื่อ 30 ตุลาคม 2566",
)


@dataclass(frozen=True)
class RiskSpec:
    process: str
    event: str
    likelihood: int
    impact: int
    existing_controls: str
    mitigation: str
    division: str
    owner: str
    follow_up: tuple[str, str]  # status, progress of the 6-month round


TOWN_RISKS = (
    RiskSpec(
        process="การอนุมัติ อนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร",
        event="เจ้าหน้าที่เรียกรับเงินหรือผลประโยชน์เพื่อเร่งรัดการพิจารณา หรือละเว้นการตรวจสอบแบบแปลนที่ไม่ถูกต้อง",
        likelihood=3,
        impact=4,
        existing_controls="คู่มือสำหรับประชาชนตามพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาต"
        "ของทางราชการ พ.ศ. 2558 กำหนดขั้นตอนและระยะเวลาไว้",
        mitigation="รับคำขอผ่านระบบออนไลน์ให้ผู้ขอติดตามสถานะได้เอง ประกาศขั้นตอน ค่าธรรมเนียม "
        "และระยะเวลาที่จุดบริการและเว็บไซต์ สุ่มตรวจคำขอที่ล่าช้ากว่ากำหนดทุกเดือน",
        division="กองช่าง",
        owner="ผู้อำนวยการกองช่าง",
        follow_up=(
            FollowUpStatus.IN_PROGRESS,
            "เปิดระบบรับคำขออนุญาตก่อสร้างออนไลน์แล้ว อยู่ระหว่างจัดทำรายงานสุ่มตรวจรายเดือน",
        ),
    ),
    RiskSpec(
        process="การจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง",
        event="แบ่งซื้อแบ่งจ้างให้วงเงินต่ำกว่าเกณฑ์ หรือกำหนดคุณลักษณะเฉพาะเอื้อผู้ประกอบการรายเดิม",
        likelihood=3,
        impact=5,
        existing_controls="ปฏิบัติตามพระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 "
        "และดำเนินการผ่านระบบ e-GP",
        mitigation="ตรวจสอบรายการซื้อซ้ำกับผู้ขายรายเดียวทุกไตรมาส เผยแพร่สรุปผลการจัดซื้อจัดจ้าง"
        "รายเดือนบนเว็บไซต์ และให้คณะกรรมการลงนามว่าไม่มีผลประโยชน์ทับซ้อน",
        division="กองคลัง",
        owner="ผู้อำนวยการกองคลัง",
        follow_up=(
            FollowUpStatus.IN_PROGRESS,
            "ตรวจสอบไตรมาสที่ 1–2 แล้ว ไม่พบการแบ่งซื้อแบ่งจ้าง เผยแพร่ สขร.1 ครบทุกเดือน",
        ),
    ),
    RiskSpec(
        process="การเบิกจ่ายค่าตอบแทนการปฏิบัติงานนอกเวลาราชการ",
        event="เบิกค่าตอบแทนโดยไม่ได้ปฏิบัติงานจริง หรือลงลายมือชื่อปฏิบัติงานแทนกัน",
        likelihood=2,
        impact=3,
        existing_controls="มีคำสั่งให้ปฏิบัติงานนอกเวลาราชการและสมุดลงเวลาปฏิบัติงาน",
        mitigation="บันทึกเวลาด้วยเครื่องสแกนลายนิ้วมือ ผู้บังคับบัญชารับรองผลงานก่อนเบิกจ่าย "
        "และสุ่มตรวจหลักฐานการเบิกจ่ายปีละ 2 ครั้ง",
        division="สำนักปลัดเทศบาล",
        owner="หัวหน้าสำนักปลัดเทศบาล",
        follow_up=(
            FollowUpStatus.DONE,
            "ติดตั้งเครื่องสแกนลายนิ้วมือแล้ว สุ่มตรวจรอบที่ 1 ไม่พบการเบิกจ่ายที่ผิดระเบียบ",
        ),
    ),
)

# ---------------------------------------------------------------------- อบต.แม่ฮ่อม

# Barely started: the standing pages of 9.1 and the procurement plan, six of them ready.
MAEHOM_EVIDENCE: dict[str, tuple[str, str]] = {
    "O1": ("/about/structure", "โครงสร้างองค์การบริหารส่วนตำบล"),
    "O2": ("/about/executives", "คณะผู้บริหารและหัวหน้าส่วนราชการ"),
    "O3": ("/about/authority", "อำนาจหน้าที่ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล"),
    "O5": ("/contact", "ที่อยู่และหมายเลขโทรศัพท์ที่ทำการ อบต."),
    "O7": ("/news", "ข่าวกิจกรรม อบต. ปี 2567"),
    "O9": ("/social", "เพจ Facebook ของ อบต.แม่ฮ่อม"),
    "O11": ("/plan/action-plan-2567.pdf", "แผนดำเนินงานประจำปีงบประมาณ พ.ศ. 2567"),
    "O19": ("/procurement/plan-2567", "แผนการจัดซื้อจัดจ้าง ปีงบประมาณ 2567"),
}
MAEHOM_READY = ("O1", "O2", "O3", "O5", "O7", "O9")


# --------------------------------------------------------------------- building


def _items(year: DisclosureYear) -> dict:
    return {i.item.code: i for i in year.items.select_related("item", "year__agency")}


def _fill(agency: Agency, items: dict, evidence: dict, author) -> None:
    for code, (path, explanation) in evidence.items():
        actions.add_evidence(
            acting_user=author(code),
            item=items[code],
            urls=[f"{agency.website}{path}"],
            explanation=explanation,
        )


def _ready(items: dict, codes, author) -> None:
    for code in codes:
        items[code].refresh_from_db()  # the actions save their own copy
        actions.mark_ready(acting_user=author(code), item=items[code])


def _build_town(town: Agency, users: dict, today: dt.date) -> None:
    officer, finance, assessor = users["officer"], users["head_finance"], users["assessor"]
    year = actions.open_year(acting_user=officer, agency=town, fiscal_year=YEAR)
    items = _items(year)
    divisions = {d.name: d for d in town.divisions.all()}
    for code, (division, days) in TOWN_ASSIGNED.items():
        actions.assign_item(
            acting_user=officer,
            item=items[code],
            division=divisions[division],
            due_date=today + dt.timedelta(days=days),
        )

    def author(code):
        assigned = TOWN_ASSIGNED.get(code)
        return finance if assigned and assigned[0] == FINANCE else officer

    _fill(town, items, TOWN_EVIDENCE, author)
    # the register first: the risk item cannot be ready while it is empty
    for spec in TOWN_RISKS:
        risk = actions.add_risk(
            acting_user=officer,
            year=year,
            process=spec.process,
            event=spec.event,
            likelihood=spec.likelihood,
            impact=spec.impact,
            existing_controls=spec.existing_controls,
            mitigation=spec.mitigation,
            owner_division=divisions[spec.division],
            owner=spec.owner,
        )
        status, progress = spec.follow_up
        actions.add_follow_up(
            acting_user=officer,
            risk=risk,
            reported_on=today - dt.timedelta(days=14),
            status=status,
            progress=progress,
        )
    _ready(items, [c for c in TOWN_EVIDENCE if c not in TOWN_IN_PROGRESS], author)

    for code in TOWN_ACCEPTED:
        actions.review_item(acting_user=assessor, item=items[code], accepted=True)
    for code, comment in TOWN_REJECTED.items():
        actions.review_item(acting_user=assessor, item=items[code], accepted=False, comment=comment)
    code, reply, path, explanation = TOWN_ANSWER
    actions.answer_review(
        acting_user=officer,
        item=items[code],
        reply=reply,
        urls=[f"{town.website}{path}"],
        explanation=explanation,
    )


def _build_maehom(maehom: Agency, admin) -> None:
    # the demo has no officer of อบต.แม่ฮ่อม: the national admin stands in, as in the plans
    year = actions.open_year(acting_user=admin, agency=maehom, fiscal_year=YEAR)
    items = _items(year)
    _fill(maehom, items, MAEHOM_EVIDENCE, lambda code: admin)
    _ready(items, MAEHOM_READY, lambda code: admin)


def _demo_years():
    return DisclosureYear.objects.filter(
        agency__code__in=[MHS_TOWN.code, MHS_MAEHOM.code], fiscal_year=YEAR
    )


@transaction.atomic
def build_disclosure_demo(admin, users: dict) -> dict[str, int]:
    """Build the checklists of the town and อบต.แม่ฮ่อม where missing; return what there is
    (checklists, evidence revisions, reviews, clarifications, risk events, follow-ups)."""
    users = {**users, "admin": admin}
    today = timezone.localdate()
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[MHS_TOWN.code, MHS_MAEHOM.code])}
    built = set(_demo_years().values_list("agency__code", flat=True))
    if MHS_TOWN.code not in built:
        _build_town(agencies[MHS_TOWN.code], users, today)
    if MHS_MAEHOM.code not in built:
        _build_maehom(agencies[MHS_MAEHOM.code], admin)
    years = _demo_years()
    return {
        "fiscal_year": YEAR,
        "years": years.count(),
        "evidence": Evidence.objects.filter(item__year__in=years).count(),
        "reviews": Review.objects.filter(item__year__in=years).count(),
        "clarifications": Clarification.objects.filter(item__year__in=years).count(),
        "risks": RiskEvent.objects.filter(year__in=years).count(),
        "follow_ups": RiskFollowUp.objects.filter(risk__year__in=years).count(),
    }


def reviewed_oit_scores() -> dict[tuple[str, int], dict[int, Decimal]]:
    """Indicators 9–10 of each demo checklist the assessor has reviewed, as review_item would
    store them on the year's official result: (agency code, fiscal year) → indicator → score."""
    years = _demo_years().filter(items__reviews__isnull=False).distinct()
    return {
        (year.agency.code, year.fiscal_year): {
            n: round2(value) for n, value in actions.oit_scores(year).items()
        }
        for year in years.select_related("agency", "framework")
    }
