"""Writes of the partner space: collections and their Wagtail permissions, documents and their versions,
meetings, decisions, action items, partners' events and calendar tokens. Keyword-only, atomic."""

import datetime
import io
import logging
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission

from concertation import permissions
from concertation.access import circles_of, seated_organizations
from concertation.models import (
    ActionItem,
    ActionStatus,
    CalendarToken,
    Decision,
    DocumentVersion,
    Meeting,
    MeetingAttendance,
    SharedCollection,
    SharedDocument,
    Visibility,
    new_calendar_token,
)
from directory.models import Organization, OrganizationKind
from directory.services import organization_ensure_group
from portal.errors import ServiceError
from portal.slugs import ascii_slug

logger = logging.getLogger(__name__)

SPACE_COLLECTION_NAME = "Espace de partage"
COLLECTION_PERMISSIONS = ("add_document", "change_document", "choose_document")
PDF_TEXT_LIMIT = 200_000  # characters kept for search: enough for an agreement, bounded for the database


class ConcertationError(ServiceError):
    """A rule of the partner space refused the operation (codes and statuses: `portal.errors.ServiceError`)."""


# --- collections -----------------------------------------------------------------------------------------

def _space_root() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SPACE_COLLECTION_NAME).first()
    return existing or root.add_child(name=SPACE_COLLECTION_NAME)


def _owner_organizations(*, organization=None, partnership=None) -> list[Organization]:
    if partnership is not None:
        return [member.organization for member in partnership.members.select_related("organization")]
    if organization.kind == OrganizationKind.CONCERTATION:
        return list(Organization.objects.filter(pk__in=seated_organizations(organization)))
    return [organization]


@transaction.atomic
def shared_collection_ensure(*, organization: Organization | None = None, partnership=None) -> SharedCollection:
    """The collection of an organisation, a table or a partnership, with Wagtail's collection permissions
    given to the groups of its organisations (and taken from organisations that left). Idempotent."""
    if (organization is None) == (partnership is None):
        raise ConcertationError(_("A collection belongs to one organisation, table or partnership."))
    lookup = {"organization": organization} if organization is not None else {"partnership": partnership}
    shared = SharedCollection.objects.filter(**lookup).select_related("collection").first()
    name = (organization.name if organization is not None else partnership.name_fr)[:255]
    if shared is None:
        collection = _space_root().add_child(name=name)
        shared = SharedCollection.objects.create(collection=collection, **lookup)
    elif shared.collection.name != name:
        shared.collection.name = name
        shared.collection.save(update_fields=["name"])
    perms = list(Permission.objects.filter(content_type__app_label="wagtaildocs", codename__in=COLLECTION_PERMISSIONS))
    groups = [organization_ensure_group(organization=org) for org in _owner_organizations(**lookup) if org.is_active]
    GroupCollectionPermission.objects.filter(collection=shared.collection, permission__in=perms).exclude(
        group__in=groups
    ).delete()
    for group in groups:
        for perm in perms:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=shared.collection,
                                                            permission=perm)
    return shared


# --- documents -------------------------------------------------------------------------------------------

def allowed_extensions() -> list[str]:
    return list(settings.WAGTAILDOCS_EXTENSIONS)


def max_upload_bytes() -> int:
    return settings.SHARED_DOCUMENT_MAX_MB * 1024 * 1024


def check_upload(file) -> None:
    """Type and size, as the form states them; the name the uploader gave is never kept."""
    extension = PurePosixPath(file.name or "").suffix.lower().lstrip(".")
    if extension not in allowed_extensions():
        raise ConcertationError(
            _("This type of file is not accepted. Accepted: %(types)s.") % {"types": ", ".join(allowed_extensions())},
            field="file",
        )
    if file.size > max_upload_bytes():
        raise ConcertationError(
            _("The file is too large: %(max)s MB at most.") % {"max": settings.SHARED_DOCUMENT_MAX_MB}, field="file"
        )
    if file.size == 0:
        raise ConcertationError(_("The file is empty."), field="file")


def extract_pdf_text(file) -> str:
    """The text of a PDF for search, or "" when it has none or cannot be read (a scan, a damaged file)."""
    if not (file.name or "").lower().endswith(".pdf"):
        return ""
    try:
        from pypdf import PdfReader

        file.seek(0)
        reader = PdfReader(io.BytesIO(file.read()))
        parts, size = [], 0
        for page in reader.pages[:200]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > PDF_TEXT_LIMIT:
                break
        return "\n".join(parts)[:PDF_TEXT_LIMIT].replace("\x00", "")
    except Exception:  # noqa: BLE001 - any unreadable PDF is simply not searchable by its text
        logger.warning("concertation: PDF text could not be extracted")
        return ""
    finally:
        file.seek(0)


