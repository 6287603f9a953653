"""Forms of the partner space: validation only; the services decide and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concertation import permissions, services
from concertation.access import seated_organizations
from concertation.models import (
    ActionStatus,
    AttendanceStatus,
    DocumentLanguage,
    SharedDocument,
    TableVisibility,
    Visibility,
)
from directory.models import Organization, PathwayStep
from network.models import Partnership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DescribedFieldsMixin:
    """Help text and errors tied to their field for screen readers (aria-describedby)."""

    def _describe(self):
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"id_{name}_helptext")
            if self.is_bound and self.errors.get(name):
                ids.append(f"id_{name}_errors")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self._describe()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the documents"), required=False, max_length=200)


def parse_tags(value: str) -> list[str]:
    return sorted({tag.strip()[:100] for tag in (value or "").split(",") if tag.strip()})[:20]


class DocumentMetadataForm(DescribedFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    collection = forms.ModelChoiceField(label=_("Collection"), queryset=None,
                                        help_text=_("The organisation, table or partnership it belongs to."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(label=_("Language"), choices=DocumentLanguage.choices)
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Visibility.choices, widget=forms.RadioSelect,
        initial=Visibility.MEMBERS,
        help_text=_("Members only: the members of the collection's organisation, table or partnership."),
    )
    review_date = forms.DateField(label=_("Review date"), required=False, widget=DATE)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=500, help_text=_("Separated by commas."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = permissions.writable_collections(user)
        self.fields["collection"].label_from_instance = lambda shared: shared.collection.name

    def clean_tags(self):
        return parse_tags(self.cleaned_data["tags"])


class DocumentUploadForm(DocumentMetadataForm):
    file = forms.FileField(label=_("File"))
    field_order = ["file", "title", "collection"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help_text()
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in services.allowed_extensions())

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            services.check_upload(file)
        except services.ConcertationError as error:
            raise forms.ValidationError(error.message) from None
        return file


def file_help_text() -> str:
    return _("Accepted: %(types)s; %(max)s MB at most. The file's own name is not kept.") % {
        "types": ", ".join(services.allowed_extensions()), "max": settings.SHARED_DOCUMENT_MAX_MB}


class NewVersionForm(DescribedFieldsMixin, forms.Form):
    file = forms.FileField(label=_("New version of the file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help_text()

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            services.check_upload(file)
        except services.ConcertationError as error:
            raise forms.ValidationError(error.message) from None
        return file


class TableForm(DescribedFieldsMixin, forms.Form):
    """Common fields of a table's decisions and actions: what it addresses, and who sees it."""

    step = forms.ModelChoiceField(label=_("Pathway step (or its gap or overlap in the matrix)"), required=False,
                                  queryset=PathwayStep.objects.in_pathway_order())
    partnership = forms.ModelChoiceField(label=_("Partnership"), required=False, queryset=Partnership.objects.all())
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=TableVisibility.choices,
                                   initial=TableVisibility.MEMBERS)

    def __init__(self, *args, table, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.fields["partnership"].queryset = Partnership.objects.visible_to(user).order_by("name_fr")


class MeetingForm(TableForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Start"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("End"), required=False, widget=DATETIME)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("One item per line."))
    minutes = forms.ModelChoiceField(label=_("Minutes"), required=False, queryset=SharedDocument.objects.none(),
                                     help_text=_("A document of the shared space."))
    field_order = ["title", "starts_at", "ends_at", "place", "video_url", "agenda", "minutes", "visibility"]

    def __init__(self, *args, table, user, **kwargs):
        super().__init__(*args, table=table, user=user, **kwargs)
        del self.fields["step"], self.fields["partnership"]
        self.fields["minutes"].queryset = SharedDocument.objects.visible_to(user).filter(
            organization=table).order_by("-created_at")
        self.attendance_fields = []
        for organization in Organization.objects.filter(pk__in=seated_organizations(table)).order_by("name"):
            name = f"attendance_{organization.pk}"
            self.fields[name] = forms.ChoiceField(
                label=organization.display_name, required=False,
                choices=[("", pgettext_lazy("attendance", "Not recorded"))] + AttendanceStatus.choices)
            self.attendance_fields.append(name)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("video_url"):
            self.add_error("place", _("Give a place or a video link."))
        if data.get("ends_at") and data.get("starts_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        return data

    def attendance(self) -> dict[int, str]:
        return {int(name.split("_")[1]): self.cleaned_data[name] for name in self.attendance_fields
                if self.cleaned_data.get(name)}

    def regular_fields(self):
        return [self[name] for name in self.fields if name not in self.attendance_fields]

    def attendance_bound_fields(self):
        return [self[name] for name in self.attendance_fields]


class DecisionForm(TableForm):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    meeting = forms.ModelChoiceField(label=_("Meeting"), required=False, queryset=None)
    field_order = ["text", "decided_on", "meeting", "step", "partnership", "visibility"]

    def __init__(self, *args, table, user, **kwargs):
        super().__init__(*args, table=table, user=user, **kwargs)
        self.fields["meeting"].queryset = table.meetings.all()


class ActionForm(TableForm):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    owner = forms.ModelChoiceField(label=_("Owner organisation"), queryset=Organization.objects.active())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    decision = forms.ModelChoiceField(label=_("Decision"), required=False, queryset=None)
    field_order = ["text", "owner", "due_date", "decision", "step", "partnership", "visibility"]

    def __init__(self, *args, table, user, **kwargs):
        super().__init__(*args, table=table, user=user, **kwargs)
        self.fields["decision"].queryset = table.decisions.all()
        self.fields["decision"].label_from_instance = lambda decision: f"{decision.decided_on:%Y-%m-%d} — {decision}"


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class EventProposalForm(DescribedFieldsMixin, forms.Form):
    """A public event proposed by a partner: it waits for a platform editor's approval."""

    title = forms.CharField(label=_("Title"), max_length=200)
    organizer = forms.ModelChoiceField(label=_("Organising organisation"), queryset=Organization.objects.none())
    start = forms.DateTimeField(label=_("Start"), widget=DATETIME)
    end = forms.DateTimeField(label=_("End"), required=False, widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One or two sentences shown in lists and calendars."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = Organization.objects.active().for_member(user).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("end") and data.get("start") and data["end"] < data["start"]:
            self.add_error("end", _("The event cannot end before it starts."))
        return data
