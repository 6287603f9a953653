"""`{% ego_network organization %}`: an organisation's partners and its ego network, for its role page."""

from django import template

from network.forms import NetworkFilterForm
from network.models import Partnership
from network.snapshot import get_ego_svg, get_snapshot

register = template.Library()


@register.inclusion_tag("network/ego_network.html", takes_context=True)
def ego_network(context, organization):
    request = context.get("request")
    user = getattr(request, "user", None)
    spec = NetworkFilterForm(None, user=user).spec()
    partnerships = (Partnership.objects.visible_to(user).involving(organization)
                    .prefetch_related("members__organization").order_by("since", "name_fr"))
    items = []
    for partnership in partnerships:
        others = [m.organization for m in partnership.members.all() if m.organization_id != organization.pk]
        items.append({"partnership": partnership, "others": others})
    snapshot = get_snapshot(spec)
    svg = get_ego_svg(spec, organization.slug)
    sentences = snapshot.sentences.get(organization.slug, [])
    return {"organization": organization, "items": items, "ego_svg": svg, "sentences": sentences}
