"""Demo survey waves: an IIT and an EIT wave of เทศบาลเมืองแม่ฮ่องสอน, answered by synthetic
respondents through the same action the public form uses (IIT answers spend the wave's own slip
tokens), and a small province-wide EIT campaign of จังหวัดแม่ฮ่องสอน.

The IIT wave is closed, so its self-assessment scores stand beside the official result; the EIT
wave stays open, so its page shows progress towards the minimum sample. Answers are drawn from a
seeded random generator: the same mix on every run and every machine.

Idempotent the simple way: the town's waves of the year, and the province's campaign of the
year, are each built only when there are none, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone

from ita.agencies.models import Agency, Province
from ita.demo.agencies import MHS, MHS_MAEHOM, MHS_PAO, MHS_TOWN
from ita.surveys import actions
from ita.surveys.models import Campaign, Response, Tool, Wave, WaveStatus
from ita.surveys.queries import questionnaire_of
from ita.surveys.questionnaire import Questionnaire, option_value

# FY 2567 (ita-2566): the newest year whose framework is confirmed rather than provisional, and
# the town has an official 2567 result to compare the self-assessment with.
YEAR = 2567
IIT_STAFF = 120  # headcount: 120 slips, minimum sample 30
IIT_ANSWERS = 45
EIT_USERS = 900  # service users a year: minimum sample 10 % = 90, so 60 answers show a bar
EIT_ANSWERS = 60
# Campaign waves stay small: they are there to fill the province's list, not to be analysed.
CAMPAIGN_ANSWERS = {MHS_MAEHOM.code: 12, MHS_PAO.code: 6}

# How respondents lean: (share, weights of the four scale options best first, weights of the
# two yes/no options best first). "Best" is after reverse scoring, so a reversed question
# ("ใช้ทรัพย์สินของราชการไปเป็นของส่วนตัว") is mostly answered "น้อยที่สุด".
LEANINGS = {
    Tool.IIT: ((0.75, (75, 22, 2, 1), (98, 2)), (0.20, (40, 48, 10, 2), (94, 6)),
               (0.05, (12, 40, 36, 12), (80, 20))),
    Tool.EIT: ((0.65, (70, 25, 4, 1), (97, 3)), (0.28, (35, 48, 14, 3), (90, 10)),
               (0.07, (10, 35, 40, 15), (75, 25))),
}  # fmt: skip

IIT_COMMENTS = (
    "อยากให้เปิดโอกาสให้บุคลากรทุกระดับมีส่วนร่วมจัดทำแผนการใช้จ่ายงบประมาณ",
    "ควรชี้แจงหลักเกณฑ์การประเมินผลการปฏิบัติงานให้ทุกคนทราบก่อนเริ่มรอบการประเมิน",
    "การยืมรถส่วนกลางไปปฏิบัติงานควรมีระบบจองที่ทุกกองเห็นตรงกัน",
    "อยากให้มีช่องทางแจ้งเบาะแสการทุจริตที่ไม่ต้องเปิดเผยชื่อผู้แจ้ง",
    "ผู้บริหารให้ความสำคัญกับความโปร่งใสดี ควรประชาสัมพันธ์มาตรการให้บุคลากรใหม่ทราบด้วย",
)
EIT_COMMENTS = (
    "เจ้าหน้าที่กองช่างให้คำแนะนำเรื่องขออนุญาตก่อสร้างดีมาก แต่รอผลนานเกินไป",
    "อยากให้แจ้งผลการร้องเรียนเรื่องไฟทางสาธารณะให้ผู้ร้องทราบด้วย",
    "ควรเพิ่มช่องทางชำระภาษีที่ดินและสิ่งปลูกสร้างผ่านแอปพลิเคชันธนาคาร",
    "ประกาศจัดซื้อจัดจ้างบนเว็บไซต์หายาก อยากให้จัดหมวดหมู่ให้ค้นง่ายขึ้น",
    "เจ้าหน้าที่งานทะเบียนราษฎรบริการรวดเร็ว สุภาพ ขอชื่นชม",
    "อยากให้เทศบาลเปิดเวทีประชาคมรับฟังความเห็นเรื่องการจัดการขยะในชุมชนบ่อยขึ้น",
    "เพจ Facebook ของเทศบาลตอบคำถามช้า บางครั้งไม่ตอบ",
    "ควรติดป้ายแสดงขั้นตอนและระยะเวลาการให้บริการที่จุดบริการทุกจุด",
    "ช่วงเทศกาลมีผู้มาติดต่อมาก อยากให้เพิ่มเจ้าหน้าที่ที่จุดบริการแบบเบ็ดเสร็จ",
    "ขอบคุณที่นำระบบบัตรคิวมาใช้ ไม่ต้องรอนานเหมือนเดิม",
)


def _answers(rng: random.Random, questionnaire: Questionnaire, leaning) -> dict[str, list[int]]:
    """One respondent's chosen option per sub-question, drawn by the respondent's leaning."""
    _, scale, yes_no = leaning
    answers = {}
    for question in questionnaire.questions:
        chosen = []
        for sub in question.subs:
            values = [option_value(o, sub.reverse) for o in question.options]
            best_first = sorted(range(len(values)), key=lambda i: values[i], reverse=True)
            weights = scale if len(values) == 4 else yes_no
            chosen.append(rng.choices(best_first, weights=weights)[0])
        answers[question.code] = chosen
    return answers


def _answer_wave(
    wave: Wave, count: int, comments: tuple[str, ...], seed: str, last_day: dt.date, slips=()
) -> None:
    """Submit `count` synthetic responses over the wave's days, a comment on some of them."""
    rng = random.Random(seed)
    slips = list(slips)
    questionnaire = questionnaire_of(wave.framework_id, wave.tool)
    leanings = LEANINGS[wave.tool]
    with_comment = dict(zip(rng.sample(range(count), len(comments)), comments, strict=True))
    days = (last_day - wave.starts_on).days
    for n in range(count):
        leaning = rng.choices(leanings, weights=[share for share, *_ in leanings])[0]
        outcome = actions.submit_response(
            wave=wave,
            questionnaire=questionnaire,
            answers=_answers(rng, questionnaire, leaning),
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            comment=with_comment.get(n, ""),
            # a slip per staff member, as printed and handed out
            token=slips[n] if wave.tool == Tool.IIT else None,
            today=wave.starts_on + dt.timedelta(days=rng.randint(0, days)),
        )
        assert outcome == actions.Outcome.STORED, outcome


