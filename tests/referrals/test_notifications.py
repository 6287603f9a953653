"""Notifications go through the task queue after commit, carry no personal data, and survive a mail outage."""

import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from wagtail.users.models import UserProfile

from referrals import services
from referrals.models import Notification, NotificationKind

from .factories import make_referral


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
    # the mail server comes back: the cron retry sends what was pending, once
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_referral_notifications", stdout=StringIO())
    assert len(mail.outbox) == 2
    call_command("send_referral_notifications", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_gives_up_after_the_maximum_attempts(intake_english, settings):
    settings.EMAIL_BACKEND = "tests.referrals.test_notifications.BrokenBackend"
    settings.REFERRAL_NOTIFICATION_MAX_ATTEMPTS = 2
    make_referral(intake_english.sender_cw, intake_english.sender, intake_english.receiver)
    for _ in range(4):
        call_command("send_referral_notifications", stdout=StringIO())
    assert set(Notification.objects.values_list("attempts", flat=True)) == {2}


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
    assert DBTaskResult.objects.filter(task_path="referrals.tasks.deliver_referral_notifications").count() == 1
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0, stdout=StringIO())
    assert len(mail.outbox) == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_redirect_notifies_the_original_sender_and_the_new_receiver(intake_english):
    from .factories import consent_data, make_member

    world = intake_english
    third_intake = make_member(world.third, "intake", email="tiers@example.org")
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    new = services.referral_redirect(referral=referral, user=world.receiver_intake, receiver=world.third,
                                     consent=consent_data(world.receiver_intake))
    assert Notification.objects.filter(referral=referral, kind=NotificationKind.REDIRECTED).get().recipient == \
        world.sender_cw.email
    assert Notification.objects.filter(referral=new, kind=NotificationKind.NEW).get().recipient == third_intake.email
