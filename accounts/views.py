"""Pages of the accounts app: sign-in (with its lockout), the account page (password, API tokens), an
organisation's members and invitations, accepting an invitation, and the 403 / CSRF-failure pages."""

import base64
import hashlib
import logging
import time

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import Organization
from directory.permissions import user_can_manage
from portal.errors import add_to_form

from . import services
from .forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    CodeForm,
    DisableSecondFactorForm,
    InvitationForm,
    RecoveryCodeForm,
)
from .middleware import UNVERIFIED_SESSION_KEY
from .models import ApiToken, Invitation

log = logging.getLogger("passerelle.accounts")
# The sign-in that passed the password and waits for its code: not yet a signed-in session.
PENDING_SESSION_KEY = "accounts.sign_in_pending"
# A digest of the two-step key this session was shown while setting it up.
SETUP_KEY_SESSION_KEY = "accounts.setup_key_seen"


def workspace_url_for(user) -> str:
    """Partners land in their workspace; others on the home page."""
    if user.is_authenticated and Organization.objects.active().for_member(user).exists():
        return reverse("referrals:inbox")
    return settings.LOGIN_REDIRECT_URL


class SignInView(auth_views.LoginView):
    """Django's sign-in; a partner lands in their workspace unless a safe `next` says otherwise."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return workspace_url_for(self.request.user)

    def form_valid(self, form):
        """With a second factor, the password only opens the code step: the session is signed in (and
        django-axes counts the sign-in as a success) once the code is right."""
        user = form.get_user()
        if not services.has_second_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING_SESSION_KEY] = {
            "user": user.pk, "backend": user.backend, "at": int(time.time()), "next": self.get_redirect_url(),
        }
        return redirect("accounts:sign_in_code")


def _pending_user(request):
    """The person between the password and the code, and where they were going; None once too old."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None, None
    if time.time() - pending.get("at", 0) > settings.SECOND_STEP_MINUTES * 60:
        del request.session[PENDING_SESSION_KEY]
        return None, None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return ""


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """The second step of signing in: the code of the authenticator app, or a recovery code.

    A wrong code is a failed sign-in for django-axes (by account and by address), so codes lock out as
    passwords do. Also the step of a session signed in some other way that has not given its code yet."""
    if request.user.is_authenticated:
        if request.user.is_verified() or not services.has_second_factor(request.user):
            request.session.pop(UNVERIFIED_SESSION_KEY, None)
            return redirect(_safe_next(request, request.GET.get("next")) or workspace_url_for(request.user))
        user, pending = request.user, None
    else:
        user, pending = _pending_user(request)
        if user is None:
            messages.info(request, _("Sign in again: the code was not given in time."))
            return redirect("login")
    credentials = {"username": user.get_username()}  # what django-axes reads from the sign-in form
    if AxesProxyHandler.is_locked(request, credentials):
        return locked_out(request, credentials=credentials)
    recovery = request.GET.get("recovery") == "1"
    form = (RecoveryCodeForm if recovery else CodeForm)(request.POST or None)
    form.fields["code"].widget.attrs["autofocus"] = True  # the one thing to do on this page
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_check(user=user, code=form.cleaned_data["code"], recovery=recovery)
        if device is None:
            log.info("second step failed", extra={"user_id": user.pk})
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            form.add_error("code", _("This code is not right.") if recovery else
                           _("This code is not right. Check the time on your phone and type the current code."))
        else:
            next_url = pending["next"] if pending else request.GET.get("next")
            if pending is not None:
                del request.session[PENDING_SESSION_KEY]
                user.otp_device = device  # django-otp marks the new session verified on login
                login(request, user, backend=pending["backend"])
            else:
                django_otp.login(request, device)
                request.session.cycle_key()
            log.info("second step passed", extra={"user_id": user.pk, "method": "recovery" if recovery else "app"})
            if recovery:
                left = services.recovery_codes_left(user)
                messages.warning(request, ngettext(
                    "You used a recovery code: %(count)d left. Make new ones on your account page.",
                    "You used a recovery code: %(count)d left. Make new ones on your account page.", left,
                ) % {"count": left})
            return redirect(_safe_next(request, next_url) or workspace_url_for(user))
    return render(request, "accounts/sign_in_code.html", {
        "form": form, "recovery": recovery, "next": request.GET.get("next", ""),
    })


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change: this session stays signed in, every other session ends (Django's session
    hash), and the API tokens are revoked (accounts.signals)."""

    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": ""}, status=403)


def csrf_failure(request, reason=""):
    """The form was sent without its security token (an old tab, cookies off): say so, in the site's frame."""
    return render(request, "403_csrf.html", {}, status=403)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """The person's own account: password, and their API tokens (listed, made, revoked)."""
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and (redirect_response := _require_verified(request, "accounts:account")):
        return redirect_response  # a token is made by a session that gave its code
    if request.method == "POST" and form.is_valid():
        try:
            token, new_token = services.api_token_create(user=request.user, name=form.cleaned_data["name"],
                                                         days=form.cleaned_data["days"])
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user).live()
    managed = Organization.objects.managed_by(request.user).filter(memberships__user=request.user).distinct()
    return render(request, "accounts/account.html", {
        "form": form, "tokens": tokens, "new_token": new_token, "managed": managed,
        "second_factor": services.has_second_factor(request.user),
    })


@never_cache
@login_required
@require_POST
def token_revoke(request, key):
    try:
        services.api_token_revoke(user=request.user, token_key=key)
    except services.AccountError as error:
        raise Http404 from error
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:account")


