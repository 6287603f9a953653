"""Forms of the register: input validation only; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Language, Organization
from referrals.forms import LanguagesField

from .models import AGE_BANDS, Country, DepartureReason, Relationship, StepStatus


class CountriesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OrganizationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class HouseholdForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=200,
                                  help_text=_("How the team names the household."))
    arrival_date = forms.DateField(label=_("Arrival date"), widget=forms.DateInput(attrs={"type": "date"}))
    cohort = forms.CharField(label=_("Cohort"), max_length=60, required=False)
    countries = CountriesField(label=_("Countries of origin"), queryset=Country.objects.all(), required=False,
                               widget=forms.CheckboxSelectMultiple)
    languages = LanguagesField(label=_("Languages"), queryset=Language.objects.all(), required=False,
                               widget=forms.CheckboxSelectMultiple)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    temporary_housing = forms.BooleanField(label=_("In temporary housing"), required=False, initial=True)
    address = forms.CharField(label=_("Address in the city"), max_length=200, required=False,
                              help_text=_("Once the household has its own home."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Only what the team needs."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in AGE_BANDS:
            self.fields[name] = forms.IntegerField(label=label, min_value=0, max_value=30, initial=0)

    def clean(self):
        data = super().clean()
        bands = [data.get(name) or 0 for name, _label in AGE_BANDS]
        if not any(bands) and not self.errors:
            self.add_error("adults_18_64", _("A household has at least one person."))
        return data

    def composition(self) -> dict:
        return {name: self.cleaned_data.get(name) or 0 for name, _label in AGE_BANDS}


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)


class StepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    organization = OrganizationField(label=_("Done by"), queryset=Organization.objects.active(), required=False)


class DepartureForm(forms.Form):
    departure_date = forms.DateField(label=_("Departure date"), widget=forms.DateInput(attrs={"type": "date"}))
    departure_reason = forms.ChoiceField(label=_("Reason for leaving"), choices=DepartureReason.choices)


class DaysForm(forms.Form):
    days = forms.IntegerField(label=_("Days after arrival"), min_value=1, max_value=365, required=False)
