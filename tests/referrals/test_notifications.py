"""Notifications go through the task queue after commit, carry no personal data, and survive a mail outage."""

import datetime
import logging
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db.models import F
from wagtail.users.models import UserProfile

from referrals import services
from referrals.models import Notification, NotificationKind
from tests.factories import make_referral


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def intake_english(world):
    world.receiver_intake.email = "bob@example.org"
    world.receiver_intake.save()
    profile = UserProfile.get_for_user(world.receiver_intake)
    profile.preferred_language = "en"
    profile.save()
    world.receiver.referral_intake_email = "intake@cisss.example"
    world.receiver.save()
    world.sender_cw.email = "alice@example.org"
    world.sender_cw.save()
    return world


def test_new_referral_notifies_receiving_intake_after_commit_without_personal_data(
    intake_english, django_capture_on_commit_callbacks
):
    world = intake_english
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referral = make_referral(world.sender_cw, world.sender, world.receiver)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"bob@example.org", "intake@cisss.example"}
    english, french = by_recipient["bob@example.org"], by_recipient["intake@cisss.example"]
    assert "New referral" in english.subject and "Nouvelle référence" in french.subject
    assert f"http://testserver/en/referrals/{referral.public_id}/" in english.body
    assert f"http://testserver/references/{referral.public_id}/" in french.body
    for message in mail.outbox:
        assert "Fictive" not in message.subject + message.body and "418-555" not in message.body
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2


def test_answer_and_completion_notify_the_sender(intake_english, django_capture_on_commit_callbacks):
    world = intake_english
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(referral=referral, user=world.receiver_intake, assignee=world.receiver_cw)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    services.referral_start(referral=referral, user=world.receiver_cw)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_complete(referral=referral, user=world.receiver_cw, outcome_status="successful",
                                   outcome="Fait")
    kinds = list(Notification.objects.filter(recipient="alice@example.org").values_list("kind", flat=True))
    assert kinds == [NotificationKind.ANSWERED, NotificationKind.COMPLETED]


def test_a_failing_mail_server_loses_nothing_and_is_retried(
    intake_english, settings, caplog, django_capture_on_commit_callbacks
):
    world = intake_english
    settings.EMAIL_BACKEND = "tests.referrals.test_notifications.BrokenBackend"
    with caplog.at_level(logging.WARNING, logger="referrals"), django_capture_on_commit_callbacks(execute=True):
        referral = make_referral(world.sender_cw, world.sender, world.receiver)
    referral.refresh_from_db()
    assert referral.state == "sent"  # the referral went through
    pending = Notification.objects.filter(sent_at__isnull=True)
    assert pending.count() == 2 and set(pending.values_list("attempts", flat=True)) == {1}
    assert "ConnectionRefusedError" in caplog.text
    assert "Fictive" not in caplog.text and "example" not in caplog.text
    # the mail server comes back: the scheduled retry sends what was pending once its back-off is over, once
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_referral_notifications", stdout=StringIO())
    assert mail.outbox == []  # the first retry waits a minute
    Notification.objects.update(next_attempt_at=F("next_attempt_at") - datetime.timedelta(minutes=1))
    call_command("send_referral_notifications", stdout=StringIO())
    assert len(mail.outbox) == 2
    call_command("send_referral_notifications", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_gives_up_after_the_horizon_and_says_so(intake_english, settings, caplog):
    """Retries back off (1, 2, 4… minutes) until REFERRAL_NOTIFICATION_RETRY_HOURS, then the row is marked
    failed, logged as an error and counted by the command, instead of vanishing silently."""

    from django.utils import timezone

    from referrals import notifications

    settings.EMAIL_BACKEND = "tests.referrals.test_notifications.BrokenBackend"
    settings.REFERRAL_NOTIFICATION_RETRY_HOURS = 1
    make_referral(intake_english.sender_cw, intake_english.sender, intake_english.receiver)
    start = timezone.now()
    delays = []
    for minutes in range(0, 24 * 60, 1):  # a day of a scheduler running every minute
        now = start + datetime.timedelta(minutes=minutes)
        before = Notification.objects.order_by("pk").first().attempts
        notifications.deliver(now=now)
        row = Notification.objects.order_by("pk").first()
        if row.attempts > before:
            delays.append(round((row.next_attempt_at - now).total_seconds() / 60))
        if row.failed_at:
            break
    assert delays[:5] == [1, 2, 4, 8, 16]
    assert Notification.objects.failed().count() == Notification.objects.count() == 2
    assert all(row.failed_at <= start + datetime.timedelta(hours=1, minutes=1) for row in Notification.objects.all())
    assert "failed for good" in caplog.text
    out = StringIO()
    call_command("send_referral_notifications", stdout=out)
    assert "2 gave up" in out.getvalue()
    # Retried by hand, the mail server back: each goes out once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    call_command("send_referral_notifications", "--retry-failed", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert not Notification.objects.failed().exists()


def test_a_claimed_notification_is_not_sent_twice(intake_english, settings):
    """A sender holds its claim while it talks to the mail server; another sender (the scheduled run) leaves the
    row alone until the claim's lease is over, then sends it once."""

    from django.utils import timezone

    from referrals import notifications

    settings.EMAIL_BACKEND = "tests.referrals.test_notifications.BrokenBackend"
    make_referral(intake_english.sender_cw, intake_english.sender, intake_english.receiver)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    now = timezone.now() + datetime.timedelta(minutes=5)
    Notification.objects.update(claimed_until=now + datetime.timedelta(seconds=30))  # a sender died mid-send
    mail.outbox.clear()
    assert notifications.deliver(now=now) == (0, 0)
    assert mail.outbox == []
    later = now + datetime.timedelta(seconds=31)
    assert notifications.deliver(now=later) == (2, 0)
    assert notifications.deliver(now=later) == (0, 0)
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(claimed_until__isnull=False).exists()


def test_overdue_notifies_both_sides_once(intake_english, django_capture_on_commit_callbacks):
    from referrals.models import Referral

    world = intake_english
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    Referral.objects.filter(pk=referral.pk).update(due_at=referral.sent_at)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_overdue_referrals", stdout=StringIO())
    assert {m.to[0] for m in mail.outbox} == {"bob@example.org", "intake@cisss.example", "alice@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_overdue_referrals", stdout=StringIO())
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)  # the worker closes connections that are not in autocommit mode
def test_database_task_backend_enqueues_and_its_worker_delivers(
    intake_english, settings, django_capture_on_commit_callbacks
):
    """django-tasks 0.12 + django-tasks-db 0.13: the production combination really enqueues and runs."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        make_referral(intake_english.sender_cw, intake_english.sender, intake_english.receiver)
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="referrals.notifications.deliver_referral_notifications").count() == 1
    # The heartbeat's thread (tested in tests/portal/test_health.py) would share SQLite's in-memory test
    # database with the worker's loop, where a concurrent write is an immediate "table is locked".
    with mock.patch("portal.worker.Heartbeat.start"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0, stdout=StringIO())
    assert len(mail.outbox) == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_redirect_notifies_the_original_sender_and_the_new_receiver(intake_english):
    from tests.factories import consent_data, make_member

    world = intake_english
    third_intake = make_member(world.third, "intake", email="tiers@example.org")
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    new = services.referral_redirect(referral=referral, user=world.receiver_intake, receiver=world.third,
                                     consent=consent_data(world.receiver_intake))
    assert Notification.objects.filter(referral=referral, kind=NotificationKind.REDIRECTED).get().recipient == \
        world.sender_cw.email
    assert Notification.objects.filter(referral=new, kind=NotificationKind.NEW).get().recipient == third_intake.email
