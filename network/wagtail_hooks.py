"""Admin wiring: partnerships are snippets edited with their members inline."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.models import Partnership


class PartnershipViewSet(SnippetViewSet):
    model = Partnership
    icon = "group"
    menu_label = _("Partnerships")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "kind", "since", "until", "is_public"]
    list_filter = ["kind", "is_public"]


register_snippet(PartnershipViewSet)
