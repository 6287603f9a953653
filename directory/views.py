"""Public pages of the directory outside the Wagtail tree: one role-and-responsibility page per organisation.

A plain view over the model at a translated URL (/organismes/<slug>/, /en/organizations/<slug>/), so that
`Organization.get_absolute_url()` needs no query and works even before any Wagtail page exists.
"""

from django.db import connection
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from directory.matrix import LEVEL_ABBREVIATIONS
from directory.models import Organization, Responsibility, ResponsibilityLevel
from directory.pages import DirectoryIndexPage
from portal.page_cache import cached_part


def organization_detail(request, slug):
    """Mandate, responsibilities by level, services, contact, languages, referrals: in a fixed number of queries
    (the organisation with its sectors and languages, its responsibilities with the other leads of its steps;
    the directory's links come with the frame's parts)."""
    organization = get_object_or_404(
        Organization.objects.active().prefetch_related("sectors", "languages"), slug=slug
    )
    # Its own responsibilities and, in the same query, who else claims the lead on the steps it leads: the
    # overlaps, named on its own page.
    led_steps = Responsibility.objects.public().leads().filter(organization=organization).values("step_id")
    rows = (
        Responsibility.objects.public()
        .filter(Q(organization=organization) | Q(level=ResponsibilityLevel.LEAD, step_id__in=led_steps))
        .select_related("step", "organization")
        .order_by("step__order", "step__pk", "organization__name")
    )
    responsibilities, co_leads = [], {}
    for row in rows:
        if row.organization_id == organization.pk:
            responsibilities.append(row)
        else:
            co_leads.setdefault(row.step_id, []).append(row.organization)
    grouped = {value: [] for value in ResponsibilityLevel.values}
    for responsibility in responsibilities:
        responsibility.organization = organization
        responsibility.co_leads = co_leads.get(responsibility.step_id, []) \
            if responsibility.level == ResponsibilityLevel.LEAD else []
        grouped[responsibility.level].append(responsibility)
    responsibilities_by_level = [
        (value, label, LEVEL_ABBREVIATIONS[value], grouped[value])
        for value, label in ResponsibilityLevel.choices
        if grouped[value]
    ]
    context = {
        "organization": organization,
        "responsibilities_by_level": responsibilities_by_level,
        **_directory_links(request),
    }
    return TemplateResponse(request, "directory/organization_detail.html", context)


def _directory_links(request) -> dict:
    """The directory page (for the breadcrumbs) and its three links, read once per content version, language
    and host like the frame's parts: looking the page and the site up cost two queries on every role page."""
    language = get_language()

    def build():
        page = DirectoryIndexPage.for_language(language)
        if page is None:
            return {"directory_page": None, "directory_url": "", "matrix_url": "", "contact_url": ""}
        return {"directory_page": page, "directory_url": page.get_url(request),
                "matrix_url": page.matrix_url(request), "contact_url": page.contact_url(request)}

    database = connection.settings_dict.get("NAME", "")  # two sites may share one cache and its content token
    return cached_part("directory-links", (database, language, request.get_host()), build)
