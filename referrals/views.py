"""The partner workspace: inbox, outbox, the referral page and its actions, the new-referral form,
the access log for organisation admins, and statistics for coordinators.

Views do HTTP and validation only. Every referral is fetched through `Referral.objects.visible_to`, so a
user of a third organisation gets 404 — the same answer as for a referral that does not exist. Every
workspace page is `never_cache`: it may carry a refugee's data, and a shared office computer's browser
cache or back button must not keep it after sign-out.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arrivals import services as arrivals_services
from directory.models import Organization, PathwayStep, Responsibility, ResponsibilityLevel
from portal.errors import ServiceError, add_to_form
from portal.spreadsheets import SafeWriter

from . import listing, notifications, reporting, services, statistics
from .actions import ACTIONS
from .filters import ListingFilter
from .forms import (
    ActingForForm,
    NotificationPreferenceForm,
    PeriodForm,
    ReferralForm,
    SearchForm,
)
from .models import AccessLog, Notification, Referral
from .pagination import MAX_PAGE
from .permissions import (
    SESSION_KEY,
    acting_organization,
    can_read_access_log,
    can_view_statistics,
    prefetched_object_perms,
    request_roles,
)

PAGE_SIZE = 25


class SlicePage:
    """One page of a listing without counting the listing: it fetches one row more than it shows to know
    whether a next page exists. Counting every referral an organisation ever received costs more than the
    page itself at province size, and nobody reads "page 1 of 212"."""

    def __init__(self, queryset, number, per_page: int, *, ids_for=None):
        try:
            self.number = min(max(1, int(number or 1)), MAX_PAGE)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * per_page
        # `ids_for(start, stop)`: the listing's ids `start:stop` chosen by the caller (None: the usual way).
        ids = ids_for(start, start + per_page + 1) if ids_for else None
        rows = queryset.window(0, per_page + 1, ids=ids) if ids is not None else queryset.window(
            start, start + per_page + 1)
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _workspace_context(request, **extra):
    organization, organizations = acting_organization(request)
    reads_log = can_read_access_log(request.user, organization, request_roles(request))
    return {
        "acting_for": organization,
        "organizations": organizations,
        # Shown only to members of several organisations (_workspace.html).
        "acting_for_form": ActingForForm(user=request.user, initial={"organization": organization})
        if len(organizations) > 1 else None,
        "can_view_statistics": can_view_statistics(request.user, request),
        "can_read_access_log": reads_log,
        # Organisation admins hear about e-mails that could not be delivered (after retrying for days).
        "undelivered_count": Notification.objects.failed().about_organizations([organization]).count()
        if reads_log else 0,
        **extra,
    }


def _listing(request, *, box: str):
    organization, _organizations = acting_organization(request)
    referrals = Referral.objects.visible_to(request.user).for_cards(box)
    if organization is None:
        referrals = referrals.none()
    elif box == "inbox":
        referrals = referrals.received_by(organization)
    else:
        referrals = referrals.sent_by(organization)
    today = timezone.localdate()
    tabs = listing.tabs_for(box)
    tab = next((tab for tab in tabs if tab.slug == request.GET.get("tab")), tabs[-1])
    whole_box = referrals
    referrals = listing.by_urgency_of_action(referrals.filter(tab.condition(request.user, today)), box=box,
                                             today=today)
    filters = ListingFilter(request.GET or None, queryset=referrals, request=request)
    filtering = filters.is_bound and filters.is_valid() and any(filters.form.cleaned_data.values())
    if filtering:
        referrals = filters.qs
    counts = {}

    def ids_with_counts(start, stop):
        # Unfiltered (the usual page): the tab's ids and every tab's count in one statement.
        found = listing.page_ids_with_counts(whole_box, tabs, tab, user=request.user, today=today, start=start,
                                             stop=stop, box=box)
        if found is None:
            return None
        counts.update(found[1])
        return found[0]

    page = SlicePage(referrals, request.GET.get("page"), PAGE_SIZE,
                     ids_for=ids_with_counts if organization and not filtering else None)
    if organization and not counts:
        counts = listing.tab_counts(whole_box, tabs, user=request.user, today=today)
    # One query for the permissions of the whole page, then none per row.
    rows = page.object_list
    perms = prefetched_object_perms(request.user, rows)
    roles = request_roles(request)
    now = timezone.now()
    for referral in rows:
        referral.needs_action = bool(referral.allowed_transitions(request.user, perms=perms[referral.pk], roles=roles))
        referral.due_words = listing.due_words(referral, now)
    query = request.GET.copy()
    query.pop("page", None)
    tab_query = request.GET.copy()
    for name in ("page", "tab"):
        tab_query.pop(name, None)
    context = _workspace_context(
        request, box=box, page=page, cards=listing.cards(rows, box=box, now=now), filters=filters.form,
        querystring=query.urlencode(),
        search_form=SearchForm(), tabs=[(item, counts.get(item.slug)) for item in tabs], tab=tab,
        tab_querystring=tab_query.urlencode(), filtering=filtering,
    )
    return render(request, "referrals/list.html", context)


@never_cache
@login_required
@require_safe
def inbox(request):
    return _listing(request, box="inbox")


@never_cache
@login_required
@require_safe
def outbox(request):
    return _listing(request, box="outbox")


@never_cache
@login_required
@require_POST
def search(request):
    """Find a referral by the person's name (POST: the name never appears in a URL or an access log line)."""
    organization, _organizations = acting_organization(request)
    form = SearchForm(request.POST)
    results = []
    if form.is_valid() and organization is not None:
        results = list(
            Referral.objects.visible_to(request.user)
            .filter(Q(sender=organization) | Q(receiver=organization))
            .filter(person__full_name__icontains=form.cleaned_data["q"])
            .for_cards()[:50]
        )
        services.referral_log_search(user=request.user, organization=organization, results=len(results))
    context = _workspace_context(request, search_form=form, cards=listing.cards(results, box="search", due=False))
    return render(request, "referrals/search.html", context)


