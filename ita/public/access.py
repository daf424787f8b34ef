"""Who decides what an agency publishes: its ITA officer, and the national administrators.
Both are writers of the agency under agencies.access (can_write); a province coordinator is a
writer too but does not speak for the agency's website, so the role is checked as well. Anyone
else gets 404, the same as a missing agency. The public pages themselves need no helper: they
show only what queries.published says is published."""

from __future__ import annotations

from django.http import Http404

from ita.agencies.access import get_agency_for_user, is_national, roles_in
from ita.agencies.models import Agency, Role
from ita.lib.policy import rule


@rule("public.publish")
def can_publish(user, agency: Agency) -> bool:
    return is_national(user) or Role.OFFICER in roles_in(user, agency)


def get_agency_for_publisher(user, pk: int) -> Agency:
    agency = get_agency_for_user(user, pk, write=True)
    if not can_publish(user, agency):
        raise Http404("ไม่พบหน่วยงาน")
    return agency
