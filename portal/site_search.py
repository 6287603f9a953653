"""What the site search shows: everything public, grouped by kind (organisations, pathway steps, pages,
practices, events), each group with its count, through the one engine of portal/search.py.

Only public rows are searched: active organisations, live pages without a view restriction in the visitor's
language. Referrals, partners-only documents and events are never indexed nor queried here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, Page

from directory.models import Organization, PathwayStep, Responsibility
from portal.page_cache import public
from portal.pages import EventPage, PracticePage
from portal.search import search

OVERVIEW_SIZE = 5  # results per kind on the first, grouped page
PAGE_SIZE = 10  # results per page when one kind is chosen


@dataclass(frozen=True)
class Kind:
    key: str
    label: object
    heading: object


KINDS = [
    Kind("organisations", pgettext_lazy("search kind", "organisations"), _("Organisations")),
    Kind("steps", pgettext_lazy("search kind", "steps"), _("Pathway steps")),
    Kind("pages", pgettext_lazy("search kind", "pages"), _("Pages")),
    Kind("practices", pgettext_lazy("search kind", "practices"), _("Winning practices")),
    Kind("events", pgettext_lazy("search kind", "events"), _("Events")),
]
KIND_KEYS = [kind.key for kind in KINDS]


@dataclass
class Group:
    kind: Kind
    results: object  # search results: lazy, sliceable, countable
    count: int = 0
    items: list = field(default_factory=list)


def _public_pages(locale):
    return public(Page.objects.live()).filter(locale=locale, depth__gt=1)


def searchable(kind: str, locale):
    """The public queryset searched for one kind."""
    if kind == "organisations":
        return Organization.objects.active()
    if kind == "steps":
        return PathwayStep.objects.all()
    if kind == "practices":
        return public(PracticePage.objects.live()).filter(locale=locale)
    if kind == "events":
        return public(EventPage.objects.live()).filter(locale=locale)
    # Pages of several types, each as its own class (one query per type, not one per page).
    return _public_pages(locale).not_type(PracticePage, EventPage).specific()


def results_for(kind: str, query: str, locale):
    return search(searchable(kind, locale), query)


def with_leads(steps: list) -> list:
    """Each step with its public leads (active organisations) in `leads`: one query for the whole list."""
    if not steps:
        return steps
    leads = (
        Responsibility.objects.public().leads().filter(step__in=steps)
        .select_related("organization").order_by("organization__name")
    )
    by_step: dict[int, list] = {}
    for responsibility in leads:
        by_step.setdefault(responsibility.step_id, []).append(responsibility.organization)
    for step in steps:
        step.leads = by_step.get(step.pk, [])
    return steps


def specific(kind: str, items: list) -> list:
    if kind == "steps":
        return with_leads(items)
    return items


def grouped(query: str) -> list[Group]:
    """Every kind's count and its first OVERVIEW_SIZE results."""
    locale = Locale.get_active()
    groups = []
    for kind in KINDS:
        results = results_for(kind.key, query, locale)
        if results is None:
            continue
        group = Group(kind=kind, results=results, count=results.count())
        if group.count:
            group.items = specific(kind.key, list(results[:OVERVIEW_SIZE]))
        groups.append(group)
    return groups
