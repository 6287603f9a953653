"""Public pages of the directory outside the Wagtail tree: one role-and-responsibility page per organisation.

A plain view over the model at a translated URL (/organismes/<slug>/, /en/organizations/<slug>/), so that
`Organization.get_absolute_url()` needs no query and works even before any Wagtail page exists.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from directory.matrix import LEVEL_ABBREVIATIONS
from directory.models import Organization, Responsibility, ResponsibilityLevel
from directory.pages import DirectoryIndexPage
from portal.page_cache import cached_part


def organization_detail(request, slug):
    """Mandate, responsibilities by level, services, contact, languages, referrals, partners. The body is the
    same for every visitor and kept as a part (`role_page_part`); what depends on who asks is added around it
    per request: the "refer" link and the concertation's actions for signed-in partners, the partners and the
    ego picture by audience (network_tags.ego_network, its own parts)."""
    links = _directory_links(request)
    role = role_page_part(request, slug, links)
    context = {"organization": role["organization"], "role": role, **links}
    return TemplateResponse(request, "directory/organization_detail.html", context)


# Where the signed-in visitor's "refer to this organisation" link goes in the shared body: a comment, which no
# escaped field of an organisation can contain (its "<" would be "&lt;").
_REFER_LINK = mark_safe("<!--refer-link-->")  # noqa: S308 — a constant


def role_page_part(request, slug: str, links: dict) -> dict:
    """The organisation (without its sectors and languages, which only the body shows) and its role page's
    body rendered in two pieces, before and after the "refer" link, kept per content version, language, host
    and slug: the organisation, its sectors, languages and responsibilities cost four queries and their
    rendering about half of the page's CPU at province size (issue 8). An unknown or inactive slug raises
    Http404 and is not kept. Nothing in it depends on who asks: the body's template has no request."""
    language = get_language()

    def build():
        organization = get_object_or_404(
            Organization.objects.active().prefetch_related("sectors", "languages"), slug=slug
        )
        html = render_to_string("directory/_organization_body.html", {
            "organization": organization, "responsibilities_by_level": _responsibilities_by_level(organization),
            "matrix_url": links["matrix_url"], "refer_link": _REFER_LINK,
        })
        head, _marker, tail = html.partition(_REFER_LINK)
        organization.__dict__.pop("_prefetched_objects_cache", None)  # read by the body only: not kept
        return {"organization": organization, "head": mark_safe(head), "tail": mark_safe(tail)}  # noqa: S308 — our template

    return cached_part("role-page", (request.get_host(), language, slug), build)


def _responsibilities_by_level(organization) -> list:
    """(level, label, abbreviation, responsibilities) for each level the organisation holds, each lead with
    the other organisations claiming it (the overlaps, named on its own page): one query."""
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
    return [
        (value, label, LEVEL_ABBREVIATIONS[value], grouped[value])
        for value, label in ResponsibilityLevel.choices
        if grouped[value]
    ]


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

    return cached_part("directory-links", (language, request.get_host()), build)