@never_cache
@login_required
@require_POST
def choose_organization(request):
    form = ActingForForm(request.POST, user=request.user)
    if form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["organization"].pk
    return redirect("referrals:inbox")


def _get_referral(request, public_id) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(request.user).select_related(
            "sender", "receiver", "pathway_step", "outcome_reason", "assigned_to", "created_by",
            "redirected_from__sender", "redirected_from__receiver",
        ),
        public_id=public_id,
    )


def _detail_context(request, referral, *, bound=None):
    roles = request_roles(request)
    perms = referral.object_perms(request.user)
    allowed = set(referral.allowed_transitions(request.user, perms=perms, roles=roles))
    action_forms = [
        (action, bound[1] if bound is not None and bound[0] == action.name else action.make_form(referral))
        for action in ACTIONS.values()
        if action.offered(referral, request.user, perms=perms, roles=roles, allowed=allowed)
    ]
    person = getattr(referral, "person", None) if not referral.personal_data_erased else None
    return _workspace_context(
        request,
        referral=referral,
        person=person,
        languages=list(person.languages.all()) if person else [],
        consent=getattr(referral, "consent", None),
        events=referral.events.select_related("actor", "organization"),
        comments=referral.comments.select_related("author", "organization"),
        redirects=referral.redirects.select_related("receiver"),
        action_forms=action_forms,
    )


@never_cache
@login_required
@require_safe
def detail(request, public_id):
    referral = _get_referral(request, public_id)
    organization, _organizations = acting_organization(request)
    services.referral_log_view(referral=referral, user=request.user, organization=organization,
                               roles=request_roles(request))
    return render(request, "referrals/detail.html", _detail_context(request, referral))


