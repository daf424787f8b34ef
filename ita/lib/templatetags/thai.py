"""Template filters for Thai presentation; built in to every template (see settings)."""

from django import template

from ita.lib import thai_dates, thai_text

register = template.Library()


@register.filter
def thai_digits(value) -> str:
    return thai_text.to_thai_digits(str(value))


@register.filter
def score(value) -> str:
    return thai_text.format_score(value)


@register.filter
def thai_date(value, arg: str = "") -> str:
    if not value:
        return ""
    return thai_dates.page_date(value, thai_digits="thai" in arg, short="short" in arg)


@register.filter
def signed(value) -> str:
    """+1.25 / −16.61: a change between years, with a true minus sign."""
    if value is None:
        return "–"
    text = thai_text.format_score(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if mapping else None
