from django import template

from ita.public.access import can_publish as _can_publish

register = template.Library()


@register.filter
def can_publish(user, agency) -> bool:
    return _can_publish(user, agency)
