"""The partner space's pages: shared documents, concertation tables (meetings, decisions, action plan),
the partners' calendar and its private feed, and the public-event proposal.

Views do HTTP and validation only. Every object is fetched through its `visible_to(user)` QuerySet, so a
document, meeting or action that is not for the user answers 404, like one that does not exist. Pages are
`never_cache`: they may carry what is shared with members only.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from concertation import calendar as partner_calendar
from concertation import permissions, services
from concertation.access import circles_of, seated_organizations
from concertation.forms import (
    ActionForm,
    ActionStatusForm,
    DecisionForm,
    DocumentMetadataForm,
    DocumentUploadForm,
    EventProposalForm,
    MeetingForm,
    NewVersionForm,
    SearchForm,
)
from concertation.models import (
    OPEN_STATUSES,
    ActionItem,
    CalendarToken,
    Decision,
    DocumentVersion,
    Meeting,
    SharedDocument,
)
from concertation.services import ConcertationError
from directory.models import Organization, OrganizationKind
from portal.errors import add_to_form
from portal.spreadsheets import SafeWriter

PAGE_SIZE = 20


def _partner_required(request):
    if not circles_of(request.user).is_partner and not request.user.is_superuser:
        raise PermissionDenied


def _documents_for(request):
    return SharedDocument.objects.visible_to(request.user).select_related("collection", "organization",
                                                                        "partnership")


@never_cache
@require_safe
def home(request):
    """The partner space's front door: the search box, the key agreements, the user's tables, what is next."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    circles = circles_of(request.user)
    documents = _documents_for(request)
    context = {
        "search_form": SearchForm(),
        "agreements": documents.filter(partnership__isnull=False).order_by("-updated_at")[:8],
        "recent_documents": documents.order_by("-updated_at")[:8],
        "tables": permissions.tables_for(request.user).order_by("name"),
        "upcoming_meetings": Meeting.objects.visible_to(request.user).filter(
            starts_at__gte=timezone.now()).select_related("table").order_by("starts_at")[:5],
        "my_actions": ActionItem.objects.filter(owner_id__in=circles.organizations, status__in=OPEN_STATUSES)
        .select_related("table").order_by("due_date")[:10],
        "can_upload": permissions.writable_collections(request.user).exists(),
        "section": "home",
    }
    return render(request, "concertation/home.html", context)


@never_cache
@require_safe
def document_list(request):
    """Every document the visitor may see (public ones for anonymous visitors), searchable."""
    form = SearchForm(request.GET or None)
    documents = _documents_for(request).prefetch_related("tags")
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        documents = documents.matching(query)
    collection = request.GET.get("collection", "")
    if collection.isdigit():
        documents = documents.filter(collection_id=int(collection))
    page = Paginator(documents.order_by("title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "concertation/document_list.html", {
        "form": form, "page_obj": page, "query": query, "section": "documents",
        "can_upload": request.user.is_authenticated and permissions.writable_collections(request.user).exists(),
    })