def _build_town(town: Agency, users: dict, today: dt.date) -> None:
    officer = users["officer"]
    # IIT: a month-long round that ended two weeks ago, then closed by the officer
    iit = actions.open_wave(
        acting_user=officer, agency=town, tool=Tool.IIT, fiscal_year=YEAR,
        starts_on=today - dt.timedelta(days=45), ends_on=today - dt.timedelta(days=15),
        population=IIT_STAFF,
    )  # fmt: skip
    slips = actions.issue_slips(acting_user=officer, wave=iit, count=IIT_STAFF)
    seed = f"ita-demo:iit:{town.code}"
    _answer_wave(iit, IIT_ANSWERS, IIT_COMMENTS, seed, iit.ends_on, slips)
    actions.close_wave(acting_user=officer, wave=iit)
    # EIT: open since three weeks ago, a month to go
    eit = actions.open_wave(
        acting_user=officer, agency=town, tool=Tool.EIT, fiscal_year=YEAR,
        starts_on=today - dt.timedelta(days=20), ends_on=today + dt.timedelta(days=30),
        population=EIT_USERS,
    )  # fmt: skip
    _answer_wave(eit, EIT_ANSWERS, EIT_COMMENTS, f"ita-demo:eit:{town.code}", today)


def _build_campaign(province: Province, users: dict, today: dt.date) -> None:
    # EIT only: an IIT campaign would print slips for all 85 agencies and open a second IIT
    # wave for the town beside its closed one. The town's open EIT wave is skipped by the action.
    campaign = actions.open_province_waves(
        acting_user=users["province_mhs"], province=province, tools=[Tool.EIT],
        fiscal_year=YEAR, starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=35), headcount=0,
    )  # fmt: skip
    waves = campaign.waves.filter(agency__code__in=list(CAMPAIGN_ANSWERS)).select_related("agency")
    for wave in waves:
        seed = f"ita-demo:campaign:{wave.agency.code}"
        _answer_wave(wave, CAMPAIGN_ANSWERS[wave.agency.code], (), seed, today)


@transaction.atomic
def build_survey_demo(admin, users: dict) -> dict[str, int]:
    """Build the town's waves and the province campaign where they are missing; return what
    there is (waves of the demo agencies for the year, their responses, campaigns)."""
    users = {**users, "admin": admin}
    today = timezone.localdate()
    town = Agency.objects.get(code=MHS_TOWN.code)
    if not Wave.objects.filter(agency=town, fiscal_year=YEAR, campaign=None).exists():
        _build_town(town, users, today)
    province = Province.objects.get(name=MHS)
    if not Campaign.objects.filter(province=province, fiscal_year=YEAR).exists():
        _build_campaign(province, users, today)
    waves = Wave.objects.filter(agency__is_demo=True, fiscal_year=YEAR)
    return {
        "fiscal_year": YEAR,
        "waves": waves.count(),
        "open": waves.filter(status=WaveStatus.OPEN).count(),
        "responses": Response.objects.filter(wave__in=waves).count(),
        "campaigns": Campaign.objects.filter(province=province, fiscal_year=YEAR).count(),
    }
