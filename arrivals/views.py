"""The register's pages (members of the welcoming organisation) and the dashboard (public, under the
small-number rule; exact figures and the households waiting for a step for the register's members).

Every household comes from `Household.objects.visible_to`: a partner or a visitor gets 404, the same answer
as for a household that does not exist. Register pages are `never_cache` (a family's data on a shared
office computer must not outlive sign-out); every display of a household's file is logged.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.errors import add_to_form
from portal.spreadsheets import SafeWriter
from referrals.views import _workspace_context

from . import charts, figures, services
from .forms import DaysForm, DepartureForm, HouseholdForm, PersonForm, StepForm
from .models import AGE_BANDS, ChecklistItem, Household, StepStatus
from .permissions import can_erase, register_organization

PAGE_SIZE = 50


def _organization_or_403(request):
    organization, _organizations = _acting(request)
    if organization is None:
        raise PermissionDenied
    return organization


def _acting(request):
    from referrals.permissions import acting_organization

    preferred, organizations = acting_organization(request)
    return register_organization(request.user, preferred), organizations


def _context(request, **extra):
    return _workspace_context(request, box="arrivals", **extra)


@never_cache
@login_required
@require_safe
def register(request):
    """The register: households, newest arrival first, with where each stands on the routine."""
    organization = _organization_or_403(request)
    households = Household.objects.visible_to(request.user).filter(organization=organization).for_listing()
    show = request.GET.get("show", "present")
    if show == "present":
        households = households.filter(departure_date__isnull=True)
    elif show == "departed":
        households = households.filter(departure_date__isnull=False)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    progress = _progress([household.pk for household in rows])
    for household in rows:
        household.progress = progress.get(household.pk, {})
    return render(request, "arrivals/register.html",
                  _context(request, page=page, rows=rows, show=show, register_of=organization))


def _progress(pks) -> dict:
    """{household pk: {"done": n, "total": n, "next": step}} for a page of households, in one query."""
    result = {}
    items = ChecklistItem.objects.filter(household_id__in=pks).select_related("step").order_by(
        "household_id", "step__order", "pk")
    for item in items:
        entry = result.setdefault(item.household_id, {"done": 0, "total": 0, "next": None})
        if item.status == StepStatus.NOT_NEEDED:
            continue
        entry["total"] += 1
        if item.status == StepStatus.DONE:
            entry["done"] += 1
        elif entry["next"] is None:
            entry["next"] = item.step
    return result


def _household_form_data(form):
    data = form.cleaned_data
    return {
        "family_name": data["family_name"], "arrival_date": data["arrival_date"], "cohort": data["cohort"],
        "interpreter_needed": data["interpreter_needed"], "temporary_housing": data["temporary_housing"],
        "address": data["address"], "notes": data["notes"],
    }


def _apply_error(form, error):
    add_to_form(form, error)
    return error.status


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    organization = _organization_or_403(request)
    status = 200
    form = HouseholdForm(request.POST or None)
    person_form = PersonForm(request.POST or None, prefix="person")
    if request.method == "POST":
        status = 400
        if form.is_valid() and person_form.is_valid():
            try:
                household = services.household_create(
                    user=request.user, organization=organization, composition=form.composition(),
                    countries=form.cleaned_data["countries"], languages=form.cleaned_data["languages"],
                    persons=[person_form.cleaned_data], **_household_form_data(form),
                )
            except services.ArrivalsError as error:
                status = _apply_error(form, error)
            else:
                messages.success(request, _("Household added to the register."))
                return redirect(household.get_absolute_url())
    return render(request, "arrivals/household_form.html",
                  _context(request, form=form, person_form=person_form, household=None), status=status)


def _get_household(request, public_id) -> Household:
    return get_object_or_404(
        Household.objects.visible_to(request.user).select_related("organization").with_persons(),
        public_id=public_id,
    )


def _detail_context(request, household, *, step_forms=None, departure_form=None, person_form=None):
    items = list(household.checklist.select_related("step", "organization", "referral__receiver")
                 .order_by("step__order", "pk"))
    step_forms = step_forms or {}
    for item in items:
        item.form = step_forms.get(item.pk) or StepForm(
            prefix=f"step-{item.pk}",
            initial={"status": item.status, "date": item.date, "organization": item.organization_id},
        )
    done = sum(1 for item in items if item.status == StepStatus.DONE)
    applicable = sum(1 for item in items if item.status != StepStatus.NOT_NEEDED)
    return _context(
        request,
        household=household,
        persons=list(household.persons.all()),
        languages=list(household.languages.all()),
        countries=list(household.countries.all()),
        composition=household.composition(),
        items=items,
        done=done,
        applicable=applicable,
        timeline=charts.household_timeline(household, items, timezone.localdate()),
        departure_form=departure_form or DepartureForm(prefix="departure"),
        person_form=person_form or PersonForm(prefix="person"),
        can_erase=can_erase(request.user, household),
        days_since_arrival=(timezone.localdate() - household.arrival_date).days,
    )


@never_cache
@login_required
@require_safe
def household(request, public_id):
    household = _get_household(request, public_id)
    services.household_log_view(household=household, user=request.user)
    return render(request, "arrivals/household.html", _detail_context(request, household))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, public_id):
    household = _get_household(request, public_id)
    if household.personal_data_erased:
        raise PermissionDenied
    initial = {name: getattr(household, name) for name in (
        "family_name", "arrival_date", "cohort", "interpreter_needed", "temporary_housing", "address", "notes",
        *(band for band, _label in AGE_BANDS))}
    initial["countries"] = list(household.countries.all())
    initial["languages"] = list(household.languages.all())
    form = HouseholdForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.household_update(
                    household=household, user=request.user, countries=form.cleaned_data["countries"],
                    languages=form.cleaned_data["languages"], **_household_form_data(form), **form.composition(),
                )
            except services.ArrivalsError as error:
                status = _apply_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(household.get_absolute_url())
    else:
        services.household_log_view(household=household, user=request.user)
    return render(request, "arrivals/household_form.html",
                  _context(request, form=form, person_form=None, household=household), status=status)


def _redisplay(request, household, status, **forms):
    services.household_log_view(household=household, user=request.user)  # the page shown again is a view
    return render(request, "arrivals/household.html", _detail_context(request, household, **forms), status=status)


@never_cache
@login_required
@require_POST
def step(request, public_id, item_id):
    household = _get_household(request, public_id)
    item = get_object_or_404(ChecklistItem, pk=item_id, household=household)
    form = StepForm(request.POST, prefix=f"step-{item.pk}")
    status = 400
    if form.is_valid():
        try:
            services.checklist_update(item=item, user=request.user, status=form.cleaned_data["status"],
                                      on=form.cleaned_data["date"], organization=form.cleaned_data["organization"])
        except services.ArrivalsError as error:
            status = _apply_error(form, error)
        else:
            messages.success(request, _("Step updated."))
            return redirect(household.get_absolute_url() + f"#step-{item.pk}")
    return _redisplay(request, household, status, step_forms={item.pk: form})


@never_cache
@login_required
@require_POST
def depart(request, public_id):
    household = _get_household(request, public_id)
    form = DepartureForm(request.POST, prefix="departure")
    status = 400
    if form.is_valid():
        try:
            services.household_depart(household=household, user=request.user,
                                      departure_date=form.cleaned_data["departure_date"],
                                      reason=form.cleaned_data["departure_reason"])
        except services.ArrivalsError as error:
            status = _apply_error(form, error)
        else:
            messages.success(request, _("Departure recorded."))
            return redirect(household.get_absolute_url())
    return _redisplay(request, household, status, departure_form=form)


@never_cache
@login_required
@require_POST
def add_person(request, public_id):
    household = _get_household(request, public_id)
    form = PersonForm(request.POST, prefix="person")
    status = 400
    if form.is_valid():
        try:
            services.person_add(household=household, user=request.user, person=form.cleaned_data)
        except services.ArrivalsError as error:
            status = _apply_error(form, error)
        else:
            messages.success(request, _("Person added."))
            return redirect(household.get_absolute_url())
    return _redisplay(request, household, status, person_form=form)


@never_cache
@login_required
@require_safe
def export(request, public_id):
    """Everything held on the household, for an access request (a JSON file; logged as an export)."""
    household = _get_household(request, public_id)
    data = services.household_export(household=household, user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="household-{household.short_id}.json"'
    return response


@never_cache
@login_required
@require_POST
def erase(request, public_id):
    household = _get_household(request, public_id)
    if not can_erase(request.user, household):
        raise PermissionDenied
    services.household_erase_personal_data(household=household, user=request.user)
    messages.success(request, _("The household's personal data was erased; its figures stay."))
    return redirect(household.get_absolute_url())


# --- dashboard ---------------------------------------------------------------------------------------------


def _dashboard(request):
    """(figures, is the reader a member of the register) — members see exact figures, others the rule's."""
    form = DaysForm(request.GET or None)
    days = form.cleaned_data.get("days") if form.is_valid() else None
    member = bool(request.user.is_authenticated and register_organization(request.user))
    dashboard = figures.compute(public=not member, days=days)
    return dashboard, member, form


