"""Whose queue is whose: each page lists the agencies where the user holds the page's role
(agencies.models.Membership), nothing else, so another agency's plan or item never appears.
Read from the memberships agencies.access already keeps on the user (the menu asks these on
every page without a query)."""

from __future__ import annotations

from django.http import Http404

from ita.agencies.access import _memberships
from ita.agencies.models import OpinionRole, Role

# Who gives an opinion in a memo's chain (agencies.models.OpinionRole) or decides.
INBOX_ROLES = set(OpinionRole.values) | {Role.EXECUTIVE}


def agency_ids(user, roles) -> set[int]:
    return set(roles_by_agency(user, roles))


def roles_by_agency(user, roles) -> dict[int, set[str]]:
    """The user's roles among `roles`, per agency where they hold any."""
    found: dict[int, set[str]] = {}
    for m in _memberships(user):
        if m.role in roles and m.agency_id:
            found.setdefault(m.agency_id, set()).add(m.role)
    return found


def inbox_agency_ids(user) -> set[int]:
    return agency_ids(user, INBOX_ROLES)


def queue_agency_ids(user) -> set[int]:
    return agency_ids(user, {Role.ASSESSOR})


def todo_agency_ids(user) -> set[int]:
    return agency_ids(user, {Role.OFFICER})


def require(ids: set[int]) -> set[int]:
    """A page for a role the user does not hold is 404, like a missing one."""
    if not ids:
        raise Http404("ไม่พบหน้านี้")
    return ids
