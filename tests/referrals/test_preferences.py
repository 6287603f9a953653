"""Each user chooses, in the workspace, one e-mail per event or a daily digest, and the e-mails' language."""

from django.urls import reverse
from wagtail.users.models import UserProfile

from referrals.models import Frequency, NotificationPreference
from tests.factories import make_referral


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("referrals:preferences"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_a_member_saves_a_daily_digest_in_english(client, world):
    client.force_login(world.sender_cw)
    url = reverse("referrals:preferences")
    page = client.get(url)
    assert page.status_code == 200 and "Un courriel par événement" in page.content.decode()
    response = client.post(url, {"frequency": "daily", "language": "en"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=world.sender_cw).frequency == Frequency.DAILY
    assert UserProfile.get_for_user(world.sender_cw).preferred_language == "en"
    # Each user's choice is their own: another account keeps the default.
    assert not NotificationPreference.objects.filter(user=world.receiver_intake).exists()


def test_a_bad_choice_is_a_form_error(client, world):
    client.force_login(world.sender_cw)
    response = client.post(reverse("referrals:preferences"), {"frequency": "hourly", "language": "de"})
    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=world.sender_cw).exists()


def test_the_digest_choice_holds_back_single_emails(client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    world.sender_cw.email = "alice@example.org"
    world.sender_cw.save()
    client.force_login(world.sender_cw)
    client.post(reverse("referrals:preferences"), {"frequency": "daily", "language": "fr"})
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    from referrals import services

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_decline(referral=referral, user=world.receiver_intake, reason="Hors mandat")
    assert not [message for message in mail.outbox if message.to == ["alice@example.org"]]
