"""Wagtail admin wiring: a link to the partner workspace, and deliberately nothing else.

Referrals are not editable in the Wagtail (or Django) admin: the admin would bypass the services (no lock,
no timeline, no access log) and `visible_to`, and show refugees' personal data to site editors who have
no need to know. Editors who are also members of an organisation use the workspace like everyone else.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        from .permissions import member_organizations

        return member_organizations(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_referrals_workspace_menu_item():
    return WorkspaceMenuItem(_("Referrals workspace"), reverse("referrals:inbox"), icon_name="mail", order=950)
