"""Who may see and change which agency. Every view and endpoint asks here; a foreign agency
looks exactly like a missing one (404), so agency ids cannot be probed."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ita.agencies.models import Agency, Membership, Role
from ita.lib.policy import rule

# Roles that may enter or import official results for an agency.
WRITE_ROLES = {Role.OFFICER, Role.PROVINCE_COORDINATOR, Role.NATIONAL_ADMIN}


def _memberships(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_ita_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._ita_memberships = cached
    return cached


def is_national(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(m.role == Role.NATIONAL_ADMIN for m in _memberships(user))
    )


def agencies_for_user(user, write: bool = False) -> QuerySet[Agency]:
    """The agencies this user may see (or, with write=True, change results of)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if is_national(user):
        return Agency.objects.all()
    scope = Q(pk__in=[])
    for m in _memberships(user):
        if write and m.role not in WRITE_ROLES:
            continue
        if m.role == Role.PROVINCE_COORDINATOR:
            scope |= Q(province_id=m.province_id)
        elif m.agency_id:
            scope |= Q(pk=m.agency_id)
    return Agency.objects.filter(scope)


@rule("agencies.see")
def may_see(user, agency: Agency) -> bool:
    """The read rule every page and API route applies to an agency's private data, for one
    agency; agencies_for_user is the same rule as a queryset, for lists and lookups (a test
    holds the two equal for every role)."""
    if not user.is_authenticated:
        return False
    return is_national(user) or any(
        m.province_id == agency.province_id
        if m.role == Role.PROVINCE_COORDINATOR
        else (m.agency_id is not None and m.agency_id == agency.pk)
        for m in _memberships(user)
    )


def get_agency_for_user(user, pk: int, write: bool = False) -> Agency:
    try:
        return (
            agencies_for_user(user, write=write).select_related("province", "district").get(pk=pk)
        )
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบหน่วยงาน") from None


@rule("results.record")
def can_write(user, agency: Agency) -> bool:
    """agencies_for_user(write=True) for one agency, from the memberships already read (no
    query: the actions ask it for every row they write)."""
    return is_national(user) or any(
        m.role in WRITE_ROLES
        and (
            m.agency_id == agency.pk
            or (m.role == Role.PROVINCE_COORDINATOR and m.province_id == agency.province_id)
        )
        for m in _memberships(user)
    )


@rule("results.recompute")
def may_recompute(user) -> bool:
    """Scoring every result again is national work (a command or a task, else an admin)."""
    return is_national(user)


@rule("garuda.upload")
def may_upload_garuda(user, agency: Agency | None) -> bool:
    """The installation's ครุฑ (agency None): national admins; an agency's own: its officer."""
    return is_national(user) or (agency is not None and Role.OFFICER in roles_in(user, agency))


@rule("frameworks.upload")
def may_load_frameworks(user) -> bool:
    """Frameworks are national: only national administrators load them."""
    return is_national(user)


def provinces_for_user(user):
    """Provinces whose whole import this user may run (coordinators and national admins)."""
    from ita.agencies.models import Province

    if is_national(user):
        return Province.objects.all()
    ids = [m.province_id for m in _memberships(user) if m.role == Role.PROVINCE_COORDINATOR]
    return Province.objects.filter(pk__in=ids)


@rule("province.coordinate")
def coordinates(user, province) -> bool:
    """This province's coordinator, or a national administrator."""
    return is_national(user) or any(
        m.role == Role.PROVINCE_COORDINATOR and m.province_id == province.pk
        for m in _memberships(user)
    )


def coordinates_a_province(user) -> bool:
    """A national administrator or some province's coordinator: from the memberships already
    read, no query (the menu asks it on every page)."""
    return is_national(user) or any(
        m.role == Role.PROVINCE_COORDINATOR and m.province_id for m in _memberships(user)
    )


def roles_in(user, agency: Agency) -> set[str]:
    """The user's roles that apply to this agency (a coordinator's province role included)."""
    roles = {Role.NATIONAL_ADMIN} if is_national(user) else set()
    for m in _memberships(user):
        if m.agency_id == agency.pk or (
            m.role == Role.PROVINCE_COORDINATOR and m.province_id == agency.province_id
        ):
            roles.add(m.role)
    return roles


def division_ids(user, agency: Agency) -> set[int]:
    """Divisions of this agency the user heads."""
    return {
        m.division_id
        for m in _memberships(user)
        if m.role == Role.DIVISION_HEAD and m.agency_id == agency.pk and m.division_id
    }
