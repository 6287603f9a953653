"""Wagtail admin wiring: a link to the partner workspace, the list of outcome reasons and, for platform admins,
the notifications that could not be delivered (with a retry).

Referrals are not editable in the Wagtail (or Django) admin: the admin would bypass the services (no lock,
no timeline, no access log) and `visible_to`, and show refugees' personal data to site editors who have
no need to know. Editors who are also members of an organisation use the workspace like everyone else.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem
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


def _is_platform_admin(user) -> bool:
    from django.conf import settings

    return user.is_superuser or user.groups.filter(name=settings.PLATFORM_ADMINS_GROUP).exists()


def undelivered_notifications(request):
    """Every notification that gave up, for platform admins; organisation admins see theirs in the workspace."""
    from . import notifications
    from .models import Notification

    if not _is_platform_admin(request.user):
        raise PermissionDenied
    rows = Notification.objects.failed().select_related("referral").order_by("-failed_at", "pk")
    if request.method == "POST":
        count = notifications.retry_failed(rows)
        messages.success(request, _("%(count)d notification(s) will be sent again.") % {"count": count})
        return redirect("referrals_undelivered")
    title = _("Undelivered notifications")
    return TemplateResponse(request, "referrals/admin/undelivered.html",
                            {"rows": rows[:200], "page_title": title, "header_title": title, "header_icon": "warning"})


@hooks.register("register_admin_urls")
def register_undelivered_url():
    return [path("referrals/undelivered/", undelivered_notifications, name="referrals_undelivered")]


class PlatformAdminMenuItem(AdminOnlyMenuItem):
    def is_shown(self, request):
        return _is_platform_admin(request.user)


@hooks.register("register_reports_menu_item")
def register_undelivered_menu_item():
    return PlatformAdminMenuItem(_("Undelivered notifications"), reverse("referrals_undelivered"), icon_name="warning",
                                 order=900)