def _owner_fields(shared: SharedCollection) -> dict:
    return {"organization": shared.organization, "partnership": shared.partnership,
            "collection": shared.collection}


def _require_collection(user, shared: SharedCollection) -> None:
    if not permissions.writable_collections(user).filter(pk=shared.pk).exists():
        raise ConcertationError(_("You may not add documents to this collection."), code="forbidden",
                                field="collection")


@transaction.atomic
def document_upload(*, user, shared_collection: SharedCollection, file, title: str, description: str = "",
                    language: str = "fr", review_date: datetime.date | None = None,
                    visibility: str = Visibility.MEMBERS, tags: list[str] | None = None) -> SharedDocument:
    _require_collection(user, shared_collection)
    check_upload(file)
    document = SharedDocument(
        title=title.strip(), description=description.strip(), language=language, review_date=review_date,
        visibility=visibility, uploaded_by_user=user, text_content=extract_pdf_text(file),
        **_owner_fields(shared_collection),
    )
    document.file = file
    document._set_document_file_metadata()
    document.save()
    if tags:
        document.tags.set(tags)
    return document


@transaction.atomic
def document_update(*, user, document: SharedDocument, title: str, description: str, language: str,
                    review_date, visibility: str, tags: list[str],
                    shared_collection: SharedCollection | None = None) -> SharedDocument:
    document = SharedDocument.objects.select_for_update().get(pk=document.pk)
    if not permissions.can_change_document(user, document):
        raise ConcertationError(_("You may not change this document."), code="forbidden")
    if shared_collection is not None and shared_collection.collection_id != document.collection_id:
        _require_collection(user, shared_collection)
        for name, value in _owner_fields(shared_collection).items():
            setattr(document, name, value)
    document.title, document.description, document.language = title.strip(), description.strip(), language
    document.review_date, document.visibility = review_date, visibility
    document.save()
    document.tags.set(tags)
    return document


@transaction.atomic
def document_replace_file(*, user, document: SharedDocument, file) -> SharedDocument:
    """A new upload becomes the current file; the previous one is kept as a version (who, when)."""
    document = SharedDocument.objects.select_for_update().get(pk=document.pk)
    if not permissions.can_change_document(user, document):
        raise ConcertationError(_("You may not change this document."), code="forbidden")
    check_upload(file)
    DocumentVersion.objects.create(
        document=document, number=document.version, file=document.file.name, file_size=document.file_size,
        uploaded_by=document.uploaded_by_user, uploaded_at=document.created_at
        if document.version == 1 else document.updated_at,
    )
    document.file = file
    document.text_content = extract_pdf_text(file)
    document._set_document_file_metadata()
    document.version += 1
    document.uploaded_by_user = user
    document.save()
    return document


# --- tables: meetings, decisions, actions ----------------------------------------------------------------

def _require_table(user, table: Organization) -> None:
    if table.kind != OrganizationKind.CONCERTATION:
        raise ConcertationError(_("Meetings and action plans belong to a concertation table."), field="table")
    if not permissions.can_manage_table(user, table):
        raise ConcertationError(_("You may not manage this table's work."), code="forbidden")


@transaction.atomic
def meeting_save(*, user, table: Organization, meeting: Meeting | None = None, title: str,
                 starts_at: datetime.datetime, ends_at: datetime.datetime | None = None, place: str = "",
                 video_url: str = "", agenda: str = "", minutes: SharedDocument | None = None,
                 visibility: str = "members", attendance: dict[int, str] | None = None) -> Meeting:
    """Create or update a meeting, with attendance by organisation ({organisation pk: status})."""
    _require_table(user, table)
    if meeting is not None and meeting.table_id != table.pk:
        raise ConcertationError(_("This meeting belongs to another table."), code="forbidden")
    if ends_at is not None and ends_at < starts_at:
        raise ConcertationError(_("The meeting cannot end before it starts."), field="ends_at")
    if not (place or video_url):
        raise ConcertationError(_("Give a place or a video link."), field="place")
    if minutes is not None and not SharedDocument.objects.visible_to(user).filter(pk=minutes.pk).exists():
        raise ConcertationError(_("Choose minutes among the documents you can see."), field="minutes")
    meeting = meeting or Meeting(table=table, created_by=user)
    for name, value in {"title": title.strip(), "starts_at": starts_at, "ends_at": ends_at, "place": place,
                        "video_url": video_url, "agenda": agenda, "minutes": minutes,
                        "visibility": visibility}.items():
        setattr(meeting, name, value)
    meeting.save()
    if attendance is not None:
        seated = seated_organizations(table)
        unknown = set(attendance) - seated
        if unknown:
            raise ConcertationError(_("Attendance is recorded for the table's organisations only."),
                                    field="attendance")
        meeting.attendance.exclude(organization_id__in=attendance).delete()
        for organization_id, status in attendance.items():
            MeetingAttendance.objects.update_or_create(meeting=meeting, organization_id=organization_id,
                                                       defaults={"status": status})
    return meeting


