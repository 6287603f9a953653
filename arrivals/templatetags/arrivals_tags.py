"""What the arrivals register adds to other pages: the workspace's tab and the home page's public figures."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from arrivals.permissions import register_organizations

register = template.Library()


@register.simple_tag(takes_context=True)
def register_tab(context):
    """The workspace's "Arrivals" tab, for members of an organisation that keeps a register (read with the
    user's organisations when the workspace read them, else one query)."""
    from referrals.permissions import workspace_tab

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    shown = workspace_tab(request, "register")
    if not (shown if shown is not None else register_organizations(user).exists()):
        return ""
    current = ' aria-current="page"' if context.get("box") == "arrivals" else ""
    return format_html('<li><a href="{}"{}>{}</a></li>', reverse("arrivals:register"),
                       mark_safe(current), _("Arrivals register"))  # noqa: S308 — a constant
