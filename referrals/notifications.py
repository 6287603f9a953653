"""E-mail notifications about referrals: an outbox written in the transaction, delivered after commit.

Nothing here ever names the person referred: a notification says which step, from or to which
organisation, and links to the referral page, where access is checked and logged. Each recipient gets
the message in their own language (Wagtail's preferred language for accounts, French for an
organisation's intake address).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

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


def _digest_addresses(emails) -> set[str]:
    """Lower-cased addresses of the recipients who chose a daily digest (one query)."""
    from .preferences import Frequency, NotificationPreference

    if not emails:
        return set()
    lowered = {email.lower() for email in emails}
    return {
        email.lower()
        for email in NotificationPreference.objects.filter(
            frequency=Frequency.DAILY, user__is_active=True, user__email__in=list(emails)
        ).values_list("user__email", flat=True)
        if email.lower() in lowered
    }


def queue(referral: Referral, kind: str, recipients, **context) -> list[Notification]:
    """Write one outbox row per recipient, rendered in their language; deliver them after commit.

    A recipient who chose the daily digest gets the row kept for `send_referral_digests` instead.
    """
    rows = []
    recipients = _dedupe(recipients)
    digest = _digest_addresses([email for email, _language in recipients])
    for email, language in recipients:
        with translation.override(language):
            # Reversed in the recipient's language, so the link opens the page in it.
            url = settings.SITE_URL + referral.get_absolute_url()
            ctx = {"referral": referral, "kind": kind, "url": url, **context}
            subject = " ".join(render_to_string(f"referrals/email/{kind}_subject.txt", ctx).split())
            body = render_to_string(f"referrals/email/{kind}_body.txt", ctx)
        rows.append(
            Notification(referral=referral, kind=kind, recipient=email, language=language, subject=subject[:200],
                         body=body, digest=email.lower() in digest)
        )
    rows = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in rows if not row.digest]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return rows


@task()
def deliver_referral_notifications(notification_ids: list[int]) -> dict:
    """Send the given outbox rows; failures stay pending for the next attempt (see deliver)."""
    sent, failed = deliver(notification_ids)
    return {"sent": sent, "failed": failed}


def enqueue(ids: list[int], *, run_after=None) -> None:
    """Hand the rows to the task queue (later, with `run_after`, where the backend can defer); if even that
    fails, the scheduled `send_referral_notifications` finds them due."""
    task = deliver_referral_notifications
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # in-process tasks cannot wait: the scheduled command retries
        task = task.using(run_after=run_after)
    try:
        task.enqueue(ids)
    except Exception as exc:  # the queue being down must not break the request that changed the referral
        logger.warning("Could not enqueue %d referral notification(s): %s", len(ids), type(exc).__name__)


def retry_delay(attempts: int) -> datetime.timedelta:
    """After the n-th failed attempt: 1, 2, 4, 8… minutes (REFERRAL_NOTIFICATION_RETRY_SECONDS doubled), at
    most 6 hours apart, until the row's give-up time (REFERRAL_NOTIFICATION_RETRY_HOURS after it was written)."""
    seconds = settings.REFERRAL_NOTIFICATION_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 6 * 3600))


def _claim(pk: int, now) -> datetime.datetime | None:
    """Take the row for one send attempt; committed at once, so no other sender takes it while the lease runs.
    The lease outlives any SMTP exchange (EMAIL_TIMEOUT per operation); a sender that dies leaves the row to
    be taken again when it expires."""
    until = now + datetime.timedelta(seconds=settings.REFERRAL_NOTIFICATION_LEASE_SECONDS)
    claimed = Notification.objects.pending(now=now).filter(pk=pk).update(claimed_until=until)
    return until if claimed else None


