"""Who may open which dashboard: a province's dashboard its coordinators and the national
administrators, the national one the national administrators only. Both rules are the ones of
agencies.access; anyone else gets 404, the same as a province that does not exist. The same
holds for the province's committees and meetings; a follow-up is also its owner agency's."""

from __future__ import annotations

from django.http import Http404

from ita.agencies.access import (
    coordinates,
    get_agency_for_user,
    is_national,
    provinces_for_user,
    roles_in,
)
from ita.agencies.models import Agency, Province, Role
from ita.lib.policy import rule
from ita.oversight.models import Committee, FollowUp, Meeting


def get_province_for_user(user, pk: int) -> Province:
    try:
        return provinces_for_user(user).get(pk=pk)
    except (Province.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบจังหวัด") from None


def require_national(user) -> None:
    if not is_national(user):
        raise Http404("ไม่พบหน้านี้")


def oversees_anything(user) -> bool:
    """The menu's rule: a coordinator of some province, or a national administrator."""
    return user.is_authenticated and provinces_for_user(user).exists()


# --- committees, meetings and follow-ups ------------------------------------------------------
# The province's coordinators (and national administrators) keep the log; the owner agency's
# officer and executive see and answer what is asked of it. Anything else is 404.

ANSWER_ROLES = {Role.OFFICER, Role.EXECUTIVE}
SEE_ROLES = ANSWER_ROLES | {Role.PROVINCE_COORDINATOR, Role.NATIONAL_ADMIN}


def get_committee_for_user(user, pk: int) -> Committee:
    try:
        return Committee.objects.select_related("province", "lead_agency").get(
            pk=pk, province__in=provinces_for_user(user)
        )
    except (Committee.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบคำสั่ง") from None


def get_meeting_for_user(user, pk: int) -> Meeting:
    try:
        return Meeting.objects.select_related("province", "district", "committee").get(
            pk=pk, province__in=provinces_for_user(user)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบการประชุม") from None


def get_followup_for_coordinator(user, pk: int) -> FollowUp:
    try:
        return FollowUp.objects.select_related("meeting", "agency").get(
            pk=pk, meeting__province__in=provinces_for_user(user)
        )
    except (FollowUp.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบเรื่องที่ติดตาม") from None


def get_agency_for_followups(user, agency_id: int) -> Agency:
    """The agency whose follow-ups this user may read: its officer or executive, its
    province's coordinator, a national administrator."""
    agency = get_agency_for_user(user, agency_id)
    if not roles_in(user, agency) & SEE_ROLES:
        raise Http404("ไม่พบหน่วยงาน")
    return agency


@rule("oversight.keep_log")
def keeps_the_log(user, province: Province) -> bool:
    """Committees, meetings and follow-ups: the province's coordinators, national admins."""
    return coordinates(user, province)


@rule("oversight.answer")
def may_answer(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & ANSWER_ROLES)


def get_followup_to_answer(user, pk: int) -> FollowUp:
    """A follow-up addressed to an agency whose officer or executive this user is."""
    followup = (
        FollowUp.objects.select_related("meeting", "meeting__district", "agency", "issue")
        .filter(pk=pk)
        .first()
    )
    if followup is None or not may_answer(user, followup.agency):
        raise Http404("ไม่พบเรื่องที่ติดตาม")
    return followup
