"""What ends with a membership or a password, and the sign-in events written to the log.

Log lines carry the account's id, never a name, an e-mail or an address (django-axes keeps those in its own
tables, which admins read and which `passerelle data_inventory` declares)."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from directory.services import membership_ended

from . import services

log = logging.getLogger("passerelle.accounts")
User = get_user_model()


@receiver(membership_ended)
def revoke_tokens_when_membership_ends(sender, membership, **kwargs):
    services.api_tokens_revoke_all(user=membership.user, reason="membership ended")


@receiver(pre_save, sender=User)
def note_password_change(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = old is not None and old != instance.password


@receiver(post_save, sender=User)
def revoke_tokens_when_password_changes(sender, instance, created, **kwargs):
    # Whatever the path (password change, reset, the Wagtail admin, a command): the API tokens made with
    # the old credentials stop working. Other sessions end through Django's session hash.
    if getattr(instance, "_password_changed", False):
        instance._password_changed = False
        services.api_tokens_revoke_all(user=instance, reason="password changed")


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    log.info("sign-in", extra={"user_id": user.pk})


@receiver(user_logged_in)
def second_step_due(sender, request, user, **kwargs):
    """A sign-in that did not go through the code step (some other sign-in form) of a person who has a
    second factor: the session must give its code before anything else (accounts.middleware)."""
    from .middleware import UNVERIFIED_SESSION_KEY

    if request is None or getattr(user, "otp_device", None) is not None:
        return
    if services.has_second_factor(user):
        request.session[UNVERIFIED_SESSION_KEY] = True


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    log.info("sign-in failed")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    log.warning("sign-in locked out", extra={"user_id": user_id})
