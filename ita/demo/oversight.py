"""The province's oversight work of seed 000 for the demo province แม่ฮ่องสอน: the two committee
orders of FY 2563 (the ITA committee with the regional offices as owners, and the committee that
follows up the 35 regional offices and 50 local governments; the natural-resources office as
secretary), a briefing on the FY 2562 results, a rehearsal of the working method, a follow-up
meeting in each of the 7 districts and the ITA clinic, with follow-ups to the local governments
lowest on indicator 10 in FY 2562; some answered, one closed.

The seed leaves the orders' numbers and dates blank ("ที่ /๒๕๖๓ ลงวันที่"): the ones here are made
up and say so. Everything goes through the oversight actions, as the coordinator would; a second
run writes nothing."""

from __future__ import annotations

import datetime as dt

from ita.agencies.models import Agency, AgencyType, Province
from ita.assessments.models import IndicatorScore, Source
from ita.demo.agencies import MHS, MHS_MAEHOM, MHS_TOWN, PANGMU
from ita.oversight import committees, followups, meetings
from ita.oversight.models import Committee, CommitteeRole

R = CommitteeRole
ORDERS = (
    ("DEMO-1/2563", dt.date(2019, 10, 15),
     "แต่งตั้งคณะกรรมการในการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
     "ประจำปีงบประมาณ พ.ศ. 2563 (เลขที่ตัวอย่าง)"),
    ("DEMO-2/2563", dt.date(2019, 10, 15),
     "แต่งตั้งคณะกรรมการกำกับติดตามการดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
     "ของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. 2563 (เลขที่ตัวอย่าง)"),
)  # fmt: skip
# (position, role, regional office code suffix or None): orders name posts, not people
MEMBERS = (
    ("ผู้ว่าราชการจังหวัดแม่ฮ่องสอน", R.CHAIR, "PROVINCE"),
    ("รองผู้ว่าราชการจังหวัดแม่ฮ่องสอน", R.VICE_CHAIR, "PROVINCE"),
    ("หัวหน้าสำนักงานจังหวัดแม่ฮ่องสอน", R.MEMBER, "PROVINCE"),
    ("ท้องถิ่นจังหวัดแม่ฮ่องสอน", R.MEMBER, "DLA"),
    ("ปลัดจังหวัดแม่ฮ่องสอน", R.MEMBER, "DOPA"),
    ("นายอำเภอทุกอำเภอ", R.MEMBER, None),
    ("ผู้อำนวยการสำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดแม่ฮ่องสอน", R.SECRETARY, "NRE"),
    ("ผู้อำนวยการกลุ่มงานยุทธศาสตร์ สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด",
     R.ASSISTANT_SECRETARY, "NRE"),
)  # fmt: skip
DISTRICT_MEETINGS = (  # district, date (FY 2563)
    ("เมืองแม่ฮ่องสอน", dt.date(2019, 12, 3)), ("ขุนยวม", dt.date(2019, 12, 5)),
    ("ปาย", dt.date(2019, 12, 10)), ("ปางมะผ้า", dt.date(2019, 12, 12)),
    ("แม่สะเรียง", dt.date(2019, 12, 17)), ("แม่ลาน้อย", dt.date(2019, 12, 19)),
    ("สบเมย", dt.date(2019, 12, 24)),
)  # fmt: skip
ISSUES = (
    ("เว็บไซต์ยังไม่เปิดเผยข้อมูลตามองค์ประกอบ 43 ข้อ โดยเฉพาะแผนและผลการจัดซื้อจัดจ้าง", 9),
    ("ยังไม่มีมาตรการป้องกันการทุจริตและการประเมินความเสี่ยงที่เผยแพร่ต่อสาธารณะ", 10),
)
ASK_9 = "เผยแพร่แผนการจัดซื้อจัดจ้างและรายงานผลการจัดซื้อจัดจ้างรายเดือนบนเว็บไซต์ ส่งลิงก์ให้จังหวัด"
ASK_10 = "จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสและการประเมินความเสี่ยงการทุจริต เผยแพร่บนเว็บไซต์"
ANSWER = "ดำเนินการแล้ว เผยแพร่บนเว็บไซต์ของหน่วยงาน หัวข้อการเปิดเผยข้อมูลสาธารณะ"
DEMO_OFFICERS = {MHS_TOWN.code: "officer", PANGMU.code: "officer_pangmu"}