def _managed_organization(request, slug) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not user_can_manage(request.user, organization):
        raise PermissionDenied
    return organization


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug):
    """An organisation admin's page: the members, the pending invitations, and a form to invite someone."""
    organization = _managed_organization(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(organization=organization, email=form.cleaned_data["email"],
                                       role=form.cleaned_data["role"], invited_by=request.user, request=request)
        except services.AccountError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("accounts:members", slug=organization.slug)
    return render(request, "accounts/members.html", {
        "organization": organization,
        "form": form,
        # Whether each member has a second factor (never its key or its codes).
        "memberships": organization.memberships.select_related("user").order_by("user__username").annotate(
            has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True))),
        "invitations": Invitation.objects.pending().for_organization(organization),
    }, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
def invitation_action(request, slug, pk, action):
    organization = _managed_organization(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    try:
        if action == "resend":
            services.invitation_resend(invitation=invitation, user=request.user, request=request)
            messages.success(request, _("The invitation is sent again; the earlier link no longer works."))
        else:
            services.invitation_cancel(invitation=invitation, user=request.user)
            messages.success(request, _("The invitation is cancelled."))
    except services.AccountError as error:
        messages.error(request, error.message)
    return redirect("accounts:members", slug=organization.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link in the invitation e-mail: set a username and password (or accept as the signed-in person) and
    land in the workspace."""
    found = services.invitation_from_token(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    signed_in = request.user.is_authenticated
    form = None if signed_in else AcceptInvitationForm(request.POST or None, email=found.email)
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            if signed_in:
                user = services.invitation_accept(invitation=found, user=request.user)
            else:
                user = services.invitation_accept(invitation=found, username=form.cleaned_data["username"],
                                                  password=form.cleaned_data["password1"])
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except services.AccountError as error:
            if form is not None:
                add_to_form(form, error)
            else:
                messages.error(request, error.message)
        else:
            messages.success(request, _("Welcome to %(organization)s.") % {"organization": found.organization})
            return redirect(workspace_url_for(user))
    return render(request, "accounts/invitation.html", {"invitation": found, "form": form},
                  status=400 if form is not None and form.errors else 200)


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): 429 with a clear page in the site's frame."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "accounts/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_timedelta": cool_off, "cooloff_minutes": minutes,
    }, status=429)


# --- two-step verification on the account page --------------------------------------------------------
def _require_verified(request, back: str = "accounts:security"):
    """Changes to a second factor, and new API tokens, need a session that gave its code."""
    if services.has_second_factor(request.user) and not request.user.is_verified():
        messages.info(request, _("Give your code again to go on."))
        return redirect(f"{reverse('accounts:sign_in_code')}?next={reverse(back)}")
    return None


def _qr_svg(url: str) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn on the server (no image host, no script)."""
    svg = segno.make(url, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff", svgclass="qr-code",
                                           omitsize=True)  # a viewBox: the CSS sizes it to the screen
    label = escape(_("QR code to scan with your authenticator app"))
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308 (segno's SVG)


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i:i + size] for i in range(0, len(text), size))


@never_cache
@login_required
@require_http_methods(["GET"])
def security(request):
    """Two-step verification: its state, recovery codes, and the ways to set it up or turn it off."""
    return render(request, "accounts/security.html", _security_context(request, DisableSecondFactorForm()))


def _security_context(request, disable_form) -> dict:
    device = services.totp_device(request.user)
    return {
        "device": device,
        "codes_left": services.recovery_codes_left(request.user) if device else 0,
        "required": settings.REQUIRE_2FA_FOR_ADMINS and services.is_admin(request.user),
        "disable_form": disable_form,
    }


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Scan (or type) the key, then type the first code: the device is on, and the recovery codes are shown
    once."""
    if services.has_second_factor(request.user):
        return redirect("accounts:security")
    try:
        device = services.second_factor_begin(user=request.user)
    except services.AccountError as error:
        messages.error(request, error.message)
        return redirect("accounts:security")
    # The key is this session's: a reload shows it again, but a key another session saw (someone who had
    # the password once) is replaced, so it is never the one set up. The session keeps a digest, not the key.
    seen = hashlib.sha256(device.bin_key).hexdigest()[:16]
    if request.session.get(SETUP_KEY_SESSION_KEY) != seen:
        device = services.second_factor_new_key(device=device)
        request.session[SETUP_KEY_SESSION_KEY] = hashlib.sha256(device.bin_key).hexdigest()[:16]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.second_factor_confirm(user=request.user, code=form.cleaned_data["code"])
        except services.AccountError as error:
            form.add_error("code", error.message)
        else:
            django_otp.login(request, device)  # this session gave its code
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": True})
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/second_factor_setup.html", {
        "form": form, "qr": _qr_svg(device.config_url), "secret": _grouped(secret), "otpauth": device.config_url,
    }, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
def recovery_codes_regenerate(request):
    if (redirect_response := _require_verified(request)) is not None:
        return redirect_response
    try:
        codes = services.recovery_codes_regenerate(user=request.user)
    except services.AccountError as error:
        messages.error(request, error.message)
        return redirect("accounts:security")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": False})


@never_cache
@login_required
@sensitive_post_parameters("password", "code")
@require_POST
def second_factor_disable(request):
    if (redirect_response := _require_verified(request)) is not None:
        return redirect_response
    credentials = {"username": request.user.get_username()}  # wrong tries here count as at the door
    if AxesProxyHandler.is_locked(request, credentials):
        return locked_out(request, credentials=credentials)
    form = DisableSecondFactorForm(request.POST)
    if form.is_valid():
        try:
            services.second_factor_disable(user=request.user, password=form.cleaned_data["password"],
                                           code=form.cleaned_data["code"])
        except services.AccountError as error:
            # A wrong password or code here counts as a failed sign-in, as at the door.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            add_to_form(form, error)
        else:
            messages.success(request, _("Two-step verification is off."))
            return redirect("accounts:security")
    return render(request, "accounts/security.html", _security_context(request, form), status=400)
