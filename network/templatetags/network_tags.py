"""`{% ego_network organization %}`: an organisation's partners and its ego network, for its role page."""

import datetime

from django import template
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directory.models import Organization
from network.graph import GraphSpec
from network.models import Partnership, PartnershipKind, PartnershipMember
from network.permissions import can_see_partner_layers
from network.snapshot import get_node_parts
from portal.page_cache import cached_part

register = template.Library()

# A hub has hundreds of partnerships: the role page lists the strongest, the rest is one link away.
ROLE_PAGE_TIES = 8
NOTABLE_PARTNERS = 3  # named in the role page's first sentence
KIND_STRENGTH = {PartnershipKind.AGREEMENT: 4, PartnershipKind.CONCERTATION: 3, PartnershipKind.SERVICE: 2,
                 PartnershipKind.INFORMAL: 1}


def strongest_first(partnerships):
    """Current ties before ended ones, then by kind (a framework agreement binds more than an informal
    collaboration), then the longest-standing; fewer members means a closer tie."""
    today = datetime.date.today()
    # The size is a correlated count, not a join and GROUP BY: joined, the planner scanned every partnership
    # to hash-join them with the hub's few hundred (13 ms of the role page's SQL at 20,000 partnerships).
    size = (PartnershipMember.objects.filter(partnership=OuterRef("pk")).order_by()
            .values("partnership").annotate(n=Count("pk")).values("n"))
    return partnerships.annotate(
        is_current=Case(When(Q(until__isnull=True) | Q(until__gte=today), then=Value(1)), default=Value(0),
                        output_field=IntegerField()),
        strength=Case(*(When(kind=kind, then=Value(weight)) for kind, weight in KIND_STRENGTH.items()),
                      default=Value(0), output_field=IntegerField()),
        size=Coalesce(Subquery(size, output_field=IntegerField()), 0),
    ).order_by("-is_current", "-strength", "size", "since", "name_fr")


def _partnership_ids(user, organization):
    """The partnerships `organization` belongs to that `user` may see, as a subquery: read from the
    membership index (an IN list of a few hundred ids, looked up by primary key), never a join and DISTINCT
    over every partnership."""
    mine = PartnershipMember.objects.filter(organization=organization).order_by().values("partnership_id")
    return Partnership.objects.visible_to(user).filter(pk__in=mine).order_by().values("pk")


def join_names(names: list) -> str:
    """"A", "A and B", "A, B and C" in the active language; the names are HTML already escaped."""
    if len(names) < 2:
        return "".join(names)
    return conditional_escape(_("%(names)s and %(last)s")) % {"names": ", ".join(names[:-1]), "last": names[-1]}


def works_with_sentence(organization, count: int, notable: list) -> str:
    """"AIBSL works with 20 organisations, notably MIFI, the CISSS and …" (partners linked to their pages)."""
    if not count:
        return ""
    links = [format_html('<a href="{}">{}</a>', other.get_absolute_url(), other.short_name) for other in notable]
    names = join_names(links)
    if count <= len(notable):
        text = ngettext("%(name)s works with %(count)d organisation: %(names)s.",
                        "%(name)s works with %(count)d organisations: %(names)s.", count)
    else:
        text = ngettext("%(name)s works with %(count)d organisation, notably %(names)s.",
                        "%(name)s works with %(count)d organisations, notably %(names)s.", count)
    # Every part is escaped: the translated text, the organisation's name, the links built by format_html.
    return mark_safe(conditional_escape(text) % {  # noqa: S308
        "name": conditional_escape(organization.short_name), "count": count, "names": names})


@register.inclusion_tag("network/ego_network.html", takes_context=True)
def ego_network(context, organization):
    """The partners in words (three queries whatever the size of the network: the counts, the strongest ties,
    their members), kept as a rendered part per content version, language and audience like the frame's
    parts; then the organisation's sentences and picture, the network's own cached parts."""
    request = context.get("request")
    user = getattr(request, "user", None)
    partner_view = can_see_partner_layers(user)
    show_all = request is not None and request.GET.get("partners") == "all"
    key = (request.get_host() if request is not None else "", organization.pk, get_language(), partner_view,
           show_all)
    partners = cached_part("role-partners", key, lambda: _partners(organization, user, show_all))
    # The default view (partnerships, today) as the filter form would give it, without building the form
    # (its sector choices cost a query).
    svg, sentences = get_node_parts(GraphSpec(partner_view=partner_view), organization.slug)
    # The first sentence ("is tied to N organisations") counts every layer of the network; the role page says
    # how many it works with in partnerships instead, and names the strongest.
    return {"organization": organization, "partners": partners, "ego_svg": svg, "sentences": sentences[1:]}


def _partners(organization, user, show_all: bool) -> dict:
    """"Works with N organisations, notably…" and the strongest partnerships (all with `show_all`), rendered."""
    visible = _partnership_ids(user, organization)
    # "Works with" is today's partners, as the picture beside it draws them; the list keeps past partnerships
    # with their years.
    today = timezone.localdate()
    current = Q(partnership__since__lte=today) & (Q(partnership__until__isnull=True) | Q(partnership__until__gte=today))
    counts = PartnershipMember.objects.filter(partnership__in=visible).order_by().aggregate(
        total=Count("partnership", distinct=True),
        partners=Count("organization", distinct=True, filter=~Q(organization=organization) & current))
    total, partner_count = counts["total"], counts["partners"]
    items, notable = [], []
    if total:
        partnerships = strongest_first(Partnership.objects.filter(pk__in=visible))
        if not show_all:
            partnerships = partnerships[:ROLE_PAGE_TIES]
        members = Prefetch("members", queryset=PartnershipMember.objects.order_by().select_related("organization")
                           .only("partnership_id", "organization_id", *(f"organization__{field}" for field in (
                               "name", "name_en", "acronym", "slug"))))
        for partnership in partnerships.prefetch_related(members):
            others = sorted((m.organization for m in partnership.members.all()
                             if m.organization_id != organization.pk), key=_by_name)
            items.append({"partnership": partnership, "others": others})
            if partnership.since <= today and (partnership.until is None or partnership.until >= today):
                notable += [other for other in others if other not in notable]
    works_with = works_with_sentence(organization, partner_count, notable[:NOTABLE_PARTNERS])
    listing = render_to_string("network/_ego_partners.html", {
        "items": items, "total": total, "shown": len(items), "show_all": show_all})
    return {"works_with": format_html("<p>{}</p>", works_with) if works_with else "", "list": mark_safe(listing)}  # noqa: S308 — our template


def _by_name(organization: Organization) -> str:
    return organization.name  # the members' order before (PartnershipMember's Meta ordering), without its joins