def _lowest_on_10(district_name: str, n: int = 2) -> list[Agency]:
    """The district's local governments lowest on indicator 10 in FY 2562 (seed 000's weak spot)."""
    rows = (
        IndicatorScore.objects.filter(
            assessment__agency__province__name=MHS,
            assessment__agency__district__name=district_name,
            assessment__agency__agency_type__in=AgencyType.local_government(),
            assessment__fiscal_year=2562, assessment__source=Source.OFFICIAL,
            indicator__number=10,
        )
        .order_by("score", "assessment__agency__code")
        .select_related("assessment__agency")[:n]
    )  # fmt: skip
    return [r.assessment.agency for r in rows]


def _committee(coordinator, province, offices: dict[str, Agency]) -> Committee:
    for number, day, title in ORDERS:
        order = committees.save_committee(
            acting_user=coordinator, province=province,
            data=committees.CommitteeInput(number=number, ordered_on=day, title=title,
                                           lead_agency_id=offices["NRE"].pk),
        )  # fmt: skip
        for position, role, office in MEMBERS:
            agency_id = offices[office].pk if office else None
            committees.add_member(acting_user=coordinator, committee=order,
                                  data=committees.MemberInput(position=position, role=role,
                                                              agency_id=agency_id))  # fmt: skip
    return order  # the second, the follow-up committee, holds the meetings


def _meeting(coordinator, province, kind, title, day, place, agencies, **extra):
    return meetings.save_meeting(
        acting_user=coordinator, province=province,
        data=meetings.MeetingInput(kind=kind, title=title, held_on=day, place=place,
                                   agency_ids=[a.pk for a in agencies], **extra),
    )  # fmt: skip


def _district_meeting(coordinator, province, committee, district, day, offices) -> list:
    local = list(
        Agency.objects.filter(province=province, district=district,
                              agency_type__in=AgencyType.local_government()).order_by("code")
    )  # fmt: skip
    meeting = _meeting(
        coordinator, province, "follow_up",
        f"ประชุมติดตามการดำเนินงานประเมิน ITA ปี 2563 ระดับพื้นที่ อำเภอ{district.name}",
        day, f"ห้องประชุมที่ว่าการอำเภอ{district.name}", [*local, offices["DLA"], offices["NRE"]],
        district_id=district.pk, committee_id=committee.pk,
        notes="ชี้แจงผลคะแนนตัวชี้วัดที่ 9 และ 10 ปี 2562 และแนวทางปรับปรุงตามองค์ประกอบ 43 ข้อ",
    )  # fmt: skip
    issues = [
        meetings.add_issue(acting_user=coordinator, meeting=meeting, text=text, indicator=number)
        for text, number in ISSUES
    ]
    targets = _lowest_on_10(district.name)
    for code in (MHS_TOWN.code, PANGMU.code) if district.name == "เมืองแม่ฮ่องสอน" else ():
        agency = Agency.objects.get(code=code)
        if agency not in targets:
            targets.append(agency)
    asked = []
    for agency in targets:
        for issue, text, days in ((issues[1], ASK_10, 45), (issues[0], ASK_9, 30)):
            due = day + dt.timedelta(days=days)
            data = meetings.FollowUpInput(agency_id=agency.pk, request=text, due_on=due,
                                          issue_id=issue.pk)  # fmt: skip
            asked.append(meetings.add_followup(acting_user=coordinator, meeting=meeting, data=data))
    return asked


