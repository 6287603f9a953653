"""Referral listing filters (django-filter), for the workspace's inbox and outbox and the API's list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied

from directory.models import Organization, PathwayStep
from portal.api_filters import StrictBooleanFilter
from portal.i18n import current_language
from portal.page_cache import cached_part

from .models import Referral, ReferralState, Urgency, member_roles
from .widgets import DirectCheckbox, DirectSelect


def step_options() -> list[tuple[str, str]]:
    """(slug, name in the active language) of every pathway step, in the steps' own order: what the listing's
    step filter offers. The same for every user and changed only with the steps, so kept as a part by
    content version and language (a query and a model instance per step spared on every inbox page)."""
    def build():
        return [(step.slug, step.name) for step in PathwayStep.objects.only("slug", "name_fr", "name_en")]
    return cached_part("referrals-step-options", (current_language(),), build)


class ListingFilter(django_filters.FilterSet):
    """The workspace listing's filters; never personal data, so they may travel in the query string."""

    # Widgets written in Python (widgets.py): Django's templates, one per option, were half the inbox's CPU.
    # The steps' options read their slug and name only (not the descriptions and keywords of every step).
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReferralState.choices, empty_label=_("All"),
                                        widget=DirectSelect)
    urgency = django_filters.ChoiceFilter(label=_("Urgency"), choices=Urgency.choices, empty_label=_("All"),
                                          widget=DirectSelect)
    step = django_filters.ModelChoiceFilter(label=_("Pathway step"), field_name="pathway_step",
                                            queryset=PathwayStep.objects.only("slug", "name_fr", "name_en"),
                                            to_field_name="slug",
                                            empty_label=_("All"), widget=DirectSelect)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue",
                                           widget=DirectCheckbox)

    class Meta:
        model = Referral
        fields = ["state", "urgency", "step", "overdue"]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            field = super().form.fields["step"]
            if isinstance(field, forms.ModelChoiceField):  # the options shown (a chosen slug is still
                field.widget.choices = [("", field.empty_label), *step_options()]  # checked in the queryset)
        return self._form

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class ReferralFilter(ListingFilter):
    """The API listing's filters: the workspace's, with `overdue=false` too, the step by its slug, and
    `organization` (one of yours) with `box` for its inbox or outbox — without `box`, both (its drafts stay
    out of the other side's view)."""

    box = django_filters.ChoiceFilter(choices=[("inbox", "inbox"), ("outbox", "outbox")], method="filter_box",
                                      help_text="Received or sent by `organization`.")
    organization = django_filters.CharFilter(method="filter_box", help_text="Slug of one of your organisations.")
    step = django_filters.CharFilter(field_name="pathway_step__slug", help_text="Pathway step slug.")
    # true or false, nothing else: django-filter's own read `overdue=null` as "no filter" (schemathesis).
    overdue = StrictBooleanFilter(method="filter_overdue")

    class Meta:
        model = Referral
        fields = ["box", "organization", "state", "urgency", "step", "overdue"]

    def filter_box(self, queryset, name, value):
        return queryset  # applied with the organisation in filter_queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.not_overdue()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        slug, box = self.form.cleaned_data.get("organization"), self.form.cleaned_data.get("box")
        if not slug:
            return queryset
        organization = Organization.objects.filter(slug=slug, pk__in=list(member_roles(self.request.user))).first()
        if organization is None:  # a well-formed question you may not ask: 403, as the schema says
            raise PermissionDenied(_("You are not a member of this organisation."))
        if box == "outbox":
            return queryset.sent_by(organization)
        if box == "inbox":
            return queryset.received_by(organization)
        return queryset.filter(Q(sender=organization) | (Q(receiver=organization) & ~Q(state=ReferralState.DRAFT)))
