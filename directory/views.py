"""Public pages of the directory outside the Wagtail tree: one role-and-responsibility page per organisation.

A plain view over the model at a translated URL (/organismes/<slug>/, /en/organizations/<slug>/), so that
`Organization.get_absolute_url()` needs no query and works even before any Wagtail page exists.
"""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from directory.matrix import LEVEL_ABBREVIATIONS
from directory.models import Organization, Responsibility, ResponsibilityLevel
from directory.pages import DirectoryIndexPage


def organization_detail(request, slug):
    """Mandate, responsibilities by level, services, contact, languages, referrals: in a fixed number of queries."""
    organization = get_object_or_404(
        Organization.objects.active().prefetch_related("sectors", "languages"), slug=slug
    )
    responsibilities = list(
        Responsibility.objects.public()
        .filter(organization=organization)
        .select_related("step")
        .order_by("step__order", "step__pk")
    )
    # Who else claims the lead on the steps this organisation leads: the overlaps, named on its own page.
    led_steps = [r.step_id for r in responsibilities if r.level == ResponsibilityLevel.LEAD]
    co_leads: dict[int, list[Organization]] = {}
    if led_steps:
        for other in (
            Responsibility.objects.public().leads()
            .filter(step_id__in=led_steps)
            .exclude(organization=organization)
            .select_related("organization")
            .order_by("organization__name")
        ):
            co_leads.setdefault(other.step_id, []).append(other.organization)
    grouped = {value: [] for value in ResponsibilityLevel.values}
    for responsibility in responsibilities:
        responsibility.organization = organization
        responsibility.co_leads = co_leads.get(responsibility.step_id, [])
        grouped[responsibility.level].append(responsibility)
    responsibilities_by_level = [
        (value, label, LEVEL_ABBREVIATIONS[value], grouped[value])
        for value, label in ResponsibilityLevel.choices
        if grouped[value]
    ]
    directory_page = DirectoryIndexPage.for_language(get_language())
    context = {
        "organization": organization,
        "responsibilities_by_level": responsibilities_by_level,
        "directory_page": directory_page,
        "matrix_url": directory_page.matrix_url(request) if directory_page else "",
        "contact_url": directory_page.contact_url(request) if directory_page else "",
    }
    return TemplateResponse(request, "directory/organization_detail.html", context)
