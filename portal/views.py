"""Views of the public site outside the page tree: search, robots.txt, error pages."""

import sys

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from directory.pages import DirectoryIndexPage
from portal import site_search
from portal.input_guards import api_error
from portal.search import clean_query
from portal.unavailable import is_api, is_dependency_failure, unavailable_response


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
    """One search for everything public: organisations, pathway steps, pages, practices and events, grouped
    by kind with their counts (the first few of each); `kind=` shows one kind, ten a page."""
    query = clean_query(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    directory_page = DirectoryIndexPage.for_language(get_language())
    context = {"search_query": query, "groups": [], "kind": None,
               "contact_url": directory_page.contact_url(request) if directory_page else ""}
    if query and kind in site_search.KIND_KEYS:
        results = site_search.results_for(kind, query, Locale.get_active())
        paginator = Paginator(results, site_search.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = site_search.specific(kind, list(page.object_list))
        context.update(kind=next(k for k in site_search.KINDS if k.key == kind), paginator=paginator, results=page)
    elif query:
        groups = site_search.grouped(query)
        context.update(groups=groups, total=sum(group.count for group in groups))
    return render(request, "portal/search.html", context)


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