@never_cache
@login_required
@require_POST
def act(request, public_id, action):
    """One POST endpoint per action of the table (actions.py); the service decides, the page shows its answer."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    referral = _get_referral(request, public_id)
    form = spec.make_form(referral, request.POST)
    status = 400
    if form is None or form.is_valid():
        organization, _organizations = acting_organization(request)
        try:
            spec.run(referral, request.user, form.cleaned_data if form is not None else {}, organization)
        except ServiceError as error:
            status = error.status
            if form is not None and error.field in form.fields:
                add_to_form(form, error)
            else:
                messages.error(request, error.message)
        else:
            messages.success(request, spec.done or _("Done."))
            return redirect(referral.get_absolute_url() + ("#comments" if action == "comment" else ""))
    referral.refresh_from_db()
    # The page shown again carries the person's data: that is a view, and it is logged like one.
    organization, _organizations = acting_organization(request)
    services.referral_log_view(referral=referral, user=request.user, organization=organization,
                               roles=request_roles(request))
    return render(request, "referrals/detail.html", _detail_context(request, referral, bound=(action, form)),
                  status=status)


def _suggestions(step):
    """The organisations responsible for a step in the matrix: its lead(s) first, then its supports."""
    if step is None:
        return [], []
    rows = list(
        Responsibility.objects.public()
        .filter(step=step, level__in=(ResponsibilityLevel.LEAD, ResponsibilityLevel.SUPPORT))
        .select_related("organization")
    )
    leads = [row.organization for row in rows if row.level == ResponsibilityLevel.LEAD]
    supports = [row.organization for row in rows if row.level == ResponsibilityLevel.SUPPORT]
    return leads, supports


def _create_and_send(user, organization, form):
    referral = services.referral_create(
        user=user,
        sender=organization,
        receiver=form.cleaned_data["receiver"],
        pathway_step=form.cleaned_data["pathway_step"],
        reason=form.cleaned_data["reason"],
        urgency=form.cleaned_data["urgency"],
        person=form.person(),
        consent=form.consent(user),
    )
    return services.referral_send(referral=referral, user=user)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    """The new-referral form. "Suggest" (or the small script, on changing the step) re-renders the form with
    the step's lead organisation proposed as receiver and its supports listed; "Send" creates and sends."""
    organization, _organizations = acting_organization(request)
    if organization is None:
        raise PermissionDenied
    suggesting = request.method == "POST" and "suggest" in request.POST
    from_household = _from_household(request, organization)
    if request.method == "POST":
        form = ReferralForm(request.POST, sender=organization, suggesting=suggesting)
        if form.is_valid() and not suggesting:
            try:
                with transaction.atomic():  # created and sent, or nothing (no stray draft)
                    referral = _create_and_send(request.user, organization, form)
                    if from_household:  # the routine's step now follows this referral
                        arrivals_services.checklist_refer(household=from_household[0], step=from_household[1],
                                                          referral=referral, user=request.user)
            except ServiceError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Referral sent."))
                return redirect(referral.get_absolute_url())
    elif from_household:
        household, household_step = from_household
        initial = arrivals_services.referral_initial(household, household_step)
        leads, _supports = _suggestions(household_step)
        lead = next((org for org in leads if org.accepts_referrals and org.pk != organization.pk), None)
        if lead is not None:
            initial["receiver"] = lead.pk
        form = ReferralForm(sender=organization, initial=initial)
        # The form now shows the household's data: a read of the register, logged like one.
        arrivals_services.household_log_view(household=household, user=request.user)
    else:
        # "Refer to this organisation" (role pages, "Who do I contact?") opens the form with its choices made.
        initial = _prefill(request.GET, organization)
        form = ReferralForm(sender=organization, initial=initial)
    if form.is_bound:
        step = form.cleaned_data.get("pathway_step") if hasattr(form, "cleaned_data") else None
    else:
        step = form.initial.get("pathway_step")
    leads, supports = _suggestions(step)
    proposed = _proposed(leads, organization)
    if suggesting and proposed is not None:  # a new step was chosen: propose its lead as the receiver
        data = request.POST.copy()
        data["receiver"] = str(proposed.pk)
        form = ReferralForm(data, sender=organization, suggesting=True)
        form.is_valid()
    status = 400 if request.method == "POST" and not suggesting else 200
    context = _workspace_context(request, box="create", form=form, leads=leads, supports=supports, step=step,
                                 proposed=proposed if suggesting else None, from_household=from_household)
    return render(request, "referrals/form.html", context, status=status)


def _proposed(leads, organization):
    """The step's first lead that takes referrals (and is not the sender itself)."""
    return next((lead for lead in leads if lead.accepts_referrals and lead.pk != organization.pk), None)


def _prefill(query, organization) -> dict:
    initial = {}
    step = PathwayStep.objects.filter(slug=query.get("step") or "").first()
    if step is not None:
        initial["pathway_step"] = step
    receiver = (Organization.objects.accepting_referrals().exclude(pk=organization.pk)
                .filter(slug=query.get("receiver") or "").first())
    if receiver is not None:
        initial["receiver"] = receiver
    return initial


