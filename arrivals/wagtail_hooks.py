"""Agreements with a target are edited in Wagtail's admin (platform admins: the model permissions decide).
Households are not: the register lives in the workspace, behind its one visibility rule and the access log."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Agreement


class AgreementViewSet(SnippetViewSet):
    model = Agreement
    icon = "date"
    menu_label = _("Agreements")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "funder", "start", "end", "target_persons"]


def register():
    register_snippet(AgreementViewSet)


register()
