"""`{% ego_network organization %}`: an organisation's partners and its ego network, for its role page."""

import datetime

from django import template
from django.db.models import Case, Count, IntegerField, Q, Value, When

from network.forms import NetworkFilterForm
from network.models import Partnership, PartnershipKind
from network.snapshot import get_node_parts

register = template.Library()

# A hub has hundreds of partnerships: the role page lists the strongest, the rest is one link away.
ROLE_PAGE_TIES = 20
KIND_STRENGTH = {PartnershipKind.AGREEMENT: 4, PartnershipKind.CONCERTATION: 3, PartnershipKind.SERVICE: 2,
                 PartnershipKind.INFORMAL: 1}


def strongest_first(partnerships):
    """Current ties before ended ones, then by kind (a framework agreement binds more than an informal
    collaboration), then the longest-standing; fewer members means a closer tie."""
    today = datetime.date.today()
    return partnerships.annotate(
        is_current=Case(When(Q(until__isnull=True) | Q(until__gte=today), then=Value(1)), default=Value(0),
                        output_field=IntegerField()),
        strength=Case(*(When(kind=kind, then=Value(weight)) for kind, weight in KIND_STRENGTH.items()),
                      default=Value(0), output_field=IntegerField()),
        size=Count("members"),
    ).order_by("-is_current", "-strength", "size", "since", "name_fr")


@register.inclusion_tag("network/ego_network.html", takes_context=True)
def ego_network(context, organization):
    request = context.get("request")
    user = getattr(request, "user", None)
    spec = NetworkFilterForm(None, user=user).spec()
    partnerships = strongest_first(Partnership.objects.visible_to(user).involving(organization))
    show_all = request is not None and request.GET.get("partners") == "all"
    total = partnerships.count()
    if not show_all:
        partnerships = partnerships[:ROLE_PAGE_TIES]
    items = []
    for partnership in partnerships.prefetch_related("members__organization"):
        others = [m.organization for m in partnership.members.all() if m.organization_id != organization.pk]
        items.append({"partnership": partnership, "others": others})
    svg, sentences = get_node_parts(spec, organization.slug)
    return {"organization": organization, "items": items, "ego_svg": svg, "sentences": sentences,
            "total": total, "shown": len(items), "show_all": show_all}
