"""Who may see, fill and review OIT items. Built on ita.agencies.access (the single rule): an
item of an agency the user may not see is 404, the same as a missing one."""

from __future__ import annotations

from django.http import Http404

from ita.agencies.access import agencies_for_user, can_write, is_national
from ita.agencies.models import Membership, Role
from ita.disclosure.models import DisclosureItem, RiskEvent
from ita.lib.policy import rule


def get_item_for_user(user, pk: int) -> DisclosureItem:
    try:
        return DisclosureItem.objects.select_related(
            "year__agency__province", "year__framework", "item", "division"
        ).get(pk=pk, year__agency__in=agencies_for_user(user))
    except (DisclosureItem.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบข้อ OIT") from None


def get_risk_for_user(user, pk: int) -> RiskEvent:
    try:
        return RiskEvent.objects.select_related("year__agency").get(
            pk=pk, year__agency__in=agencies_for_user(user)
        )
    except (RiskEvent.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบเหตุการณ์ความเสี่ยง") from None


@rule("disclosure.edit_item")
def can_edit_item(user, item: DisclosureItem) -> bool:
    """Officers (and coordinators, national admins) fill every item of their agency; a division
    head fills the items assigned to their division."""
    if can_write(user, item.year.agency):
        return True
    return (
        item.division_id is not None
        and Membership.objects.filter(
            user=user, role=Role.DIVISION_HEAD, division_id=item.division_id
        ).exists()
    )


@rule("disclosure.review")
def can_review(user, agency) -> bool:
    """Only an assessor assigned to the agency (or a national admin) gives verdicts."""
    if not user.is_authenticated:
        return False
    if is_national(user):
        return True
    return Membership.objects.filter(user=user, role=Role.ASSESSOR, agency=agency).exists()


@rule("disclosure.manage")
def can_manage(user, agency) -> bool:
    """Opening a year's checklist, assigning items to divisions and the risk register: the
    agency's writers (agencies.access)."""
    return can_write(user, agency)