def deliver(notification_ids=None, *, now=None) -> tuple[int, int]:
    """Try to send the due notifications (all, or the given ids); returns (sent, failed attempts).

    Each row is claimed (a lease), sent, then marked sent by an update that only the claim's holder can make,
    which also ends the claim: a crash before the mail server accepted the message leaves the row to be sent
    again when the lease expires, never twice. The one window left is the mail server having accepted the
    message when the process dies before the mark is written (docs/operations.md).
    """
    now = now or timezone.now()
    rows = Notification.objects.filter(sent_at__isnull=True, failed_at__isnull=True, digest=False)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    sent = failed = 0
    later = {}
    for pk, claimed_until, next_attempt_at in rows.values_list("pk", "claimed_until", "next_attempt_at"):
        lease = _claim(pk, now)
        if lease is None:
            # Claimed by another sender (alive, or dead and its lease not yet over), or not yet due: look again
            # then, so a worker's crash delays a notification by the lease, not until the next scheduled run.
            later[pk] = max(filter(None, [claimed_until, next_attempt_at]))
            continue
        row = Notification.objects.get(pk=pk)
        mine = Notification.objects.filter(pk=pk, claimed_until=lease)
        try:
            send_mail(row.subject, row.body, None, [row.recipient], fail_silently=False)
        except Exception as exc:  # any mail failure: count it, keep the row, never log personal data
            attempts = row.attempts + 1
            next_attempt = now + retry_delay(attempts)
            gives_up = next_attempt > row.give_up_at
            mine.update(attempts=attempts, last_error=type(exc).__name__[:200], claimed_until=None,
                        next_attempt_at=next_attempt, failed_at=now if gives_up else None)
            if gives_up:
                logger.error("Referral notification %s failed for good after %s attempts (%s); it waits for a "
                             "human (workspace, Wagtail admin, /readyz).", pk, attempts, type(exc).__name__)
            else:
                logger.warning("Referral notification %s failed (attempt %s): %s; next try in %s.", pk, attempts,
                               type(exc).__name__, retry_delay(attempts))
                later[pk] = next_attempt
            failed += 1
        else:
            mine.update(sent_at=timezone.now(), attempts=F("attempts") + 1, claimed_until=None, last_error="")
            sent += 1
    if notification_ids is None:
        later = {}  # the scheduled run covers every row on its next pass; only a task follows up its own rows
    for when in sorted(set(later.values())):
        enqueue([pk for pk, at in later.items() if at == when], run_after=when + datetime.timedelta(seconds=1))
    return sent, failed


def retry_failed(queryset) -> int:
    """Try the given failed rows again now, with a fresh retry horizon (by hand: workspace, admin, command)."""
    now = timezone.now()
    ids = list(queryset.failed().values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(
        failed_at=None, next_attempt_at=now, claimed_until=None,
        give_up_at=now + datetime.timedelta(hours=settings.REFERRAL_NOTIFICATION_RETRY_HOURS),
    )
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


# --- the events that notify ---------------------------------------------------------------------------------


def referral_sent(referral: Referral):
    return queue(referral, NotificationKind.NEW, intake_recipients(referral.receiver))


def referral_answered(referral: Referral):
    return queue(referral, NotificationKind.ANSWERED, sender_recipients(referral))


def referral_redirected(original: Referral, new: Referral):
    return queue(original, NotificationKind.REDIRECTED, sender_recipients(original), new=new)


def referral_completed(referral: Referral):
    return queue(referral, NotificationKind.COMPLETED, sender_recipients(referral))


def referral_assigned(referral: Referral, assignee):
    """The caseworker handed a referral hears it from the platform, not only from a colleague."""
    if not (assignee.is_active and assignee.email):
        return []
    return queue(referral, NotificationKind.ASSIGNED, [(assignee.email, _language_of(assignee))])


def referral_follow_up(referral: Referral):
    return queue(referral, NotificationKind.FOLLOW_UP, sender_recipients(referral))


def send_digests(*, now=None) -> tuple[int, int]:
    """One e-mail per recipient gathering their waiting rows, in the language of their latest row.

    Returns (digests sent, digests failed). A failure leaves the rows pending for the next run.
    """
    now = now or timezone.now()
    sent = failed = 0
    recipients = (
        Notification.objects.pending_digest().values_list("recipient", flat=True).order_by("recipient").distinct()
    )
    for recipient in list(recipients):
        with transaction.atomic():
            rows = list(
                Notification.objects.pending_digest().select_for_update(skip_locked=True)
                .filter(recipient=recipient).select_related("referral").order_by("created_at", "pk")
            )
            if not rows:
                continue
            language = rows[-1].language
            with translation.override(language):
                for row in rows:
                    row.url = settings.SITE_URL + row.referral.get_absolute_url()
                ctx = {"rows": rows, "count": len(rows)}
                subject = " ".join(render_to_string("referrals/email/digest_subject.txt", ctx).split())
                body = render_to_string("referrals/email/digest_body.txt", ctx)
            try:
                send_mail(subject[:200], body, None, [recipient], fail_silently=False)
            except Exception as exc:  # keep the rows; never log the address
                Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                    attempts=F("attempts") + 1, last_error=type(exc).__name__)
                logger.warning("Referral digest failed: %s", type(exc).__name__)
                failed += 1
            else:
                Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                    sent_at=now, attempts=F("attempts") + 1)
                sent += 1
    return sent, failed


def referral_overdue(referral: Referral):
    return queue(
        referral, NotificationKind.OVERDUE, intake_recipients(referral.receiver) + sender_recipients(referral)
    )
