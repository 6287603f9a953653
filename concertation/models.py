"""The partners' shared space: documents on Wagtail's documents and collections, the concertation tables'
meetings, decisions and action items, and partners-only events.

Reads go through the `visible_to(user)` QuerySet methods, which rest on `concertation.access.circles_of`;
writes go through `concertation.services`.
"""

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, DocumentQuerySet
from wagtail.models import Collection
from wagtail.search import index

from concertation.access import circles_of


def private_storage():
    """Files of the shared space live outside MEDIA_ROOT: no web server maps them to a public URL."""
    return storages["private_documents"]


def opaque_upload_to(instance, filename: str) -> str:
    """A random name that keeps only the extension: the URL never carries what the uploader called the file."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"documents/{uuid.uuid4().hex}{suffix}"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("All partners")
    MEMBERS = "members", _("Members only")


class TableVisibility(models.TextChoices):
    MEMBERS = "members", _("Members of the table")
    PARTNERS = "partners", _("All partners")


class DocumentLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    BILINGUAL = "fr-en", _("French and English")
    OTHER = "other", _("Other language")


class SharedCollection(models.Model):
    """Ties a Wagtail collection to the organisation, table or partnership that owns it.

    The owners' groups get Wagtail's collection permissions on it (`GroupCollectionPermission`), which is
    what decides who may add and change its documents; reading is decided by each document's visibility.
    """

    collection = models.OneToOneField(Collection, on_delete=models.CASCADE, related_name="shared")
    organization = models.OneToOneField(
        "directory.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="shared_collection",
        verbose_name=_("organisation or table"),
    )
    partnership = models.OneToOneField(
        "network.Partnership", on_delete=models.CASCADE, null=True, blank=True, related_name="shared_collection",
        verbose_name=_("partnership"),
    )

    class Meta:
        verbose_name = _("shared collection")
        verbose_name_plural = _("shared collections")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True, partnership__isnull=False)
                | Q(organization__isnull=False, partnership__isnull=True),
                name="shared_collection_one_owner",
            )
        ]

    def __str__(self):
        return self.collection.name

    @property
    def owner(self):
        return self.organization or self.partnership


class SharedDocumentQuerySet(DocumentQuerySet):
    def visible_to(self, user):
        """Public documents for everyone; partners' ones for any partner; members-only ones for the
        members of the owning organisation, table or partnership. The only read rule for documents."""
        circles = circles_of(user)
        rule = Q(visibility=Visibility.PUBLIC)
        if circles.is_partner:
            rule |= Q(visibility=Visibility.PARTNERS)
            rule |= Q(visibility=Visibility.MEMBERS) & (
                Q(organization_id__in=circles.owners) | Q(partnership_id__in=circles.partnerships)
            )
        return self.filter(rule)

    def matching(self, query: str):
        """Title, description, tags and the text of PDFs, case-insensitively (each word must match)."""
        for word in (query or "").split()[:8]:
            self = self.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(tags__name__icontains=word)
                | Q(text_content__icontains=word)
            )
        return self.distinct()

    def due_for_review(self, day=None):
        return self.filter(review_date__lte=day or timezone.localdate())


class SharedDocument(AbstractDocument):
    """A document of the shared space (framework agreement, protocol, minutes, form, guide).

    Never attached to a referral: referrals keep their own minimal data.
    """

    file = models.FileField(upload_to=opaque_upload_to, storage=private_storage, verbose_name=_("file"))
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=DocumentLanguage.choices, default=DocumentLanguage.FRENCH
    )
    review_date = models.DateField(_("review date"), null=True, blank=True,
                                   help_text=_("When the document should be checked again."))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.MEMBERS)
    # Copied from the collection's owner on upload and on move, so that the read rule is one SQL filter.
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="shared_documents",
        verbose_name=_("organisation or table"),
    )
    partnership = models.ForeignKey(
        "network.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="shared_documents",
        verbose_name=_("partnership"),
    )
    text_content = models.TextField(blank=True, editable=False, help_text=_("Text extracted from a PDF, for search."))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SharedDocumentQuerySet.as_manager()

    admin_form_fields = ("title", "file", "collection", "description", "language", "review_date", "visibility",
                         "tags")
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description"),
        index.FilterField("visibility"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("shared document")
        verbose_name_plural = _("shared documents")
        ordering = ["title"]

    def get_absolute_url(self) -> str:
        return reverse("concertation:document", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        """Keep the owner copied from the collection, whoever moves the document (the workspace or Wagtail's
        admin): the read rule filters on it. A document outside the shared collections has no owner, so
        "members only" there means nobody but those who may change it in the admin."""
        shared = SharedCollection.objects.filter(collection_id=self.collection_id).first()
        self.organization_id = shared.organization_id if shared else None
        self.partnership_id = shared.partnership_id if shared else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"organization", "partnership"}
        super().save(*args, **kwargs)

    @property
    def owner(self):
        return self.organization or self.partnership

    @property
    def download_name(self) -> str:
        """What the browser saves the file as: the title (chosen to be shared), never in the URL."""
        from django.utils.text import slugify

        return f"{slugify(self.title)[:80] or 'document'}{PurePosixPath(self.file.name).suffix.lower()}"


class DocumentVersion(models.Model):
    """A previous file of a document, kept when a new one is uploaded: who uploaded it, and when."""

    document = models.ForeignKey(SharedDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=opaque_upload_to, storage=private_storage, verbose_name=_("file"))
    file_size = models.PositiveBigIntegerField(null=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"))
    replaced_at = models.DateTimeField(_("replaced"), default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")]

    def __str__(self):
        return f"{self.document} v{self.number}"


class TableScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members of the table (its own and seated organisations) see everything of it; other partners
        what the table shared with all partners; anonymous visitors nothing."""
        circles = circles_of(user)
        if not circles.is_partner:
            return self.none()
        rule = Q(visibility=TableVisibility.PARTNERS) | Q(table_id__in=circles.tables)
        if self.model is ActionItem:
            rule |= Q(owner_id__in=circles.organizations)
        return self.filter(rule)

    def for_table(self, table):
        return self.filter(table=table)


