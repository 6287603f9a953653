"""Writes of the accounts app: tokens, invitations, and what ends when credentials or memberships change."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory import services as directory_services
from directory.models import MembershipRole, Organization
from directory.permissions import user_can_manage
from portal.errors import ServiceError

from .models import ApiToken, Invitation

log = logging.getLogger("passerelle.accounts")
INVITATION_SALT = "accounts.invitation"


class AccountError(ServiceError):
    """A business rule of the accounts app was broken; pages and the API show the message as a 4xx."""


# --- API tokens ---------------------------------------------------------------------------------------
@transaction.atomic
def api_token_create(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for the user; the text is returned once and only its digest is kept."""
    if not user.is_active:
        raise AccountError(_("This account is switched off."), code="forbidden")
    days = days or settings.API_TOKEN_DAYS
    if not 1 <= days <= settings.API_TOKEN_DAYS:
        raise AccountError(_("A token lasts between 1 and %(days)d days.") % {"days": settings.API_TOKEN_DAYS},
                           field="days")
    if ApiToken.objects.filter(user=user).live().count() >= settings.API_TOKENS_PER_USER:
        raise AccountError(_("You already have %(n)d tokens: revoke one first.")
                           % {"n": settings.API_TOKENS_PER_USER}, code="conflict")
    token, text = ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name.strip()[:80])
    log.info("api token created", extra={"user_id": user.pk, "token_key": token.token_key})
    return token, text


@transaction.atomic
def api_token_revoke(*, user, token_key: str) -> None:
    deleted, _rows = ApiToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise AccountError(_("No such token."), code="not_found")
    log.info("api token revoked", extra={"user_id": user.pk, "token_key": token_key})


def api_tokens_revoke_all(*, user, reason: str) -> int:
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    if deleted:
        log.info("api tokens revoked", extra={"user_id": user.pk, "reason": reason, "count": deleted})
    return deleted


# --- invitations --------------------------------------------------------------------------------------
def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"id": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The pending invitation a link stands for, or None (bad signature, resent, expired, used, cancelled)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=settings.INVITATION_DAYS))
    except signing.BadSignature:
        return None
    invitation = Invitation.objects.select_related("organization").filter(pk=data.get("id")).first()
    if invitation is None or invitation.nonce != data.get("n") or not invitation.is_pending:
        return None
    return invitation


def _send_invitation(invitation: Invitation, *, request=None) -> None:
    path = reverse("accounts:invitation", kwargs={"token": invitation_token(invitation)})
    link = request.build_absolute_uri(path) if request is not None else settings.SITE_URL.rstrip("/") + path
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_DAYS,
               "organization": invitation.organization.name}
    # The e-mail names no one but the organisation; the link is opaque.
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception as error:  # an SMTP outage: the admin is told, nothing is half-saved
        log.warning("invitation e-mail failed", extra={"invitation_id": invitation.pk})
        raise AccountError(_("The e-mail could not be sent. Try again in a moment.")) from error


def _check_admin(user, organization: Organization) -> None:
    if not user_can_manage(user, organization):
        raise AccountError(_("Only the organisation's admins may invite members."), code="forbidden")


