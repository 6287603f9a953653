"""Wagtail admin wiring: a link to the partner workspace and the list of outcome reasons, nothing else.

Referrals are not editable in the Wagtail (or Django) admin: the admin would bypass the services (no lock,
no timeline, no access log) and `visible_to`, and show refugees' personal data to site editors who have
no need to know. Editors who are also members of an organisation use the workspace like everyone else.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .outcomes import OutcomeReason


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        from .permissions import member_organizations

        return member_organizations(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_referrals_workspace_menu_item():
    return WorkspaceMenuItem(_("Referrals workspace"), reverse("referrals:inbox"), icon_name="mail", order=950)


class OutcomeReasonViewSet(SnippetViewSet):
    """The reasons a referral may not succeed: a shared reference list, edited by platform admins only (model
    permissions), never deleted once used (the foreign key protects them; switch one off instead)."""

    model = OutcomeReason
    icon = "list-ul"
    menu_label = _("Outcome reasons")
    list_display = ["label_fr", "label_en", "slug", "order", "is_active"]
    list_filter = ["is_active"]
    form_fields = ["slug", "label_fr", "label_en", "order", "is_active"]


register_snippet(OutcomeReasonViewSet)
