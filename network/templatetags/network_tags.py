"""`{% ego_network organization %}`: an organisation's partners and its ego network, for its role page."""

import datetime

from django import template
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.forms import NetworkFilterForm
from network.models import Partnership, PartnershipKind, PartnershipMember
from network.snapshot import get_node_parts

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
    return partnerships.annotate(
        is_current=Case(When(Q(until__isnull=True) | Q(until__gte=today), then=Value(1)), default=Value(0),
                        output_field=IntegerField()),
        strength=Case(*(When(kind=kind, then=Value(weight)) for kind, weight in KIND_STRENGTH.items()),
                      default=Value(0), output_field=IntegerField()),
        size=Count("members"),
    ).order_by("-is_current", "-strength", "size", "since", "name_fr")


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
    request = context.get("request")
    user = getattr(request, "user", None)
    spec = NetworkFilterForm(None, user=user).spec()
    partnerships = strongest_first(Partnership.objects.visible_to(user).involving(organization))
    show_all = request is not None and request.GET.get("partners") == "all"
    total = partnerships.count()
    if not show_all:
        partnerships = partnerships[:ROLE_PAGE_TIES]
    items, notable = [], []
    for partnership in partnerships.prefetch_related("members__organization"):
        others = [m.organization for m in partnership.members.all() if m.organization_id != organization.pk]
        items.append({"partnership": partnership, "others": others})
        notable += [other for other in others if other not in notable]
    partner_count = (
        PartnershipMember.objects.filter(
            partnership__in=Partnership.objects.visible_to(user).involving(organization).values("pk"))
        .exclude(organization=organization).values("organization").distinct().count()
    ) if total else 0
    svg, sentences = get_node_parts(spec, organization.slug)
    # The first sentence ("is tied to N organisations") counts every layer of the network; the role page says
    # how many it works with in partnerships instead, and names the strongest.
    return {"organization": organization, "items": items, "ego_svg": svg, "sentences": sentences[1:],
            "total": total, "shown": len(items), "show_all": show_all, "partner_count": partner_count,
            "works_with": works_with_sentence(organization, partner_count, notable[:NOTABLE_PARTNERS])}
