"""The second factor at the doors it guards.

- A session signed in without its second step (any path but our sign-in, or a session from before the person
  set up a second factor) is sent to the code step before anything else, and is anonymous to the API.
- The Wagtail admin asks for a verified session from anyone who has a second factor and, with
  REQUIRE_2FA_FOR_ADMINS, sends admins without one to set it up first.
(Wagtail's own sign-in form is replaced by ours in portal/urls.py.)
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from . import services

ADMIN_PREFIXES = ("/admin/",)
API_PREFIXES = ("/api/", "/fhir/")
UNVERIFIED_SESSION_KEY = "accounts.second_step_due"
# Pages an unverified session may still open: the code step itself and signing out.
OPEN_URL_NAMES = {"accounts:sign_in_code", "logout", "set_language"}


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class AdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        path = request.path_info
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # no session: nothing to check, and the session is not touched (no Vary: Cookie)
        user = request.user
        if not user.is_authenticated:
            return None
        due = request.session.get(UNVERIFIED_SESSION_KEY)
        on_admin = path.startswith(ADMIN_PREFIXES)
        if not due and not on_admin:
            return None  # no query for the ordinary request
        if user.is_verified():
            if due:
                del request.session[UNVERIFIED_SESSION_KEY]
            return None
        if services.has_second_factor(user):
            if _url_name(path) in OPEN_URL_NAMES:
                return None
            if path.startswith(API_PREFIXES):
                request.user = AnonymousUser()
                return None
            request.session[UNVERIFIED_SESSION_KEY] = True
            return redirect(_with_next(reverse("accounts:sign_in_code"),
                                       request.get_full_path() if request.method == "GET" else ""))
        if due:  # the second factor was removed (a platform admin's reset) since the flag was set
            del request.session[UNVERIFIED_SESSION_KEY]
        if on_admin and settings.REQUIRE_2FA_FOR_ADMINS and services.is_admin(user):
            messages.warning(request, _("Set up two-step verification to use the administration."))
            return redirect("accounts:security")
        return None


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name
