"""Forms of the partner workspace: input validation only; the rules live in models and services."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Language, Organization, PathwayStep

from .models import ConsentMethod, Outcome, OutcomeReason, Urgency
from .widgets import DirectTextInput


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class LanguagesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def _current_year() -> int:
    return timezone.localdate().year


class ReferralForm(forms.Form):
    """The new-referral form: where to, why, for whom, and the person's consent — in one page."""

    pathway_step = StepChoiceField(
        label=_("Pathway step"), queryset=PathwayStep.objects.all(), required=False,
        help_text=_("Choosing a step proposes the organisation that leads it."),
    )
    receiver = forms.ModelChoiceField(label=_("Receiving organisation"), queryset=Organization.objects.none(),
                                      required=False)
    reason = forms.CharField(label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    full_name = forms.CharField(label=_("Name of the person or family"), max_length=200, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    languages = LanguagesField(label=_("Languages"), queryset=Language.objects.all(), required=False,
                               widget=forms.CheckboxSelectMultiple)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    contact = forms.CharField(label=pgettext_lazy("person's contact", "Contact"), max_length=200, required=False,
                              help_text=_("Phone, e-mail or address."))
    household_size = forms.IntegerField(label=_("Household size"), min_value=1, max_value=30, initial=1)
    notes = forms.CharField(label=_("Notes for the receiver"), widget=forms.Textarea(attrs={"rows": 3}),
                            required=False, help_text=_("Only what the receiver needs to know."))
    consent_given = forms.BooleanField(
        label=_("The person consented to this referral, to this organisation, for this purpose"), required=False
    )
    consent_method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices,
                                       widget=forms.RadioSelect, required=False)
    consent_obtained_on = forms.DateField(label=_("Consent obtained on"), required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    consent_purpose = forms.CharField(label=_("Purpose the person agreed to"), max_length=300, required=False)

    def __init__(self, *args, sender: Organization, suggesting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender
        self.suggesting = suggesting
        self.fields["receiver"].queryset = Organization.objects.accepting_referrals().exclude(pk=sender.pk)
        self.fields["birth_year"].max_value = _current_year()

    def clean(self):
        data = super().clean()
        if self.suggesting:
            return data  # only asking for a suggestion: nothing is saved, nothing else to check
        if not data.get("receiver"):
            self.add_error("receiver", _("Choose the receiving organisation."))
        if not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Give the name of the person or family referred."))
        if not data.get("pathway_step") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Choose a pathway step or explain the reason for the referral."))
        if not data.get("consent_given"):
            self.add_error("consent_given", _("No referral is sent without the person's consent."))
        for name in ("consent_method", "consent_obtained_on", "consent_purpose"):
            if not data.get(name):
                self.add_error(name, _("Required to record the consent."))
        obtained = data.get("consent_obtained_on")
        if obtained and obtained > timezone.localdate():
            self.add_error("consent_obtained_on", _("Consent cannot be dated in the future."))
        return data

    def person(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"].strip(),
            "birth_year": data.get("birth_year"),
            "birth_date": data.get("birth_date"),
            "languages": list(data.get("languages") or []),
            "interpreter_needed": data.get("interpreter_needed", False),
            "contact": data.get("contact", ""),
            "household_size": data.get("household_size") or 1,
            "notes": data.get("notes", ""),
        }

    def consent(self, user) -> dict:
        data = self.cleaned_data
        obtained = data["consent_obtained_on"]
        obtained_at = timezone.make_aware(datetime.datetime.combine(obtained, datetime.time(12)))
        return {"obtained_by": user, "obtained_at": min(obtained_at, timezone.now()),
                "method": data["consent_method"], "purpose": data["consent_purpose"]}


class ActionForm(forms.Form):
    """The form of an action on a referral (see actions.py): built with the referral it acts on."""

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral


class NoteForm(ActionForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(ActionForm):
    assignee = MemberChoiceField(label=_("Assigned caseworker"), queryset=get_user_model().objects.none(),
                                 required=False, help_text=_("Yourself if left empty."))
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, referral=referral, **kwargs)
        self.fields["assignee"].queryset = receiver_members(referral)


class AssignForm(ActionForm):
    assignee = MemberChoiceField(label=_("Assigned caseworker"), queryset=get_user_model().objects.none())

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, referral=referral, **kwargs)
        self.fields["assignee"].queryset = receiver_members(referral)


class DeclineForm(ActionForm):
    reason = forms.CharField(label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class CompleteForm(ActionForm):
    """The outcome is required, and a reason from the list when it did not succeed (the service checks it too)."""

    outcome_status = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    outcome_reason = ReasonChoiceField(
        label=_("Why it did not succeed"), queryset=OutcomeReason.objects.none(), required=False,
        help_text=_("Required when the referral did not succeed."),
    )
    outcome = forms.CharField(label=_("Details (optional)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_reason"].queryset = OutcomeReason.objects.active()

    def clean(self):
        data = super().clean()
        if data.get("outcome_status") == Outcome.UNSUCCESSFUL and not data.get("outcome_reason"):
            self.add_error("outcome_reason", _("Choose why the referral did not succeed."))
        return data


class CloseForm(ActionForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.BooleanField(label=_("Schedule a follow-up with the person"), required=False, initial=True)
    follow_up_on = forms.DateField(label=_("Follow-up on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Empty: the step's usual delay after completion."))

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, referral=referral, **kwargs)
        if referral.completed_at:
            from .services import default_follow_up_date

            self.fields["follow_up_on"].initial = default_follow_up_date(referral)


class FollowUpForm(ActionForm):
    follow_up_on = forms.DateField(label=_("Follow-up on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Empty cancels the follow-up."))

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, referral=referral, **kwargs)
        from .services import default_follow_up_date

        self.fields["follow_up_on"].initial = referral.follow_up_on or default_follow_up_date(referral)


class RedirectForm(ActionForm):
    receiver = forms.ModelChoiceField(label=_("Redirect to"), queryset=Organization.objects.none())
    reason = forms.CharField(label=_("Why this organisation"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    consent_given = forms.BooleanField(label=_("The person consented to be referred to this organisation"))
    consent_method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices,
                                       widget=forms.RadioSelect)
    consent_purpose = forms.CharField(label=_("Purpose the person agreed to"), max_length=300)

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, referral=referral, **kwargs)
        self.fields["receiver"].queryset = Organization.objects.accepting_referrals().exclude(
            pk__in=(referral.sender_id, referral.receiver_id)
        )

    def clean(self):
        data = super().clean()
        # The same shape as the API's RedirectSerializer gives (see actions.py).
        data["consent"] = {"method": data.get("consent_method"), "purpose": data.get("consent_purpose")}
        return data


class CommentForm(ActionForm):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class SearchForm(forms.Form):
    """Search by the person's name: sent by POST so the name stays out of URLs, logs and browser history."""

    q = forms.CharField(label=_("Name of the person or family"), min_length=2, max_length=100,
                        widget=DirectTextInput)


class ActingForForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Acting for"), queryset=Organization.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.active().for_member(user)


def receiver_members(referral):
    return get_user_model().objects.filter(
        memberships__organization_id=referral.receiver_id, memberships__is_active=True, is_active=True
    ).order_by("first_name", "username")


class PeriodForm(forms.Form):
    """The statistics' period: a preset, or from/to dates (both needed; they win over the preset)."""

    preset = forms.ChoiceField(label=_("Period"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from .statistics import PRESETS

        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [*PRESETS.items(), ("custom", _("From … to …"))]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None) and data.get("preset") == "custom":
            self.add_error("end" if start else "start", _("Give both dates, or choose a preset."))
        if start and end:
            if end < start:
                self.add_error("end", _("The end comes before the start."))
            elif (end - start).days > 366 * 10:
                self.add_error("end", _("Choose a period of at most ten years."))
        return data

    def period(self):
        from .statistics import DEFAULT_PRESET, Period, period_for

        if not self.is_bound or not self.is_valid():
            return period_for(DEFAULT_PRESET)
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data.get("preset") in ("custom", ""):
            return Period(data["start"], data["end"], "custom")
        return period_for(data.get("preset") or DEFAULT_PRESET)


class NotificationPreferenceForm(forms.Form):
    """How often and in which language the workspace's e-mails reach this user."""

    frequency = forms.ChoiceField(label=_("How often"), widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the e-mails"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from .preferences import Frequency

        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = Frequency.choices
        self.fields["language"].choices = [(code, _(name)) for code, name in settings.LANGUAGES]
