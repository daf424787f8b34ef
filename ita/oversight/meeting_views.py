"""Thin views of the committees, meetings and follow-ups: access helper → form → action →
redirect, or render. A refused action is a Thai message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ita.agencies.access import provinces_for_user
from ita.agencies.models import Agency
from ita.lib.thai_dates import fiscal_year_of, parse_fiscal_year
from ita.oversight import committees, followups, meetings
from ita.oversight.access import (
    get_agency_for_followups,
    get_committee_for_user,
    get_followup_for_coordinator,
    get_followup_to_answer,
    get_meeting_for_user,
    get_province_for_user,
    may_answer,
)
from ita.oversight.committees import OversightError
from ita.oversight.meeting_forms import (
    AnswerForm,
    CommitteeForm,
    FollowUpForm,
    IssueForm,
    MeetingForm,
    MemberForm,
)
from ita.oversight.models import Committee, FollowUpStatus, Meeting


def _agencies(province):
    """The province's agencies for the forms' selects (grouped there by district)."""
    return list(
        Agency.objects.filter(province=province)
        .select_related("district")
        .only("pk", "name", "agency_type", "district__name")
        .order_by("name")
    )


def _year(request) -> int:
    return parse_fiscal_year(request.GET.get("year", "")) or fiscal_year_of(timezone.localdate())


@login_required
def meeting_list(request, province_id: int):
    province = get_province_for_user(request.user, province_id)
    year = _year(request)
    rows = (
        Meeting.objects.filter(province=province, fiscal_year=year)
        .select_related("district")
        .annotate(
            n_followups=Count("followups"),
            n_open=Count("followups", filter=~Q(followups__status=FollowUpStatus.CLOSED)),
            n_answered=Count("followups", filter=Q(followups__status=FollowUpStatus.ANSWERED)),
        )
        .order_by("-held_on", "-pk")
    )
    years = sorted(
        set(Meeting.objects.filter(province=province).values_list("fiscal_year", flat=True))
        | {year},
        reverse=True,
    )
    return render(
        request,
        "oversight/meetings.html",
        {
            "province": province,
            "year": year,
            "years": years,
            "meetings": rows,
            "committees": Committee.objects.filter(province=province).order_by("-ordered_on")[:20],
        },
    )


def _meeting_form(request, province, meeting=None):
    initial = {}
    if meeting is None and request.GET.get("agency", "").isdecimal():
        # from an agency's follow-ups page: the meeting is most likely in its district
        agency = province.agencies.filter(pk=request.GET["agency"]).first()
        if agency is not None:
            initial = {"agencies": [agency.pk], "district": agency.district_id}
    elif meeting is not None:
        initial = {
            "kind": meeting.kind, "title": meeting.title, "held_on": meeting.held_on,
            "place": meeting.place, "district": meeting.district_id,
            "committee": meeting.committee_id, "notes": meeting.notes,
            "agencies": [a.pk for a in meeting.agencies_present.all()],
        }  # fmt: skip
    return MeetingForm(
        request.POST or None,
        initial=initial,
        districts=list(province.districts.all()),
        committees=list(Committee.objects.filter(province=province)),
        agencies=_agencies(province),
    )


def _save_meeting(request, province, meeting=None):
    form = _meeting_form(request, province, meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.save_meeting(
                acting_user=request.user, province=province, data=form.to_input(), meeting=meeting
            )
        except OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("บันทึกการประชุมแล้ว เพิ่มประเด็นและเรื่องที่ต้องติดตามได้ด้านล่าง"))
            url = reverse("oversight:meeting", args=[meeting.pk])
            agency = request.GET.get("agency", "")
            # logged from an agency's page: its follow-up comes next, the agency chosen
            return redirect(url + (f"?agency={agency}" if agency.isdecimal() else ""))
    return render(
        request,
        "oversight/meeting_form.html",
        {"province": province, "form": form, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_new(request, province_id: int):
    return _save_meeting(request, get_province_for_user(request.user, province_id))


@login_required
def meeting_edit(request, meeting_id: int):
    meeting = get_meeting_for_user(request.user, meeting_id)
    return _save_meeting(request, meeting.province, meeting)


def _meeting_page(request, meeting, issue_form=None, followup_form=None, status=200):
    province = meeting.province
    issues = list(meeting.issues.all())
    agency = request.GET.get("agency", "")
    return render(
        request,
        "oversight/meeting.html",
        {
            "meeting": meeting,
            "province": province,
            "present": list(meeting.agencies_present.order_by("name")),
            "today": timezone.localdate(),
            "issues": issues,
            "followups": meeting.followups.select_related("agency", "issue").order_by(
                "due_on", "pk"
            ),
            "issue_form": issue_form
            or IssueForm(indicators=meetings.indicator_numbers(meeting.fiscal_year)),
            "followup_form": followup_form
            or FollowUpForm(
                initial={"agency": int(agency)} if agency.isdecimal() else {},
                agencies=_agencies(province),
                issues=issues,
            ),
        },
        status=status,
    )


@login_required
def meeting_detail(request, meeting_id: int):
    return _meeting_page(request, get_meeting_for_user(request.user, meeting_id))


@login_required
@require_POST
def issue_add(request, meeting_id: int):
    meeting = get_meeting_for_user(request.user, meeting_id)
    form = IssueForm(request.POST, indicators=meetings.indicator_numbers(meeting.fiscal_year))
    if form.is_valid():
        try:
            meetings.add_issue(acting_user=request.user, meeting=meeting, **form.cleaned_data)
        except OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("บันทึกประเด็นแล้ว"))
            return redirect("oversight:meeting", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, issue_form=form, status=400)


@login_required
@require_POST
def followup_add(request, meeting_id: int):
    meeting = get_meeting_for_user(request.user, meeting_id)
    form = FollowUpForm(
        request.POST, agencies=_agencies(meeting.province), issues=list(meeting.issues.all())
    )
    if form.is_valid():
        try:
            meetings.add_followup(acting_user=request.user, meeting=meeting, data=form.to_input())
        except OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("บันทึกเรื่องที่ต้องติดตามแล้ว หน่วยงานจะเห็นในหน้าเรื่องที่จังหวัดติดตาม"))
            return redirect("oversight:meeting", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, followup_form=form, status=400)


@login_required
def followup_edit(request, followup_id: int):
    followup = get_followup_for_coordinator(request.user, followup_id)
    meeting = followup.meeting
    initial = {"agency": followup.agency_id, "request": followup.request,
               "due_on": followup.due_on, "issue": followup.issue_id}  # fmt: skip
    form = FollowUpForm(
        request.POST or None, initial=initial,
        agencies=_agencies(meeting.province), issues=list(meeting.issues.all()),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            meetings.edit_followup(acting_user=request.user, followup=followup,
                                   data=form.to_input())  # fmt: skip
        except OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("แก้ไขเรื่องที่ต้องติดตามแล้ว"))
            return redirect("oversight:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "oversight/followup_form.html",
        {"followup": followup, "meeting": meeting, "province": meeting.province, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def followup_close(request, followup_id: int):
    followup = get_followup_for_coordinator(request.user, followup_id)
    try:
        followups.close_followup(acting_user=request.user, followup=followup)
        messages.success(request, _("ปิดเรื่องแล้ว"))
    except OversightError as exc:
        messages.error(request, str(exc))
    return redirect("oversight:meeting", meeting_id=followup.meeting_id)


# --- committees -------------------------------------------------------------------------------


def _save_committee(request, province, committee=None):
    initial = {}
    if committee is not None:
        initial = {"number": committee.number, "ordered_on": committee.ordered_on,
                   "title": committee.title, "lead_agency": committee.lead_agency_id}  # fmt: skip
    form = CommitteeForm(request.POST or None, initial=initial, agencies=_agencies(province))
    if request.method == "POST" and form.is_valid():
        try:
            committee = committees.save_committee(
                acting_user=request.user, province=province, data=form.to_input(),
                committee=committee,
            )  # fmt: skip
        except OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("บันทึกคำสั่งแล้ว"))
            return redirect("oversight:committee", committee_id=committee.pk)
    return render(
        request,
        "oversight/committee_form.html",
        {"province": province, "form": form, "committee": committee},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def committee_new(request, province_id: int):
    return _save_committee(request, get_province_for_user(request.user, province_id))


@login_required
def committee_edit(request, committee_id: int):
    committee = get_committee_for_user(request.user, committee_id)
    return _save_committee(request, committee.province, committee)


@login_required
@require_POST
def member_remove(request, committee_id: int, member_id: int):
    committee = get_committee_for_user(request.user, committee_id)
    member = get_object_or_404(committee.members, pk=member_id)
    committees.remove_member(acting_user=request.user, member=member)
    messages.success(request, _("นำกรรมการออกจากคำสั่งแล้ว"))
    return redirect("oversight:committee", committee_id=committee.pk)


def _committee_page(request, committee, form=None, status=200):
    return render(
        request,
        "oversight/committee.html",
        {
            "committee": committee,
            "province": committee.province,
            "members": committee.members.select_related("agency"),
            "form": form or MemberForm(agencies=_agencies(committee.province)),
        },
        status=status,
    )


@login_required
def committee_detail(request, committee_id: int):
    return _committee_page(request, get_committee_for_user(request.user, committee_id))


@login_required
@require_POST
def member_add(request, committee_id: int):
    committee = get_committee_for_user(request.user, committee_id)
    form = MemberForm(request.POST, agencies=_agencies(committee.province))
    if form.is_valid():
        try:
            committees.add_member(acting_user=request.user, committee=committee,
                                  data=form.to_input())  # fmt: skip
        except OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("เพิ่มกรรมการแล้ว"))
            return redirect("oversight:committee", committee_id=committee.pk)
    return _committee_page(request, committee, form=form, status=400)


# --- the agency's side ------------------------------------------------------------------------


@login_required
def agency_followups(request, agency_id: int):
    agency = get_agency_for_followups(request.user, agency_id)
    closed = (
        agency.followups.filter(status=FollowUpStatus.CLOSED)
        .select_related("meeting", "meeting__district")
        .order_by("-closed_at", "-pk")[:50]
    )
    return render(
        request,
        "oversight/agency_followups.html",
        {
            "agency": agency,
            "open": followups.open_followups_for_agency(agency),
            "closed": closed,
            "may_answer": may_answer(request.user, agency),
            "may_log": provinces_for_user(request.user).filter(pk=agency.province_id).exists(),
            "today": timezone.localdate(),
        },
    )


@login_required
def followup_answer(request, followup_id: int):
    followup = get_followup_to_answer(request.user, followup_id)
    form = AnswerForm(
        request.POST or None,
        initial={"answer": followup.answer, "evidence_url": followup.evidence_url},
    )
    if request.method == "POST" and form.is_valid():
        try:
            followups.answer_followup(acting_user=request.user, followup=followup,
                                      **form.cleaned_data)  # fmt: skip
        except OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("ส่งคำตอบถึงจังหวัดแล้ว"))
            return redirect("oversight:agency_followups", agency_id=followup.agency_id)
    return render(
        request,
        "oversight/followup_answer.html",
        {"followup": followup, "agency": followup.agency, "form": form},
        status=400 if request.method == "POST" else 200,
    )
