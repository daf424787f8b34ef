"""Who is told: the people of an agency by their role, in one query (Membership is the rule of
who does what, agencies.models)."""

from __future__ import annotations

from collections.abc import Iterable

from ita.agencies.models import Membership


def members(agency, roles: Iterable[str]) -> set[int]:
    """Ids of the active users holding any of these roles in the agency."""
    return set(
        Membership.objects.filter(agency=agency, role__in=list(roles), user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
