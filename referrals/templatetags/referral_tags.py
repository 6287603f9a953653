"""`{{ days|days }}` and the "refer to this organisation" link. Percentages: portal_tags' `|percent`."""

from django import template

from referrals import reporting

register = template.Library()


@register.filter
def days(value):
    return reporting.days(value)


@register.inclusion_tag("referrals/_refer_link.html", takes_context=True)
def refer_link(context, organization, step=None, wrapper="p"):
    """"Refer to this organisation", for signed-in partners only: it opens the new-referral form with the
    receiver (and the step, where the page is about one) already chosen. One query per page, whatever the
    number of links (the user's organisations are kept on the request)."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    from referrals.permissions import member_organizations

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not organization.accepts_referrals:
        return {"url": None}
    mine = getattr(request, "_referral_organizations", None)
    if mine is None:
        mine = set(member_organizations(user).values_list("pk", flat=True))
        request._referral_organizations = mine
    if not mine or mine == {organization.pk}:
        return {"url": None}
    try:
        base = reverse("referrals:create")
    except NoReverseMatch:  # a site without the workspace
        return {"url": None}
    query = {"receiver": organization.slug}
    if step is not None:
        query["step"] = step.slug
    return {"url": f"{base}?{urlencode(query)}", "organization": organization, "wrapper": wrapper}


@register.simple_tag
def referral_cards(cards, box, caption):
    """A listing's cards (`listing.cards_html`)."""
    from referrals.listing import cards_html

    return cards_html(cards or [], box=box, caption=str(caption))
