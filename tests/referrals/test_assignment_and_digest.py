"""The caseworker handed a referral is told, in their language; a user who chose the daily digest gets one
e-mail a day instead of one per event."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.users.models import UserProfile

from referrals import services
from referrals.models import Frequency, Notification, NotificationKind, NotificationPreference
from tests.factories import make_referral


def _english(user, email):
    user.email = email
    user.save()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture
def mailboxes(world):
    _english(world.receiver_cw, "bruno@example.org")
    world.receiver_intake.email = "bob@example.org"
    world.receiver_intake.save()
    world.sender_cw.email = "alice@example.org"
    world.sender_cw.save()
    return world


def test_the_assignee_is_told_when_assigned(mailboxes, django_capture_on_commit_callbacks):
    world = mailboxes
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(referral=referral, user=world.receiver_intake, assignee=world.receiver_cw)
    to_bruno = [message for message in mail.outbox if message.to == ["bruno@example.org"]]
    assert len(to_bruno) == 1
    assert to_bruno[0].subject == f"Referral {referral.reference} assigned to you"
    assert "Fictive" not in to_bruno[0].body and "/en/referrals/" in to_bruno[0].body


def test_reassignment_tells_the_new_assignee_but_not_the_one_who_assigns_themself(
    mailboxes, django_capture_on_commit_callbacks
):
    world = mailboxes
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(referral=referral, user=world.receiver_intake)
    assert not Notification.objects.filter(kind=NotificationKind.ASSIGNED).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_assign(referral=referral, user=world.receiver_intake, assignee=world.receiver_cw)
    assert list(Notification.objects.filter(kind=NotificationKind.ASSIGNED).values_list("recipient", flat=True)) == [
        "bruno@example.org"]


def test_a_digest_user_gets_one_email_a_day(mailboxes, django_capture_on_commit_callbacks):
    world = mailboxes
    NotificationPreference.objects.create(user=world.sender_cw, frequency=Frequency.DAILY)
    first = make_referral(world.sender_cw, world.sender, world.receiver)
    second = make_referral(world.sender_cw, world.sender, world.receiver)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_decline(referral=first, user=world.receiver_intake, reason="Hors mandat")
        services.referral_accept(referral=second, user=world.receiver_intake)
    assert [message.to for message in mail.outbox if "alice@example.org" in message.to] == []
    assert Notification.objects.pending_digest().filter(recipient="alice@example.org").count() == 2
    call_command("send_referral_digests", stdout=StringIO())
    digests = [message for message in mail.outbox if message.to == ["alice@example.org"]]
    assert len(digests) == 1
    assert "2 mises à jour" in digests[0].subject
    for referral in (first, second):
        assert f"/references/{referral.public_id}/" in digests[0].body
    assert "Hors mandat" not in digests[0].body and "Fictive" not in digests[0].body
    call_command("send_referral_digests", stdout=StringIO())
    assert len([message for message in mail.outbox if message.to == ["alice@example.org"]]) == 1
