"""Committee orders and their members: each write one audited action (views, the demo and the
tests call these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ita.agencies.models import Agency
from ita.audit.log import record
from ita.lib.policy import require
from ita.lib.thai_dates import fiscal_year_of
from ita.oversight.models import Committee, CommitteeMember, CommitteeRole


class OversightError(ValueError):
    """Said to the coordinator or the officer in their language (Thai by default, as in the
    management commands); nothing was written."""


@dataclass(frozen=True)
class CommitteeInput:
    number: str
    ordered_on: dt.date
    title: str
    lead_agency_id: int | None = None


@dataclass(frozen=True)
class MemberInput:
    position: str
    role: str
    name: str = ""
    agency_id: int | None = None


def province_agency(province, agency_id: int | None) -> Agency | None:
    """The agency of this province, or None for none; an agency elsewhere is refused."""
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id, province=province).first()
    if agency is None:
        raise OversightError(_("หน่วยงานที่เลือกไม่อยู่ในจังหวัดนี้"))
    return agency


def _snapshot(c: Committee) -> dict:
    return {
        "number": c.number,
        "ordered_on": c.ordered_on.isoformat(),
        "title": c.title,
        "lead_agency": c.lead_agency_id,
    }


@transaction.atomic
def save_committee(
    *, acting_user, province, data: CommitteeInput, committee: Committee | None = None
) -> Committee:
    require(acting_user, "oversight.keep_log", province)
    number, title = data.number.strip(), data.title.strip()
    if not number or not title:
        raise OversightError(_("กรุณากรอกเลขที่คำสั่งและเรื่อง"))
    taken = Committee.objects.filter(province=province, number=number)
    if committee is not None:
        taken = taken.exclude(pk=committee.pk)
    if taken.exists():
        raise OversightError(_("จังหวัดนี้มีคำสั่งเลขที่ %(number)s อยู่แล้ว") % {"number": number})
    lead = province_agency(province, data.lead_agency_id)
    before = _snapshot(committee) if committee else None
    committee = committee or Committee(province=province, created_by=acting_user)
    committee.number, committee.title, committee.lead_agency = number, title, lead
    committee.ordered_on, committee.fiscal_year = data.ordered_on, fiscal_year_of(data.ordered_on)
    committee.save()
    record(
        actor=acting_user,
        action="oversight.committee_saved" if before else "oversight.committee_created",
        obj=committee,
        before=before,
        after=_snapshot(committee),
    )
    return committee


@transaction.atomic
def add_member(*, acting_user, committee: Committee, data: MemberInput) -> CommitteeMember:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)  # the next order
    require(acting_user, "oversight.keep_log", committee.province)
    if data.role not in CommitteeRole.values:
        raise OversightError(_("กรุณาเลือกตำแหน่งในคณะกรรมการ"))
    if not data.position.strip():
        raise OversightError(_("กรุณากรอกตำแหน่งของกรรมการ"))
    agency = province_agency(committee.province, data.agency_id)
    last = committee.members.aggregate(n=Max("order"))["n"] or 0
    member = CommitteeMember.objects.create(
        committee=committee,
        order=last + 1,
        name=data.name.strip(),
        position=data.position.strip(),
        agency=agency,
        role=data.role,
    )
    record(
        actor=acting_user,
        action="oversight.committee_member_added",
        obj=member,
        agency=agency,
        after={"committee": committee.pk, "name": member.name, "position": member.position,
               "role": member.role, "agency": member.agency_id},
    )  # fmt: skip
    return member


@transaction.atomic
def remove_member(*, acting_user, member: CommitteeMember) -> None:
    """A seat taken off the order (a wrong entry, a post abolished); the others keep their
    numbers, as an amended order would."""
    require(acting_user, "oversight.keep_log", member.committee.province)
    record(
        actor=acting_user,
        action="oversight.committee_member_removed",
        obj=member,
        agency=member.agency,
        before={"committee": member.committee_id, "order": member.order, "name": member.name,
                "position": member.position, "role": member.role, "agency": member.agency_id},
    )  # fmt: skip
    member.delete()
