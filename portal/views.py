"""Views of the public site outside the page tree: search, robots.txt, error pages."""

import sys

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from portal.input_guards import api_error
from portal.unavailable import is_api, is_dependency_failure, unavailable_response

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def search(request):
    """Full-text search over the live, public pages in the visitor's language, ten results a page."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = []
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=1).specific()
        results = pages.search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    return render(
        request,
        "portal/search.html",
        {"search_query": query, "paginator": paginator, "results": paginator.get_page(request.GET.get("page"))},
    )


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return api_error(_("Not found."), "not_found", 404)


def bad_request(request, exception=None):
    """Django's 400 (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a bad Host header…): JSON under /api/."""
    if is_api(request):
        return api_error(_("Bad request."), "invalid", 400)
    from django.views.defaults import bad_request as default_bad_request

    return default_bad_request(request, exception)


def page_not_found(request, exception=None):
    if is_api(request):
        return api_error(_("Not found."), "not_found", 404)
    # The missing address has no translation: the language switcher leads to the other language's home.
    return render(request, "404.html", {"switch_to_home": True}, status=404)


def server_error(request):
    """Renders with no context processors and no database: whatever broke may be one of them. The database
    being unreachable is not our error but an outage: 503 with Retry-After (portal/unavailable.py)."""
    if is_dependency_failure(sys.exc_info()[1]):
        return unavailable_response(request)
    if is_api(request):
        return JsonResponse({"detail": "Server error.", "code": "error", "fields": {}}, status=500)
    if request.path.startswith("/fhir/"):  # outside a FHIR view (a middleware): still an OperationOutcome
        from referrals.fhir.views import fhir_server_error

        return fhir_server_error()
    return HttpResponseServerError(loader.get_template("500.html").render())
