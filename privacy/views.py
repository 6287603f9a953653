"""Law 25 pages: the privacy policy, the incident register (platform admins and the person in charge), and
the access-request export (organisation admins)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import Site

from portal.spreadsheets import SafeWriter

from . import services
from .forms import AccessRequestForm, IncidentForm
from .models import ConfidentialityIncident, PrivacySettings
from .permissions import access_request_organizations, can_manage_incidents

CSV_FIELDS = ["occurred_on", "discovered_on", "nature", "information_concerned", "persons_affected",
              "risk_assessment", "risk_of_serious_injury", "cai_notified_on", "persons_notified_on", "measures",
              "updated_at"]


def privacy_settings(request) -> PrivacySettings | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return PrivacySettings.objects.filter(site=site).first()


@require_safe
def policy(request):
    """The deployment's privacy page: the person in charge, what is collected and why, rights, the CAI."""
    return render(request, "privacy/policy.html", {"privacy": privacy_settings(request)})


def _incident_manager(request):
    if not can_manage_incidents(request.user):
        raise PermissionDenied


@never_cache
@login_required
@require_safe
def incidents(request):
    _incident_manager(request)
    return render(request, "privacy/incidents.html", {"incidents": ConfidentialityIncident.objects.all()})


@never_cache
@login_required
@require_safe
def incidents_csv(request):
    _incident_manager(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="confidentiality-incidents.csv"'
    response.write("\ufeff")
    writer = SafeWriter(response)
    writer.writerow(CSV_FIELDS)
    for incident in ConfidentialityIncident.objects.all():
        writer.writerow(["" if getattr(incident, name) is None else getattr(incident, name) for name in CSV_FIELDS])
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request, pk=None):
    _incident_manager(request)
    incident = get_object_or_404(ConfidentialityIncident, pk=pk) if pk else ConfidentialityIncident()
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        services.incident_save(incident=form.save(commit=False), user=request.user)
        return redirect("privacy:incident", pk=form.instance.pk)
    return render(request, "privacy/incident_form.html", {"form": form, "incident": incident},
                  status=400 if form.errors else 200)


@never_cache
@login_required
@require_safe
def incident(request, pk):
    _incident_manager(request)
    found = get_object_or_404(ConfidentialityIncident, pk=pk)
    return render(request, "privacy/incident.html", {"incident": found, "revisions": found.revisions.all()})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def access_request(request):
    """Search by POST (the name never goes in a URL), then a printable page of everything held."""
    organizations = access_request_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = AccessRequestForm(request.POST or None, organizations=organizations)
    referrals = None
    if request.method == "POST" and form.is_valid():
        referrals = services.access_request_export(user=request.user, organization=form.cleaned_data["organization"],
                                                   name=form.cleaned_data["name"])
    response = render(request, "privacy/access_request.html", {
        "form": form, "referrals": referrals,
        "organization": form.cleaned_data.get("organization") if form.is_bound and form.is_valid() else None,
    }, status=400 if form.errors else 200)
    response["Referrer-Policy"] = "same-origin"
    return response