def _waiting(request, dashboard):
    """Households still here whose routine has a step not done more than N days after their arrival."""
    cutoff = dashboard.today - timedelta(days=dashboard.days)
    items = (
        ChecklistItem.objects.filter(
            household__in=Household.objects.visible_to(request.user).filter(
                departure_date__isnull=True, arrival_date__lt=cutoff),
            status__in=(StepStatus.TODO, StepStatus.IN_PROGRESS),
        )
        .select_related("household", "step")
        .order_by("household__arrival_date", "household_id", "step__order")
    )
    waiting = {}
    for item in items:
        waiting.setdefault(item.household, []).append(item)
    return list(waiting.items())


@require_safe
def dashboard(request):
    dashboard, member, form = _dashboard(request)
    context = {
        "dashboard": dashboard, "member": member, "days_form": form,
        "month_chart": charts.month_chart(dashboard.months, target=dashboard.target),
        "size_chart": charts.hbar_chart(dashboard.sizes),
        "language_chart": charts.hbar_chart(dashboard.languages),
        "country_chart": charts.hbar_chart(dashboard.countries),
        "reason_chart": charts.hbar_chart(dashboard.reasons),
        "printing": request.resolver_match.url_name == "dashboard-print",
        "waiting": _waiting(request, dashboard) if member else [],
    }
    response = render(request, "arrivals/dashboard.html", context)
    if member:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def dashboard_csv(request):
    dashboard, _member, _form = _dashboard(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="arrivals-dashboard.csv"'
    writer = SafeWriter(response)
    writer.writerow(["measure", "period_or_category", "households", "persons", "extra"])
    for row in dashboard.months:
        writer.writerow(["arrivals", row.month.strftime("%Y-%m"), row.households, row.persons, ""])
    for row in dashboard.months:
        writer.writerow(["departures", row.month.strftime("%Y-%m"), row.departures, row.persons_left, ""])
    for row in dashboard.months:
        writer.writerow(["cumulative_persons", row.month.strftime("%Y-%m"), "", row.cumulative,
                         "" if row.target_pace is None else row.target_pace])
    for label, value in dashboard.reasons:
        writer.writerow(["departure_reason", str(label), value, "", ""])
    for label, value in dashboard.sizes:
        writer.writerow(["household_size", label, value, "", ""])
    for name, households, persons in dashboard.languages:
        writer.writerow(["language", name, households, persons, ""])
    for name, households, persons in dashboard.countries:
        writer.writerow(["country", name, households, persons, ""])
    for row in dashboard.steps:
        writer.writerow([f"step_done_within_{dashboard.days}_days", row.step.slug, row.eligible, row.within,
                         "" if row.rate is None else row.rate])
    if dashboard.agreement:
        writer.writerow(["target", dashboard.agreement.name, "", dashboard.target, dashboard.agreement.end.isoformat()])
        writer.writerow(["persons_in_agreement_period", "", "", dashboard.persons_in_agreement,
                         "" if dashboard.progress is None else dashboard.progress])
    if _member:
        response["Cache-Control"] = "private, no-store"
    return response
