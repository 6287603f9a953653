"""Numbers as each language writes them: `{{ rate|percent }}` (78 % / 78%), `{{ days|days }}`."""

from django import template

from referrals import charts, reporting

register = template.Library()


@register.filter
def percent(value):
    return charts.percent(value)


@register.filter
def days(value):
    return reporting.days(value)
