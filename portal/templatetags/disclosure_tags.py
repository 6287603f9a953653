"""`{{ n|disclosed }}`: a count through the small-number rule ("fewer than 3" / "moins de 3")."""

from django import template

from portal import disclosure

register = template.Library()


@register.filter
def disclosed(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return disclosure.count(value)
    return value


@register.filter
def is_suppressed(value) -> bool:
    return disclosure.is_suppressed(value)
