"""Phone numbers on the directory's pages: `{{ number|tel_href }}` (E.164 `tel:` link), `{{ number|phone }}`
(as the page's language writes it)."""

from django import template

from directory import phones

register = template.Library()


@register.filter
def tel_href(number):
    return phones.tel_href(number or "")


@register.filter
def phone(number):
    return phones.readable(number or "")