@never_cache
@require_safe
def document_detail(request, pk):
    document = get_object_or_404(_documents_for(request).prefetch_related("tags"), pk=pk)
    can_change = permissions.can_change_document(request.user, document)
    versions = document.versions.select_related("uploaded_by") if request.user.is_authenticated else []
    return render(request, "concertation/document_detail.html", {
        "document": document, "can_change": can_change, "versions": versions,
        "version_form": NewVersionForm() if can_change else None, "section": "documents",
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request):
    form = DocumentUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["collection"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_upload(
                user=request.user, shared_collection=data["collection"], file=data["file"], title=data["title"],
                description=data["description"], language=data["language"], review_date=data["review_date"],
                visibility=data["visibility"], tags=data["tags"])
        except ConcertationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(document.get_absolute_url())
    return render(request, "concertation/document_form.html", {"form": form, "section": "documents",
                                                               "upload": True})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = get_object_or_404(_documents_for(request), pk=pk)
    if not permissions.can_change_document(request.user, document):
        raise PermissionDenied
    shared = getattr(document.collection, "shared", None)
    initial = {"title": document.title, "collection": shared, "description": document.description,
               "language": document.language, "visibility": document.visibility,
               "review_date": document.review_date, "tags": ", ".join(t.name for t in document.tags.all())}
    form = DocumentMetadataForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_update(
                user=request.user, document=document, title=data["title"], description=data["description"],
                language=data["language"], review_date=data["review_date"], visibility=data["visibility"],
                tags=data["tags"], shared_collection=data["collection"])
        except ConcertationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The document was updated."))
            return redirect(document.get_absolute_url())
    return render(request, "concertation/document_form.html", {"form": form, "document": document,
                                                               "section": "documents"})


@never_cache
@login_required
@require_POST
def document_new_version(request, pk):
    document = get_object_or_404(_documents_for(request), pk=pk)
    if not permissions.can_change_document(request.user, document):
        raise PermissionDenied
    form = NewVersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_replace_file(user=request.user, document=document, file=form.cleaned_data["file"])
        except ConcertationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The new version was uploaded; the previous one is kept."))
            return redirect(document.get_absolute_url())
    response = render(request, "concertation/document_detail.html", {
        "document": document, "can_change": True, "versions": document.versions.select_related("uploaded_by"),
        "version_form": form, "section": "documents"})
    response.status_code = 400
    return response


@never_cache
@require_safe
def document_version_download(request, pk, number):
    """A previous version's file, under the same read rule as the document (signed-in partners only)."""
    if not request.user.is_authenticated:
        raise Http404
    document = get_object_or_404(_documents_for(request), pk=pk)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    name = document.download_name.rsplit(".", 1)
    filename = f"{name[0]}-v{version.number}" + (f".{name[1]}" if len(name) > 1 else "")
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# --- tables ----------------------------------------------------------------------------------------------

def _table(request, slug):
    table = get_object_or_404(Organization.objects.active(), slug=slug, kind=OrganizationKind.CONCERTATION)
    if table.pk not in circles_of(request.user).tables and not Meeting.objects.visible_to(request.user).filter(
            table=table).exists() and not ActionItem.objects.visible_to(request.user).filter(table=table).exists():
        raise Http404
    return table


@never_cache
@login_required
@require_safe
def table_detail(request, slug):
    table = _table(request, slug)
    today = timezone.localdate()
    return render(request, "concertation/table_detail.html", {
        "table": table,
        "can_manage": permissions.can_manage_table(request.user, table),
        "meetings": Meeting.objects.visible_to(request.user).for_table(table).select_related("minutes"),
        "decisions": Decision.objects.visible_to(request.user).for_table(table).select_related(
            "step", "partnership", "meeting")[:20],
        "actions": ActionItem.objects.visible_to(request.user).for_table(table).filter(status__in=OPEN_STATUSES)
        .select_related("owner", "step", "partnership"),
        "members": Organization.objects.filter(pk__in=seated_organizations(table)).order_by("name"),
        "year": today.year, "section": "tables",
    })


@never_cache
@login_required
@require_safe
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("table", "minutes").prefetch_related(
            Prefetch("attendance", queryset=Meeting.attendance.rel.related_model.objects.select_related(
                "organization"))), pk=pk)
    return render(request, "concertation/meeting_detail.html", {
        "meeting": meeting, "table": meeting.table,
        "minutes_visible": meeting.minutes_id and _documents_for(request).filter(pk=meeting.minutes_id).exists(),
        "decisions": Decision.objects.visible_to(request.user).filter(meeting=meeting).select_related("step"),
        "actions": ActionItem.objects.visible_to(request.user).filter(meeting=meeting).select_related("owner"),
        "can_manage": permissions.can_manage_table(request.user, meeting.table), "section": "tables",
    })


def _managed_table(request, slug):
    table = _table(request, slug)
    if not permissions.can_manage_table(request.user, table):
        raise PermissionDenied
    return table


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def meeting_form(request, slug, pk=None):
    table = _managed_table(request, slug)
    meeting = get_object_or_404(Meeting, pk=pk, table=table) if pk else None
    initial = {}
    if meeting:
        initial = {"title": meeting.title, "starts_at": timezone.localtime(meeting.starts_at),
                   "ends_at": meeting.ends_at and timezone.localtime(meeting.ends_at), "place": meeting.place,
                   "video_url": meeting.video_url, "agenda": meeting.agenda, "minutes": meeting.minutes,
                   "visibility": meeting.visibility}
        initial.update({f"attendance_{a.organization_id}": a.status for a in meeting.attendance.all()})
    form = MeetingForm(request.POST or None, table=table, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_save(
                user=request.user, table=table, meeting=meeting, title=data["title"], starts_at=data["starts_at"],
                ends_at=data["ends_at"], place=data["place"], video_url=data["video_url"], agenda=data["agenda"],
                minutes=data["minutes"], visibility=data["visibility"], attendance=form.attendance())
        except ConcertationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting.get_absolute_url())
    return render(request, "concertation/table_form.html", {
        "form": form, "table": table, "section": "tables",
        "heading": _("Edit the meeting") if meeting else _("New meeting")})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def decision_form(request, slug):
    table = _managed_table(request, slug)
    form = DecisionForm(request.POST or None, table=table, user=request.user,
                        initial={"decided_on": timezone.localdate(), "meeting": request.GET.get("meeting")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(user=request.user, table=table, text=data["text"],
                                     decided_on=data["decided_on"], meeting=data["meeting"], step=data["step"],
                                     partnership=data["partnership"], visibility=data["visibility"])
        except ConcertationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(data["meeting"].get_absolute_url() if data["meeting"] else
                            reverse("concertation:table", kwargs={"slug": table.slug}))
    return render(request, "concertation/table_form.html", {"form": form, "table": table, "section": "tables",
                                                            "heading": _("New decision")})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def action_form(request, slug):
    table = _managed_table(request, slug)
    form = ActionForm(request.POST or None, table=table, user=request.user,
                      initial={"decision": request.GET.get("decision")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_create(user=request.user, table=table, text=data["text"], owner=data["owner"],
                                   due_date=data["due_date"], decision=data["decision"], step=data["step"],
                                   partnership=data["partnership"], visibility=data["visibility"])
        except ConcertationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The action was added to the plan."))
            return redirect("concertation:table", slug=table.slug)
    return render(request, "concertation/table_form.html", {"form": form, "table": table, "section": "tables",
                                                            "heading": _("New action")})


@never_cache
@login_required
@require_POST
def action_status(request, pk):
    action = get_object_or_404(ActionItem.objects.visible_to(request.user), pk=pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.action_update(user=request.user, action=action, status=form.cleaned_data["status"])
        except ConcertationError as error:
            if error.code == "forbidden":
                raise PermissionDenied from None
            messages.error(request, error.message)
        else:
            messages.success(request, _("The action's status was updated."))
    return redirect(reverse("concertation:plan", kwargs={"slug": action.table.slug,
                                                         "year": (action.due_date or timezone.localdate()).year}))


def _plan_actions(request, table, year: int):
    """The year's plan: actions due that year, plus those without a due date created that year."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    from django.db.models import Q

    return (ActionItem.objects.visible_to(request.user).for_table(table)
            .filter(Q(due_date__range=(start, end)) | Q(due_date__isnull=True, created_at__year=year))
            .select_related("owner", "step", "partnership", "decision").order_by("due_date", "pk"))


@never_cache
@login_required
@require_safe
def action_plan(request, slug, year):
    if not 2000 <= year <= 2100:
        raise Http404
    table = _table(request, slug)
    actions = list(_plan_actions(request, table, year))
    for action in actions:
        action.can_update = permissions.can_update_action(request.user, action)
    return render(request, "concertation/action_plan.html", {
        "table": table, "year": year, "actions": actions, "status_form": ActionStatusForm(),
        "previous_year": year - 1, "next_year": year + 1, "section": "tables",
        "can_manage": permissions.can_manage_table(request.user, table),
    })


@never_cache
@login_required
@require_safe
def action_plan_csv(request, slug, year):
    if not 2000 <= year <= 2100:
        raise Http404
    table = _table(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{table.slug}-{year}.csv"'
    response.write("\ufeff")  # spreadsheets then read the accents as UTF-8
    writer = SafeWriter(response)
    writer.writerow([_("Action"), _("Owner organisation"), _("Due date"), _("Status"), _("Pathway step"),
                     _("Partnership"), _("Decision")])
    for action in _plan_actions(request, table, year):
        writer.writerow([action.text, action.owner.name, action.due_date.isoformat() if action.due_date else "",
                         action.get_status_display(), action.step.name if action.step else "",
                         action.partnership.name if action.partnership else "",
                         action.decision.text if action.decision else ""])
    return response


# --- calendar and events ---------------------------------------------------------------------------------

@never_cache
@login_required
@require_safe
def calendar_page(request):
    _partner_required(request)
    token = CalendarToken.objects.filter(user=request.user).first()
    feed_url = request.build_absolute_uri(reverse("concertation-feed", kwargs={"token": token.token})) if token else ""
    return render(request, "concertation/calendar.html", {
        "entries": partner_calendar.upcoming_entries(request.user), "feed_url": feed_url, "section": "calendar"})


@never_cache
@login_required
@require_POST
def calendar_token(request):
    _partner_required(request)
    if request.POST.get("action") == "revoke":
        services.calendar_token_revoke(user=request.user)
        messages.success(request, _("Your private calendar address was revoked."))
    else:
        try:
            services.calendar_token_renew(user=request.user)
        except ConcertationError as error:
            raise PermissionDenied from error
        messages.success(request, _("Your private calendar address is ready. Any previous address no longer works."))
    return redirect("concertation:calendar")


@never_cache
@require_safe
def calendar_feed(request, token):
    """The private iCalendar feed: the token is the only credential, so an unknown one is a 404."""
    row = CalendarToken.objects.filter(token=token, user__is_active=True).select_related("user").first()
    if row is None or len(token) < 20:
        raise Http404
    return partner_calendar.feed_response(request, row.user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def event_propose(request):
    _partner_required(request)
    form = EventProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.event_propose(user=request.user, organizer=data["organizer"], title=data["title"],
                                   start=data["start"], end=data["end"], place=data["place"],
                                   summary=data["summary"])
        except ConcertationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Thank you: the event was sent to the site's editors. It will appear in "
                                        "the public calendar once approved."))
            return redirect("concertation:calendar")
    return render(request, "concertation/event_form.html", {"form": form, "section": "calendar"})
