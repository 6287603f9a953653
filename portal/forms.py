"""The project's form renderer: every form and field renders through one template (templates/forms/)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` everywhere use templates/forms/form.html and field.html."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
