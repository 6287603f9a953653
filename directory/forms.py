"""Forms of the directory: the public filters (validation only) and the admin forms scoped to what the
signed-in organisation admin may manage."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from directory.models import (
    Language,
    Organization,
    OrganizationKind,
    PathwayStage,
    PathwayStep,
    Sector,
    user_is_platform_admin,
)

# Fields of an organisation only platform admins change: the slug is its public address, its HSDS identity
# and its group's name; deactivating it hides it from the directory and cuts its members off its referrals.
PLATFORM_ONLY_ORGANIZATION_FIELDS = ("slug", "is_active")


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + OrganizationKind.choices)
    sector = forms.ModelChoiceField(
        label=_("Sector"), required=False, queryset=Sector.objects.all(), to_field_name="slug",
        empty_label=_("All sectors"),
    )
    language = forms.ModelChoiceField(
        label=_("Language spoken"), required=False, queryset=Language.objects.all(), to_field_name="code",
        empty_label=_("All languages"),
    )
    step = forms.ModelChoiceField(
        label=_("Pathway step"), required=False, queryset=PathwayStep.objects.in_pathway_order(),
        to_field_name="slug", empty_label=_("All steps"),
    )

    def filter(self, organizations):
        data = self.cleaned_data
        organizations = organizations.search(data.get("q", ""))
        if data.get("kind"):
            organizations = organizations.filter(kind=data["kind"])
        if data.get("sector"):
            organizations = organizations.filter(sectors=data["sector"])
        if data.get("language"):
            organizations = organizations.filter(languages=data["language"])
        if data.get("step"):
            organizations = organizations.filter(
                responsibilities__step=data["step"], responsibilities__is_public=True
            )
        return organizations.distinct()


class MatrixFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages"))] + PathwayStage.choices)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"), required=False, choices=[("", _("All kinds"))] + OrganizationKind.choices
    )


class WhoToContactForm(forms.Form):
    q = forms.CharField(
        label=_("Describe what you need"), required=False, max_length=200,
        help_text=_("In your own words, e.g. \"family doctor\", \"apartment\", \"French classes\"."),
    )
    step = forms.ModelChoiceField(
        label=_("I need help with"), required=False, queryset=PathwayStep.objects.in_pathway_order(),
        to_field_name="slug", empty_label=_("Choose a step"),
    )


class OrganizationScopedAdminForm(WagtailAdminModelForm):
    """Admin form for rows that belong to an organisation: an organisation admin may only pick their own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organization" in self.fields and self.for_user is not None:
            self.fields["organization"].queryset = Organization.objects.managed_by(self.for_user)


class OrganizationAdminForm(WagtailAdminModelForm):
    """An organisation admin edits their organisation's description, not its identity or its existence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.for_user is not None and not user_is_platform_admin(self.for_user):
            for name in PLATFORM_ONLY_ORGANIZATION_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
