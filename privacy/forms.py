from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConfidentialityIncident


class DateInput(forms.DateInput):
    input_type = "date"


class IncidentForm(forms.ModelForm):
    class Meta:
        model = ConfidentialityIncident
        fields = ["occurred_on", "discovered_on", "nature", "information_concerned", "persons_affected",
                  "risk_assessment", "risk_of_serious_injury", "cai_notified_on", "persons_notified_on", "measures"]
        widgets = {name: DateInput(format="%Y-%m-%d")
                   for name in ("occurred_on", "discovered_on", "cai_notified_on", "persons_notified_on")}


class AccessRequestForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name of the person"), min_length=2, max_length=200,
                           help_text=_("Part of the name is enough; every referral whose person's name contains "
                                       "it is listed."))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
