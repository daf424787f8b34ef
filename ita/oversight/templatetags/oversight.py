"""The agency page's question to the oversight app, asked with the rule its view asks; and a
district as the pages name it."""

from django import template

from ita.agencies.access import roles_in
from ita.oversight.access import SEE_ROLES
from ita.oversight.presentation import district_label

register = template.Library()


@register.filter
def sees_followups(user, agency) -> bool:
    return user.is_authenticated and bool(roles_in(user, agency) & SEE_ROLES)


@register.filter
def district(value) -> str:
    """`{{ meeting.district|district }}`: "District ปาย" on English pages, อำเภอปาย on Thai."""
    return district_label(value)