@transaction.atomic
def invitation_create(*, organization: Organization, email: str, role: str, invited_by, request=None) -> Invitation:
    _check_admin(invited_by, organization)
    email = get_user_model().objects.normalize_email(email).strip()
    if role not in MembershipRole.values:
        raise AccountError(_("Unknown role: %(role)s.") % {"role": role}, field="role")
    if organization.memberships.filter(user__email__iexact=email, is_active=True).exists():
        raise AccountError(_("This person is already a member."), code="conflict", field="email")
    if Invitation.objects.pending().filter(organization=organization, email__iexact=email).exists():
        raise AccountError(_("An invitation is already pending for this address: resend it."), code="conflict",
                           field="email")
    now = timezone.now()
    invitation = Invitation.objects.create(organization=organization, email=email, role=role,
                                           invited_by=invited_by, sent_at=now,
                                           expires_at=now + timedelta(days=settings.INVITATION_DAYS))
    _send_invitation(invitation, request=request)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, user, request=None) -> Invitation:
    _check_admin(user, invitation.organization)
    if invitation.accepted_at or invitation.cancelled_at:
        raise AccountError(_("This invitation is closed."), code="conflict")
    from .models import _nonce

    now = timezone.now()
    invitation.nonce, invitation.sent_at = _nonce(), now  # the older link stops working
    invitation.expires_at = now + timedelta(days=settings.INVITATION_DAYS)
    invitation.save(update_fields=["nonce", "sent_at", "expires_at"])
    _send_invitation(invitation, request=request)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, user) -> None:
    _check_admin(user, invitation.organization)
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user=None, username: str = "", password: str = ""):
    """Join the organisation: as the signed-in `user`, or as a new account made with `username` and
    `password` (validated by the caller's form). Returns the user."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise AccountError(_("This invitation has expired or was already used."), code="conflict")
    if user is None:
        User = get_user_model()
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(_("This username is taken."), code="conflict", field="username")
        user = User.objects.create_user(username=username, email=invitation.email, password=password)
    elif (user.email or "").lower() != invitation.email.lower():
        raise AccountError(_("This invitation was sent to another e-mail address."), code="forbidden")
    directory_services.membership_add(user=user, organization=invitation.organization, role=invitation.role)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def with_language(language: str, function, *args, **kwargs):
    with translation.override(language):
        return function(*args, **kwargs)


# --- second factor (TOTP and one-time recovery codes, django-otp) -------------------------------------
# A person has a second factor when they have a confirmed TOTP device; their recovery codes are a static
# device beside it. Log lines carry account ids only: never a key, a code or a recovery code.
TOTP_NAME, RECOVERY_NAME = "authenticator", "recovery codes"


def totp_device(user, *, confirmed: bool | None = True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not user.is_authenticated:
        return None
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("pk").first()


def recovery_device(user):
    from django_otp.plugins.otp_static.models import StaticDevice

    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user) -> bool:
    return totp_device(user) is not None


def recovery_codes_left(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


@transaction.atomic
def second_factor_begin(*, user):
    """The device being set up (made the first time): its key is shown until a first code confirms it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if has_second_factor(user):
        raise AccountError(_("Two-step verification is already on."), code="conflict")
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def second_factor_new_key(*, device):
    """A fresh key for a device not yet confirmed (the key shown before was seen by another session)."""
    from django_otp.plugins.otp_totp.models import default_key

    device.key, device.last_t = default_key(), -1
    device.save(update_fields=["key", "last_t"])
    return device


def _new_recovery_codes(user) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = []
    while len(codes) < settings.RECOVERY_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_confirm(*, user, code: str):
    """The first code from the app turns the device on; returns (device, recovery codes to show once)."""
    device = totp_device(user, confirmed=False)
    if device is None or has_second_factor(user):
        raise AccountError(_("Start the set-up again."), code="conflict")
    if not device.verify_token(_digits(code)):
        raise AccountError(_("This code is not right. Check the time on your phone and type the current code."),
                           field="code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    log.info("second factor enabled", extra={"user_id": user.pk})
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    if not has_second_factor(user):
        raise AccountError(_("Two-step verification is off."), code="conflict")
    codes = _new_recovery_codes(user)
    log.info("recovery codes regenerated", extra={"user_id": user.pk})
    return codes


def _digits(code: str) -> str:
    return "".join(str(code or "").split())


def second_factor_check(*, user, code: str, recovery: bool = False):
    """The device that accepts this code (the app's current code, or an unused recovery code, which is then
    spent), or None. Each device is locked while it checks, so one code cannot be used twice at once."""
    from django_otp import verify_token

    if recovery:
        device, code = recovery_device(user), _digits(code).lower().replace("-", "")
    else:
        device, code = totp_device(user), _digits(code)
    if device is None or not code:
        return None
    return verify_token(user, device.persistent_id, code)


@transaction.atomic
def second_factor_disable(*, user, password: str, code: str) -> None:
    """Turns the second factor off: the password and a current code (or a recovery code) are needed."""
    if not user.check_password(password):
        raise AccountError(_("This password is not right."), code="forbidden", field="password")
    if second_factor_check(user=user, code=code) is None and \
            second_factor_check(user=user, code=code, recovery=True) is None:
        raise AccountError(_("This code is not right."), code="forbidden", field="code")
    _delete_devices(user)
    log.info("second factor disabled", extra={"user_id": user.pk})


@transaction.atomic
def second_factor_reset(*, user, by) -> None:
    """A platform admin removes someone's second factor (a lost phone and no recovery code left)."""
    from directory.models import user_is_platform_admin

    if not user_is_platform_admin(by):
        raise AccountError(_("Only platform admins may reset a second factor."), code="forbidden")
    if not _delete_devices(user):
        raise AccountError(_("This person has no second factor."), code="not_found")
    log.warning("second factor reset by an admin", extra={"user_id": user.pk, "admin_id": by.pk})


def _delete_devices(user) -> int:
    from django_otp import devices_for_user

    deleted = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        deleted += 1
    return deleted


def is_admin(user) -> bool:
    """Platform admins (staff, superusers) and organisation admins: whoever can reach the Wagtail admin."""
    return user.is_authenticated and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