def _answers(asked: list, users: dict, coordinator) -> int:
    """The demo officers answer theirs (the town's first is closed), อบต.แม่ฮ่อม answers one."""
    answered = 0
    for f in asked:
        who = DEMO_OFFICERS.get(f.agency.code)
        if who is None and not (f.agency.code == MHS_MAEHOM.code and "จัดซื้อ" in f.request):
            continue
        actor = users.get(who) if who else users["admin"]
        url = f"{f.agency.website}/oit/{'o12' if 'จัดซื้อ' in f.request else 'o36'}"
        followups.answer_followup(acting_user=actor, followup=f, answer=ANSWER, evidence_url=url)
        answered += 1
        if f.agency.code == MHS_TOWN.code and "จัดซื้อ" in f.request:
            followups.close_followup(acting_user=coordinator, followup=f)
    return answered


def build_oversight_demo(admin, users: dict) -> dict[str, int]:
    province = Province.objects.get(name=MHS)
    if Committee.objects.filter(province=province, number=ORDERS[0][0]).exists():
        return {"meetings": province.meetings.count(), "written": 0}
    coordinator = users.get("province_mhs") or admin
    offices = {a.code.removeprefix("DEMO-MSN-R-"): a
               for a in Agency.objects.filter(code__startswith="DEMO-MSN-R-")}  # fmt: skip
    committee = _committee(coordinator, province, offices)
    hall = "ห้องประชุมศาลากลางจังหวัดแม่ฮ่องสอน"
    everyone = list(Agency.objects.filter(province=province, is_demo=True))
    _meeting(coordinator, province, "briefing",
             "ประชุมชี้แจงผลการประเมิน ITA ปีงบประมาณ 2562 และแนวทางปีงบประมาณ 2563",
             dt.date(2019, 9, 17), hall, everyone,
             notes="ตัวชี้วัดที่ 9 ได้ 38.67 ตัวชี้วัดที่ 10 ได้ 25.89 ต่ำกว่าเกณฑ์ ต้องแก้ไขเร่งด่วน")  # fmt: skip
    _meeting(coordinator, province, "rehearsal",
             "ประชุมซักซ้อมแนวทางการปฏิบัติงาน การวิเคราะห์ข้อมูล และการลงระบบข้อมูล",
             dt.date(2019, 11, 8), hall, everyone, committee_id=committee.pk)  # fmt: skip
    districts = {d.name: d for d in province.districts.all()}
    asked = []
    for name, day in DISTRICT_MEETINGS:
        asked += _district_meeting(coordinator, province, committee, districts[name], day, offices)
    visitors = list(Agency.objects.filter(code__in=[MHS_MAEHOM.code, PANGMU.code]))
    clinic = _meeting(coordinator, province, "clinic", "คลินิก ITA ให้คำปรึกษาแนะนำการเปิดเผยข้อมูล",
                      dt.date(2020, 2, 11), offices["NRE"].name, visitors,
                      committee_id=committee.pk)  # fmt: skip
    issue = meetings.add_issue(
        acting_user=coordinator, meeting=clinic, indicator=9,
        text="ลิงก์บนเว็บไซต์ไปไม่ถึงเอกสาร (หน้าแรกของเว็บไซต์ ไม่ใช่หน้าข้อมูล)",
    )  # fmt: skip
    for agency in visitors:
        data = meetings.FollowUpInput(
            agency_id=agency.pk, issue_id=issue.pk,
            request="แก้ลิงก์ของข้อ O1–O10 ให้ชี้ไปที่หน้าข้อมูลโดยตรง", due_on=dt.date(2020, 3, 13),
        )  # fmt: skip
        asked.append(meetings.add_followup(acting_user=coordinator, meeting=clinic, data=data))
    answered = _answers(asked, users, coordinator)
    return {"meetings": province.meetings.count(), "followups": len(asked), "answered": answered,
            "written": 1}  # fmt: skip
