"""Query-string filters that refuse what they do not understand (a 400), rather than ignoring it.

django-filter's BooleanFilter reads anything but true/false as "no filter": `?active=142283` silently listed
everything, and a client with a typo never learnt it. The OpenAPI schema says boolean; this makes it so.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.fields import CharField

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
        raise DjangoValidationError(_("Enter true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter reads a filter given empty (`?stage=`, `?overdue=`) as "no filter". The schema declares
    those parameters as an enum, a boolean, a number, a date or an id, none of which is empty: a 400 by field.
    Free-text filters (CharFilter: a search, a slug) take an empty string, which the schema allows."""

    def get_filterset(self, request, queryset, view):
        # The blank errors join the form's own, so DjangoFilterBackend's usual 400 lists every bad field at once
        # (raising here, before the form was validated, named the blank ones only).
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            form = filterset.form
            for name, field in filterset.filters.items():
                if not isinstance(field, django_filters.CharFilter) and "" in request.query_params.getlist(name):
                    form.add_error(name, CharField.default_error_messages["blank"])
        return filterset