class Meeting(models.Model):
    """A meeting of a concertation table: when, where (a place or a video link), agenda, minutes, who came."""

    table = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="meetings",
                              verbose_name=_("table"))
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    minutes = models.ForeignKey(SharedDocument, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="minutes_of", verbose_name=_("minutes"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=TableVisibility.choices,
                                  default=TableVisibility.MEMBERS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TableScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("concertation:meeting", kwargs={"pk": self.pk})

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class MeetingAttendance(models.Model):
    """Attendance by organisation, not by person: the minutes record who was represented."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.PRESENT)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "organization"], name="unique_attendance")]

    def __str__(self):
        return f"{self.organization} — {self.get_status_display()}"


class Decision(models.Model):
    """What a table decided, linked to what it addresses: a pathway step (its gap or overlap in the matrix)
    or a partnership."""

    table = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="decisions",
                              verbose_name=_("table"))
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
                                verbose_name=_("meeting"))
    text = models.TextField(_("decision"))
    decided_on = models.DateField(_("decided on"))
    step = models.ForeignKey("directory.PathwayStep", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="decisions", verbose_name=_("pathway step"))
    partnership = models.ForeignKey("network.Partnership", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="decisions", verbose_name=_("partnership"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=TableVisibility.choices,
                                  default=TableVisibility.MEMBERS)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TableScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(models.Model):
    """A task of a table's action plan: what, which organisation carries it, by when, where it stands."""

    table = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="action_items",
                              verbose_name=_("table"))
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="actions", verbose_name=_("decision"))
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
                                verbose_name=_("meeting"))
    text = models.TextField(_("action"))
    owner = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="owned_actions",
                              verbose_name=_("owner organisation"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    step = models.ForeignKey("directory.PathwayStep", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="actions", verbose_name=_("pathway step"))
    partnership = models.ForeignKey("network.Partnership", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="actions", verbose_name=_("partnership"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=TableVisibility.choices,
                                  default=TableVisibility.MEMBERS)
    # The due date the owner was last reminded of: a moved due date is reminded again, never twice the same.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TableScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class PartnerEventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")


class PartnerEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Partners-only: every partner when no table is named, else the table's members."""
        circles = circles_of(user)
        if not circles.is_partner:
            return self.none()
        return self.filter(Q(table__isnull=True) | Q(table_id__in=circles.tables))

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))


class PartnerEvent(models.Model):
    """A partners-only activity (a TCRI intercultural training, a working meeting): never in public feeds."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PartnerEventKind.choices,
                            default=PartnerEventKind.TRAINING)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    organizer = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, related_name="partner_events",
                                  verbose_name=_("organiser"))
    table = models.ForeignKey("directory.Organization", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="table_events", verbose_name=_("table"),
                              help_text=_("Leave empty to invite every partner."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerEventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("partners-only event")
        verbose_name_plural = _("partners-only events")

    def __str__(self):
        return self.title


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a user's private iCalendar feed URL; renewing it revokes the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return str(self.user)
