"""The network page's filters: a plain GET form, so it works without JavaScript and every view has a URL."""

import datetime

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import OrganizationKind, Sector
from network.graph import LAYER_PARTNERSHIPS, LAYER_REFERRALS, LAYER_RESPONSIBILITIES, GraphSpec
from network.models import PartnershipKind
from network.permissions import can_see_partner_layers
from portal.page_cache import cached_part

LAYER_CHOICES = [
    (LAYER_PARTNERSHIPS, _("Partnerships")),
    (LAYER_RESPONSIBILITIES, _("Shared responsibilities (same pathway step)")),
    (LAYER_REFERRALS, _("Referral flows (partners only)")),
]
EARLIEST = datetime.date(2000, 1, 1)


class NetworkFilterForm(forms.Form):
    layers = forms.MultipleChoiceField(label=_("Layers"), choices=LAYER_CHOICES, required=False,
                                       initial=[LAYER_PARTNERSHIPS],
                                       widget=forms.CheckboxSelectMultiple)
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("Draw the network as it was on this day (empty: today)."))
    compare = forms.DateField(label=_("Compare with"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("Show what changed since this day."))
    kinds = forms.MultipleChoiceField(label=_("Kinds of organisation"), choices=OrganizationKind.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)
    sectors = forms.MultipleChoiceField(label=_("Sectors"), required=False, widget=forms.CheckboxSelectMultiple)
    partnership_kinds = forms.MultipleChoiceField(label=_("Kinds of partnership"), choices=PartnershipKind.choices,
                                                  required=False, widget=forms.CheckboxSelectMultiple)
    referrals_since = forms.DateField(label=_("Referrals sent since"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *args, user=None, **kwargs):
        if data is not None and not data.getlist("layers"):
            data = data.copy()  # filtering by date or kind alone keeps the default layer, ticked
            data.setlist("layers", [LAYER_PARTNERSHIPS])
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.partner_view = can_see_partner_layers(user)
        # The sectors in this language, read once per content version (a sector's save replaces it).
        self.fields["sectors"].choices = cached_part("network-sectors", (get_language(),), lambda: [
            (s.slug, str(s.name)) for s in Sector.objects.order_by("slug")])
        if not self.fields["sectors"].choices:
            del self.fields["sectors"]
        if "referrals_since" in self.fields:
            self.fields["referrals_since"].help_text = _(
                "Referrals are counted by whole quarters and rounded down to a multiple of %(n)s, so that no "
                "count points to a person.") % {"n": settings.DISCLOSURE_MIN_COUNT}
        if not self.partner_view:
            # Still a valid value (GraphSpec drops it for them), just not offered.
            self.fields["layers"].widget.choices = LAYER_CHOICES[:2]
            del self.fields["referrals_since"]

    def clean(self):
        data = super().clean()
        for name in ("as_of", "compare", "referrals_since"):
            value = data.get(name)
            if value and value < EARLIEST:
                self.add_error(name, _("Give a date after %(date)s.") % {"date": date_format(EARLIEST)})
        return data

    def spec(self, *, as_of=None) -> GraphSpec:
        """The view asked for; defaults (partnerships, today) when the form is empty or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return GraphSpec(
            layers=tuple(data.get("layers") or (LAYER_PARTNERSHIPS,)),
            as_of=as_of or data.get("as_of"),
            org_kinds=tuple(data.get("kinds") or ()),
            sectors=tuple(data.get("sectors") or ()),
            partnership_kinds=tuple(data.get("partnership_kinds") or ()),
            referrals_since=data.get("referrals_since"),
            partner_view=self.partner_view,
        )
