"""Pages of the accounts app: sign-in (with its lockout), the account page (password, API tokens), an
organisation's members and invitations, accepting an invitation, and the 403 / CSRF-failure pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import Organization
from directory.permissions import user_can_manage

from . import services
from .forms import AcceptInvitationForm, ApiTokenForm, InvitationForm
from .models import ApiToken, Invitation


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
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("accounts:members", slug=organization.slug)
    return render(request, "accounts/members.html", {
        "organization": organization,
        "form": form,
        "memberships": organization.memberships.select_related("user").order_by("user__username"),
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
                form.add_error(error.field, error.message)
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
