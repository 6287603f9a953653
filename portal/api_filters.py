"""Query-string filters that refuse what they do not understand (a 400), rather than ignoring it.

django-filter's BooleanFilter reads anything but true/false as "no filter": `?active=142283` silently listed
everything, and a client with a typo never learnt it. The OpenAPI schema says boolean; this makes it so.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_TRUE, _FALSE = {"true", "1"}, {"false", "0"}


class StrictBooleanField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField
