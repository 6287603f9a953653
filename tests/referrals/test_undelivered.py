"""Notifications that gave up are shown to the organisations' admins (workspace) and platform admins (Wagtail
admin), and can be sent again by hand."""

import pytest
from django.core import mail
from django.utils import timezone

from referrals.models import Notification
from tests.factories import make_member


@pytest.fixture
def failed(sent):
    Notification.objects.create(referral=sent, kind="new", recipient="accueil@cisss.example", subject="Nouvelle",
                                body="…", failed_at=timezone.now(), attempts=12, last_error="SMTPRecipientsRefused")
    return sent


URL = "/references/non-livrees/"


def test_the_workspace_url_is_translated():
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        fr = reverse("referrals:undelivered")
    with translation.override("en"):
        en = reverse("referrals:undelivered")
    assert (fr, en) == (URL, "/en/referrals/undelivered/")


def test_anonymous_is_sent_to_sign_in(client, failed):
    assert client.get(URL).status_code == 302


def test_caseworker_and_other_organisation_see_nothing(client, world, failed):
    client.force_login(world.sender_cw)
    assert client.get(URL).status_code == 403
    other_admin = make_member(world.third, "admin", username="charlotte")
    client.force_login(other_admin)
    response = client.get(URL)
    assert response.status_code == 200 and failed.short_id not in response.content.decode()


def test_party_admin_sees_the_banner_and_retries(client, world, failed, django_capture_on_commit_callbacks):
    client.force_login(world.receiver_admin)
    inbox = client.get("/references/").content.decode()
    assert URL in inbox
    page = client.get(URL).content.decode()
    assert failed.short_id in page and "SMTPRecipientsRefused" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL).status_code == 302
    assert not Notification.objects.failed().exists()
    assert [message.to for message in mail.outbox] == [["accueil@cisss.example"]]


def test_wagtail_admin_lists_them_for_platform_admins(client, world, failed):
    from django.contrib.auth import get_user_model

    client.force_login(world.receiver_admin)
    assert client.get("/admin/referrals/undelivered/").status_code in (302, 403)
    admin = get_user_model().objects.create_superuser("root", password="x" * 16, email="")
    client.force_login(admin)
    response = client.get("/admin/referrals/undelivered/")
    assert response.status_code == 200 and failed.short_id in response.content.decode()