@transaction.atomic
def decision_record(*, user, table: Organization, text: str, decided_on: datetime.date,
                    meeting: Meeting | None = None, step=None, partnership=None,
                    visibility: str = "members") -> Decision:
    _require_table(user, table)
    if meeting is not None and meeting.table_id != table.pk:
        raise ConcertationError(_("This meeting belongs to another table."), field="meeting")
    return Decision.objects.create(table=table, text=text.strip(), decided_on=decided_on, meeting=meeting, step=step,
                                   partnership=partnership, visibility=visibility)


@transaction.atomic
def action_create(*, user, table: Organization, text: str, owner: Organization,
                  due_date: datetime.date | None = None, decision: Decision | None = None,
                  meeting: Meeting | None = None, step=None, partnership=None,
                  visibility: str = "members") -> ActionItem:
    _require_table(user, table)
    if decision is not None and decision.table_id != table.pk:
        raise ConcertationError(_("This decision belongs to another table."), field="decision")
    if meeting is not None and meeting.table_id != table.pk:
        raise ConcertationError(_("This meeting belongs to another table."), field="meeting")
    if not owner.is_active:
        raise ConcertationError(_("The owner organisation is not active."), field="owner")
    return ActionItem.objects.create(
        table=table, text=text.strip(), owner=owner, due_date=due_date, decision=decision,
        meeting=meeting or (decision.meeting if decision else None),
        step=step or (decision.step if decision else None),
        partnership=partnership or (decision.partnership if decision else None),
        visibility=visibility, created_by=user,
    )


@transaction.atomic
def action_update(*, user, action: ActionItem, status: str, due_date: datetime.date | None = None,
                  keep_due_date: bool = True) -> ActionItem:
    """The owner's members and the table's managers move an action along (open → in progress → done/dropped)."""
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if not permissions.can_update_action(user, action):
        raise ConcertationError(_("You may not update this action."), code="forbidden")
    if status not in ActionStatus.values:
        raise ConcertationError(_("Unknown status."), field="status")
    action.status = status
    if not keep_due_date:
        action.due_date = due_date
    action.save()
    return action


def action_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the owner organisation of each open action due within ACTION_REMINDER_DAYS (once per due date).
    Returns the number of actions reminded."""
    from concertation.notifications import send_action_reminder

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.ACTION_REMINDER_DAYS)
    due = ActionItem.objects.filter(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS),
                                    due_date__isnull=False, due_date__lte=horizon, due_date__gte=today)
    count = 0
    for action in due.select_related("owner", "table"):
        if action.reminded_for == action.due_date:
            continue
        with transaction.atomic():
            locked = ActionItem.objects.select_for_update().get(pk=action.pk)
            if locked.reminded_for == locked.due_date:
                continue
            if send_action_reminder(action):
                locked.reminded_for = locked.due_date
                locked.save(update_fields=["reminded_for"])
                count += 1
    return count


# --- calendar --------------------------------------------------------------------------------------------

@transaction.atomic
def calendar_token_renew(*, user) -> CalendarToken:
    """Create the user's private feed token, or replace it (the old URL stops working at once)."""
    if not circles_of(user).is_partner:
        raise ConcertationError(_("Only partners have a private calendar."), code="forbidden")
    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_calendar_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    CalendarToken.objects.filter(user=user).delete()


# --- public events proposed by partners ------------------------------------------------------------------

@transaction.atomic
def event_propose(*, user, organizer: Organization, title: str, start: datetime.datetime,
                  end: datetime.datetime | None, place: str, summary: str):
    """A draft event page under the public calendar, submitted to Wagtail's moderation workflow: a platform
    editor approves (publishes) or rejects it in the admin. Returns the page."""
    from wagtail.models import Locale

    from portal.pages import EventIndexPage, EventPage

    if organizer.pk not in circles_of(user).organizations:
        raise ConcertationError(_("You may propose events for your own organisations only."), code="forbidden",
                                field="organizer")
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    index = EventIndexPage.objects.filter(locale=locale).first() or EventIndexPage.objects.first()
    if index is None:
        raise ConcertationError(_("The site has no events calendar yet."), code="conflict")
    base = ascii_slug(title, max_length=60, default="evenement")
    slug, number = base, 1
    while index.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    page = EventPage(title=title.strip(), slug=slug, start=start, end=end, place=place.strip(),
                     summary=summary.strip(), organizer=organizer, live=False, owner=user)
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        raise ConcertationError(_("No moderation workflow is set up for the calendar."), code="conflict")
    workflow.start(page, user)
    return page
