"""E-mail notifications about referrals: an outbox written in the transaction, delivered after commit.

Nothing here ever names the person referred: a notification says which step, from or to which
organisation, and links to the referral page, where access is checked and logged. Each recipient gets
the message in their own language (Wagtail's preferred language for accounts, French for an
organisation's intake address).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from directory.models import Membership, MembershipRole

from .models import Notification, NotificationKind, Referral

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _language_of(user) -> str:
    from wagtail.users.models import UserProfile

    language = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first() or ""
    ).split("-")[0]
    return language if language in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE


def intake_recipients(organization) -> list[tuple[str, str]]:
    """The receiving organisation's intake address and its active intake members, as (e-mail, language)."""
    recipients = []
    if organization.referral_intake_email:
        recipients.append((organization.referral_intake_email, settings.LANGUAGE_CODE))
    members = Membership.objects.filter(
        organization=organization, role=MembershipRole.INTAKE, is_active=True, user__is_active=True
    ).exclude(user__email="").select_related("user")
    recipients += [(membership.user.email, _language_of(membership.user)) for membership in members]
    return recipients


def sender_recipients(referral: Referral) -> list[tuple[str, str]]:
    """The caseworker who made the referral, if still a member of the sender; else the sender's intake."""
    user = referral.created_by
    if (
        user is not None
        and user.is_active
        and user.email
        and Membership.objects.filter(user=user, organization_id=referral.sender_id, is_active=True).exists()
    ):
        return [(user.email, _language_of(user))]
    return intake_recipients(referral.sender)


def _dedupe(recipients):
    seen, unique = set(), []
    for email, language in recipients:
        if email.lower() not in seen:
            seen.add(email.lower())
            unique.append((email, language))
    return unique


def queue(referral: Referral, kind: str, recipients, **context) -> list[Notification]:
    """Write one outbox row per recipient, rendered in their language; deliver them after commit."""
    rows = []
    for email, language in _dedupe(recipients):
        with translation.override(language):
            # Reversed in the recipient's language, so the link opens the page in it.
            url = settings.SITE_URL + referral.get_absolute_url()
            ctx = {"referral": referral, "kind": kind, "url": url, **context}
            subject = " ".join(render_to_string(f"referrals/email/{kind}_subject.txt", ctx).split())
            body = render_to_string(f"referrals/email/{kind}_body.txt", ctx)
        rows.append(
            Notification(referral=referral, kind=kind, recipient=email, language=language, subject=subject[:200],
                         body=body)
        )
    rows = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return rows


def enqueue(ids: list[int]) -> None:
    """Hand the rows to the task queue; if even that fails, the cron retry will find them pending."""
    from .tasks import deliver_referral_notifications

    try:
        deliver_referral_notifications.enqueue(ids)
    except Exception as exc:  # the queue being down must not break the request that changed the referral
        logger.warning("Could not enqueue %d referral notification(s): %s", len(ids), type(exc).__name__)


def deliver(notification_ids=None) -> tuple[int, int]:
    """Try to send the pending notifications (all, or the given ids); returns (sent, failed)."""
    pending = Notification.objects.pending()
    if notification_ids is not None:
        pending = pending.filter(pk__in=notification_ids)
    sent = failed = 0
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            row = Notification.objects.select_for_update(skip_locked=True).filter(pk=pk, sent_at__isnull=True).first()
            if row is None:
                continue  # another worker has it, or it went out meanwhile
            try:
                send_mail(row.subject, row.body, None, [row.recipient], fail_silently=False)
            except Exception as exc:  # any mail failure: count it, keep the row, never log personal data
                Notification.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=type(exc).__name__)
                logger.warning("Referral notification %s failed (attempt %s): %s", pk, row.attempts + 1,
                               type(exc).__name__)
                failed += 1
            else:
                Notification.objects.filter(pk=pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
                sent += 1
    return sent, failed


# --- the events that notify ---------------------------------------------------------------------------------


def referral_sent(referral: Referral):
    return queue(referral, NotificationKind.NEW, intake_recipients(referral.receiver))


def referral_answered(referral: Referral):
    return queue(referral, NotificationKind.ANSWERED, sender_recipients(referral))


def referral_redirected(original: Referral, new: Referral):
    return queue(original, NotificationKind.REDIRECTED, sender_recipients(original), new=new)


def referral_completed(referral: Referral):
    return queue(referral, NotificationKind.COMPLETED, sender_recipients(referral))


def referral_overdue(referral: Referral):
    return queue(
        referral, NotificationKind.OVERDUE, intake_recipients(referral.receiver) + sender_recipients(referral)
    )
