"""The agency page's question to the oversight app, asked with the rule its view asks."""

from django import template

from ita.agencies.access import roles_in
from ita.oversight.access import SEE_ROLES

register = template.Library()


@register.filter
def sees_followups(user, agency) -> bool:
    return user.is_authenticated and bool(roles_in(user, agency) & SEE_ROLES)
