"""Section 4 of the province report: the committees, meetings and follow-ups the coordinator
recorded in the year of the measures (FY 2563 for the FY 2562 results), each follow-up with its
owner, due date, status and answer, written through the oversight actions as a coordinator
would."""

from __future__ import annotations

import datetime as dt

import pytest

from ita.agencies.models import District
from ita.documents.render_docx import render_docx
from ita.documents.render_pdf import render_pdf
from ita.documents.tests.test_fidelity import (
    assert_no_lonely_signature,
    assert_same_text,
    docx_paragraphs,
    pdf_text,
)
from ita.oversight import committees, followups, meetings
from ita.oversight.report import build_province_report
from ita.oversight.tests.conftest import build_province

pytestmark = pytest.mark.django_db
EVIDENCE = "https://own.example.go.th/ita/o12-2563"


def record_the_year(world) -> None:
    c = world.coordinator
    committee = committees.save_committee(acting_user=c, province=world.province,
        data=committees.CommitteeInput(number="1234/2563", ordered_on=dt.date(2019, 11, 20),
                                       title="แต่งตั้งคณะกรรมการกำกับติดตาม ITA",
                                       lead_agency_id=world.own.pk))  # fmt: skip
    for role in ("chair", "secretary"):
        member = committees.MemberInput(position="ผู้ว่าราชการจังหวัด", role=role)
        committees.add_member(acting_user=c, committee=committee, data=member)
    pai = District.objects.get(province=world.province, name="ปาย")
    meeting = meetings.save_meeting(acting_user=c, province=world.province,
        data=meetings.MeetingInput(kind="clinic", title="คลินิก ITA อำเภอปาย",
                                   held_on=dt.date(2020, 1, 15), place="ที่ว่าการอำเภอปาย",
                                   district_id=pai.pk, committee_id=committee.pk,
                                   agency_ids=[world.own.pk, world.neighbour.pk]))  # fmt: skip
    issue = meetings.add_issue(acting_user=c, meeting=meeting, indicator=10,
                               text="ยังไม่เผยแพร่แผนป้องกันการทุจริต")  # fmt: skip

    def ask(agency, request):
        data = meetings.FollowUpInput(agency_id=agency.pk, request=request,
                                      due_on=dt.date(2020, 2, 14), issue_id=issue.pk)  # fmt: skip
        return meetings.add_followup(acting_user=c, meeting=meeting, data=data)

    answered = ask(world.own, "เผยแพร่แผนป้องกันการทุจริตประจำปี")
    followups.answer_followup(acting_user=world.officer, followup=answered,
                              answer="เผยแพร่บนเว็บไซต์แล้ว", evidence_url=EVIDENCE)  # fmt: skip
    ask(world.neighbour, "จัดทำรายงานการประเมินความเสี่ยงการทุจริต")


def test_the_follow_up_log_is_printed_with_owner_due_date_status_and_answer(world, tmp_path):
    build_province(world.national, which=lambda i: i % 9 == 0, years=(2562,))
    record_the_year(world)
    doc = build_province_report(world.province, 2562)
    data, pdf_bytes = render_docx(doc), render_pdf(doc)
    text = "\n".join(" ".join(p) for p in docx_paragraphs(data))
    for printed in (
        "ตามคำสั่งที่ ๑๒๓๔/๒๕๖๓ ลงวันที่ ๒๐ พฤศจิกายน ๒๕๖๒",  # measure 1 cites the order
        "คลินิก ITA อำเภอปาย",
        "จัดประชุมและคลินิกแล้ว ๑ ครั้ง (คลินิก ๑ ครั้ง)",
        "ยังไม่เผยแพร่แผนป้องกันการทุจริต",  # the issue, in the meetings table
        "เผยแพร่แผนป้องกันการทุจริตประจำปี\n(ตัวชี้วัดที่ ๑๐)",  # the follow-up, its indicator
        "เรื่องที่ต้องติดตาม ๒ เรื่อง ปิดแล้ว ๐ เรื่อง หน่วยงานตอบแล้วรอพิจารณา ๑ เรื่อง ยังไม่ตอบ ๑ เรื่อง",
        "เทศบาลเมืองทดสอบ",  # the owner of the answered one
        "๑๔ ก.พ. ๒๕๖๓",  # its due date
        "ตอบแล้ว",
        "เผยแพร่บนเว็บไซต์แล้ว",
        f"หลักฐาน: {EVIDENCE}",  # the URL as typed, digits untouched
    ):
        assert printed in text, printed
    pdf = pdf_text(pdf_bytes, tmp_path)
    assert EVIDENCE in pdf.replace("\n", "")
    assert_same_text(data, pdf)
    assert_no_lonely_signature(pdf_text(pdf_bytes, tmp_path, raw=False), "province")


def test_an_empty_log_says_so(world):
    build_province(world.national, which=lambda i: i % 9 == 0, years=(2562,))
    doc = build_province_report(world.province, 2562)
    text = "\n".join(" ".join(p) for p in docx_paragraphs(render_docx(doc)))
    assert "-ยังไม่มีการประชุมหรือคลินิกที่บันทึกในระบบ-" in text
    assert "(ยังไม่ได้บันทึกคำสั่งแต่งตั้งในระบบ)" in text
