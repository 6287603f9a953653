"""Widgets of the workspace listing's filter form, written out in Python.

Django renders a `<select>` through one template for the select, one per option and one for each element's
attributes: the inbox's three selects (about 40 options) cost about as much CPU as the rest of the page.
These write the same elements (name, id, the attributes the bound field adds, the selected option) with
`format_html`; the page's template keeps the labels and the errors beside each field.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class DirectSelect(forms.Select):
    """A single-choice `<select>` without option groups, its HTML written without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = next(iter(self.format_value(value)), None)
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # option groups: Django's templates know them
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            selected = text == chosen
            if selected:
                chosen = None  # like Django's Select: only the first matching option is selected
            options.append((text, mark_safe(" selected") if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


class DirectCheckbox(forms.CheckboxInput):
    """`<input type="checkbox">`, checked when the value is true, without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            attrs["checked"] = True
        if not (value is True or value is False or value is None or value == ""):
            attrs["value"] = str(value)
        return format_html('<input type="checkbox" name="{}"{}>', name, flatatt(attrs))


class DirectTextInput(forms.TextInput):
    """`<input type="text">` without templates (the listing's search field, on every inbox page)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        if value is not None:
            attrs = {"value": value, **attrs}
        return format_html('<input type="{}" name="{}"{}>', self.input_type, name, flatatt(attrs))
