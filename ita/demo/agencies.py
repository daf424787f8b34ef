"""Demo data: the agencies of the seed documents with the scores they publish, a synthetic but
plausible จังหวัดแม่ฮ่องสอน (35 regional offices + 50 local governments, FY 2562–2567), and one
demo user per role. Idempotent: stable agency codes, rows created or updated only when they
differ, and a result is recorded (through record_result, so it is scored and audited) only when
the stored one differs.

Everything here is marked demo (Agency.is_demo) and is not an official result. The scores of the
seed agencies for the years the seeds publish are the published figures; every other figure is
made up (deterministically, so every run and every machine gets the same data).
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from ita.agencies.models import (
    Agency,
    AgencyType,
    District,
    Division,
    Membership,
    Province,
    Role,
)
from ita.assessments.actions import record_result
from ita.assessments.models import Assessment, IndicatorScore, Source
from ita.frameworks.actions import load_frameworks
from ita.lib.demo import SYNTHETIC_NOTE

DEMO_PASSWORD = "ita-demo-2566"
NOTE = "ข้อมูลตัวอย่าง: ผลที่เผยแพร่ตามเอกสารต้นแบบ"
YEARS = tuple(range(2562, 2568))
MHS = "แม่ฮ่องสอน"
MDH = "มุกดาหาร"
MHS_CAPITAL = "เมืองแม่ฮ่องสอน"

# Seed 000: the province's FY 2562 mean of indicators 9 and 10 over its 85 agencies.
MHS_2562_OIT_MEANS = {9: Decimal("38.67"), 10: Decimal("25.89")}

T = AgencyType


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    agency_type: str
    province: str
    district: str | None
    website: str
    divisions: tuple[str, ...] = ()


def _scores(text: str) -> dict[int, Decimal]:
    values = text.split()
    assert len(values) == 10, text
    return {n: Decimal(v) for n, v in enumerate(values, start=1)}


# --------------------------------------------------------------------------- seed agencies

MDH_PAO = AgencySpec(
    code="DEMO-MDH-PAO",
    name="องค์การบริหารส่วนจังหวัดมุกดาหาร",
    agency_type=T.PAO,
    province=MDH,
    district="เมืองมุกดาหาร",
    website="https://pao-mukdahan.demo.go.th",
    # the units seed 002 names as owners of its measures
    divisions=(
        "สำนักปลัดองค์การบริหารส่วนจังหวัด",
        "กองการเจ้าหน้าที่",
        "กองคลัง",
        "กองพัสดุและทรัพย์สิน",
        "กองยุทธศาสตร์และงบประมาณ",
        "หน่วยตรวจสอบภายใน",
    ),
)
MHS_TOWN = AgencySpec(
    code="DEMO-MSN-TM-MAEHONGSON",
    name="เทศบาลเมืองแม่ฮ่องสอน",
    agency_type=T.TOWN_MUNICIPALITY,
    province=MHS,
    district=MHS_CAPITAL,
    website="https://tm-maehongson.demo.go.th",
    divisions=(
        "สำนักปลัดเทศบาล",
        "กองคลัง",
        "กองช่าง",
        "กองการศึกษา",
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "กองยุทธศาสตร์และงบประมาณ",
    ),
)
MHS_PAO = AgencySpec(
    code="DEMO-MSN-PAO",
    name="องค์การบริหารส่วนจังหวัดแม่ฮ่องสอน",
    agency_type=T.PAO,
    province=MHS,
    district=MHS_CAPITAL,
    website="https://pao-maehongson.demo.go.th",
    # seed 004 names สำนักปลัดฯ, กองคลัง, กองแผนฯ, กองกิจฯ
    divisions=(
        "สำนักปลัดองค์การบริหารส่วนจังหวัด",
        "กองกิจการสภาองค์การบริหารส่วนจังหวัด",
        "กองยุทธศาสตร์และงบประมาณ",
        "กองคลัง",
        "กองช่าง",
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "กองสาธารณสุข",
    ),
)
MHS_MAEHOM = AgencySpec(
    code="DEMO-MSN-SAO-MAEHOM",
    name="องค์การบริหารส่วนตำบลแม่ฮ่อม",
    agency_type=T.SAO,
    province=MHS,
    district="ขุนยวม",  # seed 003's annex is from อำเภอขุนยวม
    website="https://sao-maehom.demo.go.th",
    divisions=("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"),
)

# Fixed results: the published figures (MDH 2564 total 87.64 A, 2565 71.03 C; town 2566 89.55
# ผ่าน) and hand-made plausible histories around them. Totals are in the comments.
SEED_RESULTS: dict[str, dict[int, dict[int, Decimal]]] = {
    MDH_PAO.code: {
        2562: _scores("81.35 74.20 72.85 76.40 68.92 77.15 70.64 68.30 50.00 25.00"),  # 59.03
        2563: _scores("84.60 78.92 77.35 80.15 74.28 80.42 74.90 72.16 80.00 62.50"),  # 74.97
        2564: _scores("92.15 88.47 87.92 89.35 86.18 85.64 82.37 80.91 93.33 87.19"),  # 87.64
        2565: _scores("86.07 76.72 76.57 75.54 72.00 79.63 73.30 70.22 90.00 37.50"),  # 71.03
    },
    MHS_TOWN.code: {
        2562: _scores("84.20 82.65 83.10 85.40 79.35 78.12 71.45 70.36 44.44 28.13"),  # 61.39
        2563: _scores("89.75 88.40 90.12 91.05 86.60 80.25 74.18 73.90 68.89 56.25"),  # 74.62
        2564: _scores("94.30 93.15 95.02 95.80 92.47 82.76 75.64 76.11 84.44 75.00"),  # 83.58
        2565: _scores("97.85 97.10 98.25 98.64 96.90 85.32 76.85 78.40 91.11 84.38"),  # 88.48
        2566: _scores("100.00 99.83 100.00 100.00 99.67 87.06 77.91 79.87 85.50 90.00"),  # 89.55
        2567: _scores("100.00 99.90 100.00 100.00 99.75 89.40 83.62 84.15 93.75 95.00"),  # 93.45
    },
    # the one local government of the 50 that seed 000 leaves out of "ทั้ง ๔๙ แห่ง" scoring low
    MHS_PAO.code: {
        2562: _scores("86.40 84.12 85.73 87.30 81.94 80.20 76.55 74.81 72.22 56.25"),  # 74.38
        2563: _scores("88.95 86.70 87.42 89.10 85.36 82.44 78.90 77.25 84.44 71.88"),  # 81.37
        2564: _scores("91.20 89.85 90.14 92.05 88.73 84.10 80.36 79.92 91.11 81.25"),  # 86.03
        2565: _scores("93.48 91.60 92.75 94.12 90.85 85.77 82.40 81.63 95.56 87.50"),  # 89.36
        2566: _scores("95.10 93.25 94.40 95.87 92.66 86.95 83.72 82.90 92.50 85.00"),  # 89.13
        2567: _scores("96.35 94.80 95.62 96.90 94.15 88.20 85.46 84.75 97.50 93.75"),  # 92.76
    },
    MHS_MAEHOM.code: {
        2562: _scores("82.15 78.40 80.62 83.90 75.35 76.80 70.25 68.92 22.22 12.50"),  # 52.57
        2563: _scores("84.30 80.75 82.10 85.45 78.60 78.35 72.48 71.06 51.11 37.50"),  # 64.58
        2564: _scores("86.72 83.40 84.95 87.10 81.25 79.90 74.15 72.80 66.67 50.00"),  # 71.42
        2565: _scores("88.10 85.62 86.30 88.75 83.48 81.26 75.90 74.35 77.78 62.50"),  # 77.14
        2566: _scores("89.45 87.20 88.15 90.30 85.62 82.74 77.36 76.10 80.00 70.00"),  # 80.06
        2567: _scores("91.80 89.95 90.40 92.15 88.30 84.55 79.82 78.64 90.00 85.00"),  # 86.46
    },
}

# --------------------------------------------------------------------------- synthetic province

# 35 regional offices (ส่วนราชการส่วนภูมิภาค) of จังหวัดแม่ฮ่องสอน: (code suffix, name)
REGIONAL_OFFICES: tuple[tuple[str, str], ...] = (
    ("PROVINCE", "สำนักงานจังหวัดแม่ฮ่องสอน"),
    ("DOPA", "ที่ทำการปกครองจังหวัดแม่ฮ่องสอน"),
    ("CDD", "สำนักงานพัฒนาชุมชนจังหวัดแม่ฮ่องสอน"),
    ("DLA", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดแม่ฮ่องสอน"),
    ("DPT", "สำนักงานโยธาธิการและผังเมืองจังหวัดแม่ฮ่องสอน"),
    ("DDPM", "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดแม่ฮ่องสอน"),
    ("DOL", "สำนักงานที่ดินจังหวัดแม่ฮ่องสอน"),
    ("PHO", "สำนักงานสาธารณสุขจังหวัดแม่ฮ่องสอน"),
    ("NRE", "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดแม่ฮ่องสอน"),
    ("DOAE", "สำนักงานเกษตรจังหวัดแม่ฮ่องสอน"),
    ("MOAC", "สำนักงานเกษตรและสหกรณ์จังหวัดแม่ฮ่องสอน"),
    ("DLD", "สำนักงานปศุสัตว์จังหวัดแม่ฮ่องสอน"),
    ("DOF", "สำนักงานประมงจังหวัดแม่ฮ่องสอน"),
    ("CPD", "สำนักงานสหกรณ์จังหวัดแม่ฮ่องสอน"),
    ("CAD", "สำนักงานตรวจบัญชีสหกรณ์แม่ฮ่องสอน"),
    ("ALRO", "สำนักงานการปฏิรูปที่ดินจังหวัดแม่ฮ่องสอน"),
    ("MSDHS", "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดแม่ฮ่องสอน"),
    ("MOL", "สำนักงานแรงงานจังหวัดแม่ฮ่องสอน"),
    ("DOE", "สำนักงานจัดหางานจังหวัดแม่ฮ่องสอน"),
    ("LPW", "สำนักงานสวัสดิการและคุ้มครองแรงงานจังหวัดแม่ฮ่องสอน"),
    ("SSO", "สำนักงานประกันสังคมจังหวัดแม่ฮ่องสอน"),
    ("MOC", "สำนักงานพาณิชย์จังหวัดแม่ฮ่องสอน"),
    ("IND", "สำนักงานอุตสาหกรรมจังหวัดแม่ฮ่องสอน"),
    ("ENERGY", "สำนักงานพลังงานจังหวัดแม่ฮ่องสอน"),
    ("TREASURY", "สำนักงานคลังจังหวัดแม่ฮ่องสอน"),
    ("MOTS", "สำนักงานการท่องเที่ยวและกีฬาจังหวัดแม่ฮ่องสอน"),
    ("CULTURE", "สำนักงานวัฒนธรรมจังหวัดแม่ฮ่องสอน"),
    ("NSO", "สำนักงานสถิติจังหวัดแม่ฮ่องสอน"),
    ("JUSTICE", "สำนักงานยุติธรรมจังหวัดแม่ฮ่องสอน"),
    ("DOP", "สำนักงานคุมประพฤติจังหวัดแม่ฮ่องสอน"),
    ("PRISON", "เรือนจำจังหวัดแม่ฮ่องสอน"),
    ("DLT", "สำนักงานขนส่งจังหวัดแม่ฮ่องสอน"),
    ("PRD", "สำนักงานประชาสัมพันธ์จังหวัดแม่ฮ่องสอน"),
    ("MOE", "สำนักงานศึกษาธิการจังหวัดแม่ฮ่องสอน"),
    ("NOB", "สำนักงานพระพุทธศาสนาจังหวัดแม่ฮ่องสอน"),
)

# The agency of the current cycle: its synthetic history goes on to FY 2568 and 2569, so its
# plans run in FY 2569 (items O25/O26 of ita-2569) and FY 2570 (declared provisional).
PANGMU = AgencySpec(
    code="DEMO-MSN-TB-PANGMU",
    name="เทศบาลตำบลปางหมู",
    agency_type=T.SUBDISTRICT_MUNICIPALITY,
    province=MHS,
    district=MHS_CAPITAL,
    website="https://tb-pangmu.demo.go.th",
    divisions=("สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง", "กองการศึกษา"),
)
CURRENT_YEARS = (2568, 2569)

# The 50 local governments by district: (type, tambon, romanised tambon). The seed agencies
# (อบจ., เทศบาลเมือง, อบต.แม่ฮ่อม) are among them and listed here as None placeholders.
_TB, _SAO = T.SUBDISTRICT_MUNICIPALITY, T.SAO
LOCAL_GOVERNMENTS: dict[str, tuple] = {
    "เมืองแม่ฮ่องสอน": (
        MHS_PAO,
        MHS_TOWN,
        PANGMU,
        (_SAO, "ห้วยโป่ง", "huaipong"),
        (_SAO, "ผาบ่อง", "phabong"),
        (_SAO, "หมอกจำแป่", "mokchampae"),
        (_SAO, "ห้วยผา", "huaipha"),
        (_SAO, "ห้วยปูลิง", "huaipuling"),
    ),
    "ขุนยวม": (
        (_TB, "ขุนยวม", "khunyuam"),
        (_TB, "เมืองปอน", "muangpon"),
        (_SAO, "ขุนยวม", "khunyuam"),
        (_SAO, "แม่เงา", "maengao"),
        (_SAO, "แม่ยวมน้อย", "maeyuamnoi"),
        (_SAO, "แม่กิ๊", "maeki"),
        (_SAO, "แม่อูคอ", "maeukho"),
        MHS_MAEHOM,
    ),
    "ปาย": (
        (_TB, "ปาย", "pai"),
        (_SAO, "เวียงใต้", "wiangtai"),
        (_SAO, "เวียงเหนือ", "wiangnuea"),
        (_SAO, "แม่นาเติง", "maenatoeng"),
        (_SAO, "แม่ฮี้", "maehi"),
        (_SAO, "ทุ่งยาว", "thungyao"),
        (_SAO, "เมืองแปง", "muangpaeng"),
        (_SAO, "โป่งสา", "pongsa"),
    ),
    "แม่สะเรียง": (
        (_TB, "แม่สะเรียง", "maesariang"),
        (_SAO, "บ้านกาศ", "bankat"),
        (_SAO, "แม่คง", "maekhong"),
        (_SAO, "แม่เหาะ", "maeho"),
        (_SAO, "แม่ยวม", "maeyuam"),
        (_SAO, "เสาหิน", "saohin"),
        (_SAO, "ป่าแป๋", "papae"),
    ),
    "แม่ลาน้อย": (
        (_TB, "แม่ลาน้อย", "maelanoi"),
        (_SAO, "แม่ลาน้อย", "maelanoi"),
        (_SAO, "แม่ลาหลวง", "maelaluang"),
        (_SAO, "ท่าผาปุ้ม", "thaphapum"),
        (_SAO, "แม่โถ", "maetho"),
        (_SAO, "ห้วยห้อม", "huaihom"),
        (_SAO, "แม่นาจาง", "maenachang"),
        (_SAO, "สันติคีรี", "santikhiri"),
        (_SAO, "ขุนแม่ลาน้อย", "khunmaelanoi"),
    ),
    "สบเมย": (
        (_SAO, "สบเมย", "sopmoei"),
        (_SAO, "แม่คะตวน", "maekhatuan"),
        (_SAO, "กองก๋อย", "kongkoi"),
        (_SAO, "แม่สวด", "maesuat"),
        (_SAO, "ป่าโปง", "papong"),
        (_SAO, "แม่สามแลบ", "maesamlaep"),
    ),
    "ปางมะผ้า": (
        (_SAO, "สบป่อง", "soppong"),
        (_SAO, "ถ้ำลอด", "thamlot"),
        (_SAO, "นาปู่ป้อม", "napupom"),
        (_SAO, "ปางมะผ้า", "pangmapha"),
    ),
}
_LG_PREFIX = {_TB: ("TB", "tb", "เทศบาลตำบล"), _SAO: ("SAO", "sao", "องค์การบริหารส่วนตำบล")}


def agency_specs() -> list[AgencySpec]:
    """Every demo agency: อบจ.มุกดาหาร, then the 85 of แม่ฮ่องสอน (35 regional, 50 local)."""
    specs = [MDH_PAO]
    for suffix, name in REGIONAL_OFFICES:
        specs.append(
            AgencySpec(
                code=f"DEMO-MSN-R-{suffix}",
                name=name,
                agency_type=T.REGIONAL_OFFICE,
                province=MHS,
                district=MHS_CAPITAL,  # the provincial offices sit in the provincial capital
                website=f"https://{suffix.lower()}-maehongson.demo.go.th",
            )
        )
    for district, entries in LOCAL_GOVERNMENTS.items():
        for entry in entries:
            if isinstance(entry, AgencySpec):
                specs.append(entry)
                continue
            agency_type, tambon, roman = entry
            code_part, url_part, title = _LG_PREFIX[agency_type]
            specs.append(
                AgencySpec(
                    code=f"DEMO-MSN-{code_part}-{roman.upper()}",
                    name=f"{title}{tambon}",
                    agency_type=agency_type,
                    province=MHS,
                    district=district,
                    website=f"https://{url_part}-{roman}.demo.go.th",
                )
            )
    return specs


# --------------------------------------------------------------------------- synthetic scores

# Province-wide targets per year (FY 2562 … 2567) for the OIT indicators: local governments
# start very low on 9–10 (seed 000) and catch up; regional offices start higher.
_OIT_TARGETS = {
    # (is local, indicator): mean per year
    (True, 9): (29, 55, 70, 79, 84, 88),
    (True, 10): (17, 42, 60, 70, 77, 82),
    (False, 9): (52, 72, 82, 87, 90, 92),
    (False, 10): (38, 62, 75, 82, 86, 89),
}


def _clamp(value: float, low: float, high: float) -> Decimal:
    return Decimal(f"{min(high, max(low, value)):.2f}")


def synthetic_history(spec: AgencySpec) -> dict[int, dict[int, Decimal]]:
    """A plausible FY 2562–2567 history for one agency, the same on every run (the random
    generator is seeded with the agency code)."""
    rng = random.Random(f"ita-demo:{spec.code}")
    local = spec.agency_type in AgencyType.local_government()
    quality = rng.uniform(-1, 1)  # a consistently better or weaker agency
    openness = rng.uniform(-1, 1)  # how well it does on the website checklist
    missing = rng.choice(YEARS[1:]) if rng.random() < 0.08 else None
    iit_base = (84 if local else 86) + 3.5 * quality
    eit_base = (80 if local else 82) + 3.0 * quality
    history = {}
    for t, year in enumerate(YEARS):
        scores = {}
        for n in range(1, 6):  # IIT: mostly 80–98
            scores[n] = _clamp(rng.gauss(iit_base + 1.1 * t, 3.0), 72, 100)
        for n in range(6, 9):  # EIT: mostly 75–95
            scores[n] = _clamp(rng.gauss(eit_base + 1.0 * t, 3.0), 68, 98)
        spread = 13 - 1.5 * t  # agencies differ most in the first year
        for n in (9, 10):
            target = _OIT_TARGETS[(local, n)][t] + 8 * openness
            scores[n] = _clamp(rng.gauss(target, spread), 0, 100)
        if year != missing:
            history[year] = scores
    return history


def current_cycle_history(spec: AgencySpec, history: dict) -> dict[int, dict[int, Decimal]]:
    """FY 2568–2569 for the current-cycle agency: its FY 2567 scores, a little better each
    year, with indicator 10 still below the pass mark so its analysis has work to do."""
    rng = random.Random(f"ita-demo-current:{spec.code}")
    last = history[max(history)]
    out = {}
    for t, year in enumerate(CURRENT_YEARS, start=1):
        out[year] = {
            n: _clamp(float(score) + rng.uniform(0.5, 2.5) * t, 0, 99.5 if n != 10 else 78)
            for n, score in last.items()
        }
    return out


def _calibrate(results: dict[str, dict[int, dict[int, Decimal]]], codes: list[str]) -> None:
    """Shift the synthetic FY 2562 scores of indicators 9 and 10 so that the province mean over
    all its agencies equals seed 000's figures exactly (the seed agencies' scores stay)."""
    year, cent = YEARS[0], Decimal("0.01")
    adjustable = [c for c in codes if c not in SEED_RESULTS]
    for n, mean in MHS_2562_OIT_MEANS.items():
        rows = [results[c][year] for c in codes if year in results[c]]
        target = mean * len(rows)
        for _ in range(50):
            residual = target - sum(r[n] for r in rows)
            if residual == 0:
                break
            up = residual > 0
            room = [
                results[c][year]
                for c in adjustable
                if year in results[c]
                and (results[c][year][n] < 100 if up else results[c][year][n] > 0)
            ]
            step = (residual / len(room)).quantize(cent, rounding=ROUND_DOWN)
            if step == 0:  # fewer cents left than agencies: one cent each to the first few
                for r in room[: int(abs(residual) / cent)]:
                    r[n] += cent if up else -cent
                continue
            for r in room:
                r[n] = min(Decimal(100), max(Decimal(0), r[n] + step))


def planned_results(specs: list[AgencySpec]) -> dict[str, dict[int, dict[int, Decimal]]]:
    """code → fiscal year → indicator → score, for every demo agency."""
    results = {}
    for spec in specs:
        if spec.code in SEED_RESULTS:
            results[spec.code] = {y: dict(s) for y, s in SEED_RESULTS[spec.code].items()}
        else:
            results[spec.code] = synthetic_history(spec)
    results[PANGMU.code] |= current_cycle_history(PANGMU, results[PANGMU.code])
    _calibrate(results, [s.code for s in specs if s.province == MHS])
    return results


# --------------------------------------------------------------------------- users


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    agencies: tuple[str, ...] = ()  # agency codes, one membership each
    division: str | None = None
    province: str | None = None
    superuser: bool = False


USERS: tuple[UserSpec, ...] = (
    UserSpec("officer", "สุดารัตน์", "คำปัน", Role.OFFICER, (MHS_TOWN.code,)),
    UserSpec("officer_mdh", "ประภาพร", "ศรีโคตร", Role.OFFICER, (MDH_PAO.code,)),
    UserSpec("head_finance", "วิไลวรรณ", "จันทร์แก้ว", Role.DIVISION_HEAD, (MHS_TOWN.code,), "กองคลัง"),
    UserSpec("mayor", "ประสิทธิ์", "แสงคำ", Role.EXECUTIVE, (MHS_TOWN.code,)),
    UserSpec("province_mhs", "อรุณี", "ดอยงาม", Role.PROVINCE_COORDINATOR, province=MHS),
    UserSpec("assessor", "ธนพล", "วงศ์ประเสริฐ", Role.ASSESSOR, (MHS_TOWN.code, MHS_MAEHOM.code)),
    UserSpec("admin", "สมศักดิ์", "ผู้ดูแลระบบ", Role.NATIONAL_ADMIN, superuser=True),
    UserSpec("officer_pangmu", "กัลยา", "ปัญญาดี", Role.OFFICER, (PANGMU.code,)),
    UserSpec("mayor_pangmu", "บุญเลิศ", "คำมูล", Role.EXECUTIVE, (PANGMU.code,)),
)


@dataclass
class DemoLogin:
    username: str
    role: str  # Thai
    where: str
    password: str

    def as_dict(self) -> dict:
        return {
            "username": self.username,
            "role": self.role,
            "where": self.where,
            "password": self.password,
        }


@dataclass
class DemoReport:
    agencies: int = 0
    province_agencies: int = 0
    results: int = 0
    recorded: int = 0  # results written (new or changed) by this run
    agencies_written: int = 0
    users_created: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    improvement: dict[str, int] = field(default_factory=dict)  # analyses, measures, reports
    surveys: dict[str, int] = field(default_factory=dict)  # fiscal_year, waves, responses…
    disclosure: dict[str, int] = field(default_factory=dict)  # fiscal_year, evidence, risks…
    oversight: dict[str, int] = field(default_factory=dict)  # meetings, followups, answered

    def as_json(self) -> dict:
        return {
            "agencies": self.agencies,
            "results": self.results,
            "users": [login.as_dict() for login in self.logins],
            "improvement": self.improvement,
            "surveys": self.surveys,
            "disclosure": self.disclosure,
            "oversight": self.oversight,
        }


# --------------------------------------------------------------------------- building


def _ensure_agencies(specs: list[AgencySpec]) -> tuple[dict[str, Agency], int]:
    provinces = {p.name: p for p in Province.objects.filter(name__in={s.province for s in specs})}
    missing = {s.province for s in specs} - set(provinces)
    if missing:
        raise LookupError(f"ไม่พบจังหวัด {', '.join(sorted(missing))} (ยังไม่ได้ migrate?)")
    districts = {}
    for spec in specs:
        key = (spec.province, spec.district)
        if spec.district and key not in districts:
            districts[key], _ = District.objects.get_or_create(
                province=provinces[spec.province], name=spec.district
            )
    existing = {a.code: a for a in Agency.objects.filter(code__in=[s.code for s in specs])}
    to_create, to_update = [], []
    fields = ["name", "agency_type", "province_id", "district_id", "website", "is_demo"]
    for spec in specs:
        wanted = {
            "name": spec.name,
            "agency_type": str(spec.agency_type),
            "province_id": provinces[spec.province].pk,
            "district_id": districts[(spec.province, spec.district)].pk if spec.district else None,
            "website": spec.website,
            "is_demo": True,
        }
        agency = existing.get(spec.code)
        if agency is None:
            to_create.append(Agency(code=spec.code, **wanted))
        elif any(getattr(agency, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(agency, f, v)
            to_update.append(agency)
    Agency.objects.bulk_create(to_create)
    if to_update:
        Agency.objects.bulk_update(to_update, fields)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[s.code for s in specs])}
    for spec in specs:
        for name in spec.divisions:
            Division.objects.get_or_create(agency=agencies[spec.code], name=name)
    return agencies, len(to_create) + len(to_update)


def _ensure_users(agencies: dict[str, Agency]) -> tuple[dict[str, object], list[DemoLogin], int]:
    User = get_user_model()
    users, logins, created = {}, [], 0
    password_hash = None
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        wanted = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "is_staff": spec.superuser,
            "is_superuser": spec.superuser,
            "is_active": True,
        }
        if user is None:
            # The password is set only when the user is created: a changed one is kept.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(username=spec.username, password=password_hash, **wanted)
            created += 1
        elif any(getattr(user, f) != v for f, v in wanted.items()):
            for f, v in wanted.items():
                setattr(user, f, v)
            user.save(update_fields=list(wanted))
        users[spec.username] = user

        scopes = []
        if spec.province:
            province = Province.objects.get(name=spec.province)
            scopes.append({"province": province})
            where = f"จังหวัด{province.name}"
        elif spec.agencies:
            for code in spec.agencies:
                agency = agencies[code]
                division = (
                    Division.objects.get(agency=agency, name=spec.division)
                    if spec.division
                    else None
                )
                scopes.append({"agency": agency, "division": division})
            names = [agencies[c].name for c in spec.agencies]
            where = ", ".join(names) if not spec.division else f"{spec.division} {names[0]}"
        else:
            scopes.append({})
            where = "ทั้งประเทศ (ผู้ดูแลระบบ Django)" if spec.superuser else "ทั้งประเทศ"
        for scope in scopes:
            Membership.objects.get_or_create(
                user=user,
                role=spec.role,
                agency=scope.get("agency"),
                division=scope.get("division"),
                province=scope.get("province"),
            )
        logins.append(DemoLogin(spec.username, str(Role(spec.role).label), where, DEMO_PASSWORD))
    return users, logins, created


def _stored_scores(agencies: list[Agency]) -> dict[tuple[int, int], dict[int, Decimal]]:
    stored: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    rows = IndicatorScore.objects.filter(
        assessment__agency__in=agencies, assessment__source=Source.OFFICIAL
    ).values_list("assessment__agency_id", "assessment__fiscal_year", "indicator__number", "score")
    for agency_id, year, number, value in rows:
        stored[(agency_id, year)][number] = Decimal(value)
    return stored


def _record_results(admin, agencies: dict[str, Agency], plan) -> int:
    stored = _stored_scores(list(agencies.values()))
    written = 0
    for code, years in plan.items():
        agency = agencies[code]
        for year, scores in sorted(years.items()):
            if stored.get((agency.pk, year)) == scores:
                continue
            record_result(
                acting_user=admin,
                agency=agency,
                fiscal_year=year,
                indicator_scores=scores,
                source=Source.OFFICIAL,
                # the seeds' results are published figures; the others are made up
                note=NOTE if code in SEED_RESULTS else SYNTHETIC_NOTE,
            )
            written += 1
    return written


def build_demo() -> DemoReport:
    """Create or bring up to date all demo data; returns what there is and what was written."""
    load_frameworks()
    specs = agency_specs()
    plan = planned_results(specs)
    report = DemoReport()
    with transaction.atomic():
        agencies, report.agencies_written = _ensure_agencies(specs)
        users, report.logins, report.users_created = _ensure_users(agencies)
        # imported here: these demos import this module's agency specs
        from ita.demo.disclosure import build_disclosure_demo, reviewed_oit_scores
        from ita.demo.improvement import build_improvement_demo
        from ita.demo.surveys import build_survey_demo

        # The OIT checklists come first, and the results take indicators 9–10 from the
        # assessor's verdicts, as disclosure.review_item stores them on the year's official
        # result; with the planned figures instead, every run would record the result again.
        report.disclosure = build_disclosure_demo(users["admin"], users)
        for (code, year), scores in reviewed_oit_scores().items():
            if year in plan.get(code, {}):
                plan[code][year].update(scores)
        report.recorded = _record_results(users["admin"], agencies, plan)
        report.improvement = build_improvement_demo(users["admin"], users)
        report.surveys = build_survey_demo(users["admin"], users)
        from ita.demo.oversight import build_oversight_demo

        report.oversight = build_oversight_demo(users["admin"], users)  # seed 000's meetings
        from ita.demo.public import build_public_demo

        build_public_demo(users["admin"])  # what the demo's officers have published
    report.agencies = len(agencies)
    report.province_agencies = sum(1 for s in specs if s.province == MHS)
    report.results = Assessment.objects.filter(
        agency__code__in=list(agencies), source=Source.OFFICIAL
    ).count()
    return report


# --------------------------------------------------------------------------- printing


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks take none."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_logins(logins: list[DemoLogin]) -> list[str]:
    header = DemoLogin("ชื่อผู้ใช้", "บทบาท", "หน่วยงาน/จังหวัด", "รหัสผ่าน")
    rows = [header, *logins]
    columns = ("username", "role", "where", "password")
    widths = {c: max(display_width(getattr(r, c)) for r in rows) for c in columns}
    lines = []
    for i, row in enumerate(rows):
        lines.append("  ".join(_pad(getattr(row, c), widths[c]) for c in columns).rstrip())
        if i == 0:
            lines.append("  ".join("-" * widths[c] for c in columns))
    return lines


def format_summary(report: DemoReport) -> list[str]:
    others = report.agencies - report.province_agencies
    return [
        "ข้อมูลตัวอย่าง (ไม่ใช่ผลอย่างเป็นทางการ) พร้อมใช้งาน",
        f"- หน่วยงานตัวอย่าง {report.agencies} แห่ง: จังหวัดแม่ฮ่องสอน {report.province_agencies} แห่ง "
        f"(ส่วนราชการส่วนภูมิภาค {len(REGIONAL_OFFICES)} แห่ง "
        f"องค์กรปกครองส่วนท้องถิ่น {report.province_agencies - len(REGIONAL_OFFICES)} แห่ง) "
        f"และหน่วยงานอื่น {others} แห่ง (องค์การบริหารส่วนจังหวัดมุกดาหาร)",
        f"- ผลการประเมิน {report.results} รายการ ปีงบประมาณ {YEARS[0]}–{YEARS[-1]} "
        f"และ {CURRENT_YEARS[0]}–{CURRENT_YEARS[-1]} ของ{PANGMU.name} "
        f"(บันทึกใหม่หรือแก้ไขในรอบนี้ {report.recorded} รายการ)",
        f"- การวิเคราะห์ผลการประเมินและมาตรการ {report.improvement.get('analyses', 0)} แผน "
        f"(หน่วยงานในเอกสารต้นแบบ และรอบปัจจุบันของ{PANGMU.name}) "
        f"มาตรการ {report.improvement.get('measures', 0)} มาตรการ "
        f"รายงานความก้าวหน้า {report.improvement.get('reports', 0)} ฉบับ",
        f"- แบบสำรวจ IIT/EIT ปีงบประมาณ {report.surveys.get('fiscal_year', '')} "
        f"{report.surveys.get('waves', 0)} รอบ "
        f"(เปิดรับคำตอบ {report.surveys.get('open', 0)} รอบ) "
        f"คำตอบ {report.surveys.get('responses', 0)} ชุด "
        f"การสำรวจทั้งจังหวัด {report.surveys.get('campaigns', 0)} ครั้ง",
        f"- รายการตรวจ OIT ปีงบประมาณ {report.disclosure.get('fiscal_year', '')} "
        f"{report.disclosure.get('years', 0)} หน่วยงาน "
        f"หลักฐาน {report.disclosure.get('evidence', 0)} ฉบับ "
        f"ผลการตรวจ {report.disclosure.get('reviews', 0)} ครั้ง "
        f"คำชี้แจง {report.disclosure.get('clarifications', 0)} เรื่อง "
        f"ทะเบียนความเสี่ยงการทุจริต {report.disclosure.get('risks', 0)} เหตุการณ์",
        f"- ผู้ใช้ตัวอย่าง {len(report.logins)} คน (สร้างใหม่ในรอบนี้ {report.users_created} คน)",
        "",
        *format_logins(report.logins),
        "",
        "รหัสผ่านตั้งให้เฉพาะตอนสร้างผู้ใช้ครั้งแรก ถ้าเปลี่ยนรหัสผ่านไปแล้ว การรันซ้ำจะไม่ตั้งกลับ",
    ]
