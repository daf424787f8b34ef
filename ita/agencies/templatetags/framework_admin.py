"""The menu asks the access rule the framework pages ask (agencies.access.is_national), so no
one sees an entry that would answer 404."""

from django import template

from ita.agencies.access import is_national

register = template.Library()


@register.filter
def national(user) -> bool:
    return is_national(user)
