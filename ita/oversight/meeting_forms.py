"""Forms of the committees, meetings and follow-ups: they read and convert the fields, with
choices limited to the province; the rules are the actions' (which say no in the reader's
language)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ita.agencies.models import AgencyType
from ita.lib.forms import ThaiDateField
from ita.oversight.committees import CommitteeInput, MemberInput
from ita.oversight.meetings import FollowUpInput, MeetingInput
from ita.oversight.models import CommitteeRole, MeetingKind
from ita.oversight.presentation import district_label

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


def _pick(label: str, required: bool = False) -> forms.TypedChoiceField:
    """A select of ids (agency, district, committee, indicator): choices set per form."""
    return forms.TypedChoiceField(
        label=label, required=required, coerce=int, empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip


def _agency_choices(agencies, blank: str | None) -> list:
    """Grouped as a province lists them: the regional offices, then each district's local
    governments (85 names in one list are hard to pick from)."""
    groups: dict[str, list] = {}
    for a in agencies:
        if a.agency_type == AgencyType.REGIONAL_OFFICE:
            label = AgencyType.REGIONAL_OFFICE.label
        else:
            label = district_label(a.district) if a.district_id else gettext("หน่วยงานอื่นในจังหวัด")
        groups.setdefault(label, []).append((a.pk, a.name))
    head = [("", blank)] if blank is not None else []
    regional = groups.pop(AgencyType.REGIONAL_OFFICE.label, None)
    ordered = ([(AgencyType.REGIONAL_OFFICE.label, regional)] if regional else []) + sorted(
        groups.items()
    )
    return head + ordered


class CommitteeForm(forms.Form):
    number = forms.CharField(
        label=_("เลขที่คำสั่ง"), max_length=32,
        widget=forms.TextInput(attrs=TEXT | {"placeholder": _("เช่น 123/2563")}),
    )  # fmt: skip
    ordered_on = ThaiDateField(label=_("ลงวันที่"))
    title = forms.CharField(label=_("เรื่อง"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    lead_agency = _pick(_("หน่วยงานหลัก"))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].choices = _agency_choices(agencies, "–")

    def to_input(self) -> CommitteeInput:
        d = self.cleaned_data
        return CommitteeInput(number=d["number"], ordered_on=d["ordered_on"], title=d["title"],
                              lead_agency_id=d["lead_agency"])  # fmt: skip


class MemberForm(forms.Form):
    name = forms.CharField(label=_("ชื่อ-สกุล"), max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEXT))  # fmt: skip
    position = forms.CharField(
        label=_("ตำแหน่ง"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    agency = _pick(_("หน่วยงาน"))
    role = forms.ChoiceField(
        label=_("ตำแหน่งในคณะกรรมการ"), choices=CommitteeRole.choices, initial=CommitteeRole.MEMBER,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(agencies, "–")

    def to_input(self) -> MemberInput:
        d = self.cleaned_data
        return MemberInput(name=d["name"], position=d["position"], agency_id=d["agency"],
                           role=d["role"])  # fmt: skip


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("ประเภท"), choices=MeetingKind.choices,
                             widget=forms.Select(attrs=SELECT))  # fmt: skip
    title = forms.CharField(label=_("เรื่อง"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    held_on = ThaiDateField(label=_("วันที่"))
    place = forms.CharField(label=_("สถานที่"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    district = _pick(_("อำเภอ"))
    committee = _pick(_("คณะกรรมการ"))
    agencies = forms.TypedMultipleChoiceField(
        label=_("หน่วยงานที่เข้าร่วม"), required=False, coerce=int,
        widget=forms.SelectMultiple(attrs=SELECT | {"size": "8"}),
    )  # fmt: skip
    notes = forms.CharField(label=_("สรุปการประชุม"), required=False,
                            widget=forms.Textarea(attrs=TEXT | {"rows": 4}))  # fmt: skip

    def __init__(self, *args, districts, committees, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", gettext("ระดับจังหวัด (ไม่ระบุอำเภอ)"))] + [
            (d.pk, district_label(d)) for d in districts
        ]
        self.fields["committee"].choices = [("", "–")] + [
            (c.pk, gettext("คำสั่งที่ %(number)s %(title)s") % {"number": c.number, "title": c.title})
            for c in committees
        ]
        self.fields["agencies"].choices = _agency_choices(agencies, None)

    def to_input(self) -> MeetingInput:
        d = self.cleaned_data
        return MeetingInput(
            kind=d["kind"], title=d["title"], held_on=d["held_on"], place=d["place"],
            district_id=d["district"], committee_id=d["committee"], agency_ids=d["agencies"],
            notes=d["notes"],
        )  # fmt: skip


class IssueForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("field", "ประเด็นที่พบ"), widget=forms.Textarea(attrs=TEXT | {"rows": 2})
    )
    indicator = _pick(_("ตัวชี้วัด"))

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", gettext("ไม่ระบุ"))] + [
            (n, gettext("ตัวชี้วัดที่ %(n)s") % {"n": n}) for n in indicators
        ]


class FollowUpForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("หน่วยงานที่รับผิดชอบ"), coerce=int,
                                    widget=forms.Select(attrs=SELECT))  # fmt: skip
    request = forms.CharField(label=_("สิ่งที่ขอให้ดำเนินการ"),
                              widget=forms.Textarea(attrs=TEXT | {"rows": 2}))  # fmt: skip
    due_on = ThaiDateField(label=_("กำหนดส่ง"))
    issue = forms.TypedChoiceField(label=_("ประเด็น"), required=False, coerce=int, empty_value=None,
                                   widget=forms.Select(attrs=SELECT))  # fmt: skip

    def __init__(self, *args, agencies, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(agencies, gettext("— เลือกหน่วยงาน —"))
        self.fields["issue"].choices = [("", gettext("ไม่ระบุ"))] + [
            (i.pk, f"{i.order}. {i.text[:60]}") for i in issues
        ]

    def to_input(self) -> FollowUpInput:
        d = self.cleaned_data
        return FollowUpInput(agency_id=d["agency"], request=d["request"], due_on=d["due_on"],
                             issue_id=d["issue"])  # fmt: skip


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("คำตอบ/ผลการดำเนินการ"),
                             widget=forms.Textarea(attrs=TEXT | {"rows": 4}))  # fmt: skip
    evidence_url = forms.URLField(
        label=_("ลิงก์หลักฐาน (ถ้ามี)"), required=False, max_length=500,
        widget=forms.URLInput(attrs=TEXT | {"placeholder": "https://"}),
        error_messages={"invalid": _("กรุณากรอกลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://")},
    )  # fmt: skip