@never_cache
@login_required
@require_safe
def proposal(request):
    """What the new-referral form's script asks when the step changes: the matrix's answer for that step (an
    HTML fragment for the status region) and the receiver it proposes — the same as the "Propose" button,
    without reloading the page or moving the focus."""
    organization, _organizations = acting_organization(request)
    if organization is None:
        raise PermissionDenied
    step = None
    raw = request.GET.get("pathway_step") or ""
    if raw.isdigit():
        step = PathwayStep.objects.filter(pk=int(raw)).first()
    leads, supports = _suggestions(step)
    proposed = _proposed(leads, organization)
    html = render_to_string("referrals/_suggestion.html",
                            {"step": step, "leads": leads, "supports": supports, "proposed": proposed},
                            request=request)
    return JsonResponse({"receiver": proposed.pk if proposed else None, "html": html})


def _from_household(request, organization):
    """(household, step) when the form is opened from a step of the arrivals register, else None.

    The household must be visible to the user through the register's one rule and belong to the organisation
    they act for; otherwise 404, as for any household they may not see.
    """
    from arrivals.models import Household

    public_id, slug = request.GET.get("household"), request.GET.get("step")
    if not public_id:
        return None
    try:
        household = Household.objects.visible_to(request.user).get(
            public_id=public_id, organization=organization, personal_data_erased_at__isnull=True)
    except (Household.DoesNotExist, ValueError, DjangoValidationError):
        raise Http404 from None
    step = PathwayStep.objects.filter(slug=slug).first()
    if step is None:
        raise Http404
    return household, step


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def undelivered(request):
    """Notifications about the organisation's referrals that gave up (mail refused for days): the admin checks
    the addresses (directory) and tries them again."""
    organization, _organizations = acting_organization(request)
    if not can_read_access_log(request.user, organization):
        raise PermissionDenied
    rows = Notification.objects.failed().about_organizations([organization])
    if request.method == "POST":
        count = notifications.retry_failed(rows)
        messages.success(request, _("%(count)d notification(s) will be sent again.") % {"count": count})
        return redirect("referrals:undelivered")
    page = Paginator(rows.select_related("referral").order_by("-failed_at", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "referrals/undelivered.html", _workspace_context(request, box="undelivered", page=page))


@never_cache
@login_required
@require_safe
def access_log(request):
    organization, _organizations = acting_organization(request)
    if not can_read_access_log(request.user, organization):
        raise PermissionDenied
    entries = AccessLog.objects.for_organization(organization).select_related("organization", "referral")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "referrals/access_log.html", _workspace_context(request, box="access-log", page=page))


def _statistics_scope():
    return Referral.objects.all()


def _statistics_context(request):
    form = PeriodForm(request.GET or None)
    period = form.period()
    return form, period, statistics.report(_statistics_scope(), period)


@never_cache
@login_required
@require_safe
def statistics_page(request, printable=False):
    """Figures a coordinator presents: a period, charts drawn on the server with their data tables."""
    if not can_view_statistics(request.user):
        raise PermissionDenied
    form, period, report = _statistics_context(request)
    query = request.GET.urlencode()
    context = _workspace_context(
        request, box="statistics", form=form, period=period, report=report, querystring=query,
        printable=printable, charts=reporting.for_report(report),
    )
    template = "referrals/statistics_report.html" if printable else "referrals/statistics.html"
    return render(request, template, context, status=200 if not form.is_bound or form.is_valid() else 400)


def statistics_report(request):
    return statistics_page(request, printable=True)


@never_cache
@login_required
@require_safe
def statistics_csv(request):
    if not can_view_statistics(request.user):
        raise PermissionDenied
    _form, period, report = _statistics_context(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="referral-statistics-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.csv"'
    )
    writer = SafeWriter(response)  # organisation names are typed by partners: never a live formula
    for row in reporting.csv_rows(report):
        writer.writerow(row)
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    """The user's notification settings: one e-mail per event or a daily digest, and their language."""
    from wagtail.users.models import UserProfile

    from .preferences import Frequency, NotificationPreference

    current = NotificationPreference.objects.filter(user=request.user).first()
    language = (UserProfile.get_for_user(request.user).preferred_language or "").split("-")[0]
    initial = {"frequency": current.frequency if current else Frequency.EACH,
               "language": language or request.LANGUAGE_CODE}
    form = NotificationPreferenceForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.notification_preference_set(user=request.user, **form.cleaned_data)
            except ServiceError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Your notification preferences are saved."))
                return redirect("referrals:preferences")
        status = 400
    return render(request, "referrals/preferences.html",
                  _workspace_context(request, box="preferences", form=form), status=status)
