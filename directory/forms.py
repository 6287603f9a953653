"""Forms of the directory: the public filters (validation only) and the admin forms scoped to what the
signed-in organisation admin may manage."""

from dataclasses import dataclass

from django import forms
from django.utils.html import format_html_join
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
from portal.i18n import current_language
from portal.page_cache import cached_part

# Fields of an organisation only platform admins change: the slug is its public address, its HSDS identity
# and its group's name; deactivating it hides it from the directory and cuts its members off its referrals.
PLATFORM_ONLY_ORGANIZATION_FIELDS = ("slug", "is_active")


@dataclass(frozen=True)
class FilterField:
    """What directory/_filter_fields.html writes for one filter: a label, its errors, a text box or a list."""

    id: str
    name: str
    label: str
    errors: list
    value: str
    max_length: int | None
    options: str | None  # the <option>s, already escaped; None for a text box


class PublicFilterForm(forms.Form):
    """A public filter form written field by field (directory/_filter_fields.html) rather than through a
    widget template per field and per option: same labels, errors, aria-invalid and aria-describedby, at a
    fraction of the cost on pages that must render in a few milliseconds (issue 8)."""

    def filter_fields(self) -> list[FilterField]:
        fields = []
        for bound in self:
            value = bound.value()
            value = "" if value is None else str(value)
            choices = getattr(bound.field, "choices", None)
            options = None
            if choices is not None:
                options = format_html_join(
                    "", '<option value="{}"{}>{}</option>',
                    ((str(key), " selected" if str(key) == value else "", label) for key, label in choices),
                )
            fields.append(FilterField(
                id=bound.auto_id, name=bound.html_name, label=str(bound.label), errors=list(bound.errors),
                value=value, max_length=getattr(bound.field, "max_length", None), options=options,
            ))
        return fields


def filter_vocabulary() -> dict[str, list[tuple[int, str, str]]]:
    """The sectors, languages and steps (pk, slug or code, name in the active language), in their usual
    order: what the directory's filters offer and its cards name. The same for every visitor, so kept as a
    part by content version and language (3 queries spared per request)."""
    def build():
        return {
            "sector": [(sector.pk, sector.slug, sector.name) for sector in Sector.objects.all()],
            "language": [(language.pk, language.code, language.name) for language in Language.objects.all()],
            "step": [(step.pk, step.slug, step.name) for step in PathwayStep.objects.in_pathway_order()],
        }
    return cached_part("directory-vocabulary", (current_language(),), build)


class DirectoryFilterForm(PublicFilterForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the lists offered; a submitted value is still checked against the database (the queryset).
        for name, terms in filter_vocabulary().items():
            field = self.fields[name]
            field.choices = [("", field.empty_label), *((key, label) for _pk, key, label in terms)]

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
        # No DISTINCT: each join is on one sector, one language, one step, and an organisation has each at
        # most once (the many-to-many tables and unique_responsibility), so no row repeats. DISTINCT over
        # every column made the paginator's count read the whole table twice (issue 8).
        return organizations


class MatrixFilterForm(PublicFilterForm):
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
