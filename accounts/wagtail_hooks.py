"""Wagtail admin: platform admins see the sign-in lockouts and lift one (django-axes' attempts), and see who
has two-step verification and reset it for someone who lost their phone and their recovery codes."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from directory.models import user_is_platform_admin

from . import services


@require_http_methods(["GET", "POST"])
def lockouts(request):
    if not user_is_platform_admin(request.user):
        raise PermissionDenied
    if request.method == "POST":
        attempt = AccessAttempt.objects.filter(pk=request.POST.get("attempt")).first()
        if attempt is not None:
            # Lifts the lock of this account and of this address, as a wait would.
            reset(username=attempt.username)
            reset(ip=attempt.ip_address)
            messages.success(request, _("The sign-in is unlocked."))
        return redirect("accounts_lockouts")
    locked = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    return TemplateResponse(request, "accounts/admin/lockouts.html", {
        "attempts": locked.order_by("-attempt_time"), "limit": settings.AXES_FAILURE_LIMIT,
    })


@require_http_methods(["GET", "POST"])
def second_factors(request):
    """Who has two-step verification (never their key or codes), and a reset that is logged with the admin's
    id."""
    if not user_is_platform_admin(request.user):
        raise PermissionDenied
    if request.method == "POST":
        person = get_user_model().objects.filter(pk=request.POST.get("user")).first()
        if person is not None:
            try:
                services.second_factor_reset(user=person, by=request.user)
            except services.AccountError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Two-step verification of %(name)s is reset: they can sign in with "
                                            "their password and set it up again.") % {"name": person.get_username()})
        return redirect("accounts_second_factors")
    people = get_user_model().objects.filter(totpdevice__confirmed=True).distinct().order_by("username")
    return TemplateResponse(request, "accounts/admin/second_factors.html", {"people": people})


@hooks.register("register_admin_urls")
def register_urls():
    return [path("sign-in-lockouts/", lockouts, name="accounts_lockouts"),
            path("two-step-verification/", second_factors, name="accounts_second_factors")]


class PlatformAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return user_is_platform_admin(request.user)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return PlatformAdminMenuItem(gettext_lazy("Sign-in lockouts"), reverse("accounts_lockouts"), icon_name="lock",
                                 order=900)


@hooks.register("register_settings_menu_item")
def register_second_factors_menu_item():
    return PlatformAdminMenuItem(gettext_lazy("Two-step verification"), reverse("accounts_second_factors"),
                                 icon_name="key", order=901)
