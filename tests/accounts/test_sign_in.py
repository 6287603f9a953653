"""Sign-in: lockout by account and by address (django-axes), unlock by time and by a platform admin, the
landing page, and the bilingual 403 and CSRF-failure pages."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import translation

from directory.models import MembershipRole
from tests.factories import make_member, make_organization, make_superuser, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Passerelle-Rimouski-2026"


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


@pytest.fixture
def caseworker():
    user = make_member(make_organization(), role=MembershipRole.CASEWORKER, username="camille")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, caseworker, settings):
    """The defect: 30 wrong passwords in a row, then the right one worked."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "camille", "wrong").status_code == 200  # the form again, with its error
    assert sign_in(client, "camille", "wrong").status_code == 429
    response = sign_in(client, "camille", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Connexion suspendue" in response.content.decode()
    with translation.override("en"):
        english = client.post(reverse("login"), {"username": "camille", "password": PASSWORD})
    assert english.status_code == 429 and "Sign-in paused" in english.content.decode()


def test_lockout_by_address_covers_other_accounts(client, caseworker, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{number}", "wrong")
    assert sign_in(client, "camille", PASSWORD).status_code == 429


def test_lockout_by_account_covers_other_addresses(caseworker, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR=f"10.0.0.{number + 1}"), "camille", "wrong")
    assert sign_in(Client(REMOTE_ADDR="10.9.9.9"), "camille", PASSWORD).status_code == 429


def test_a_forged_forwarded_header_does_not_give_a_fresh_address(client, caseworker, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = client.post(reverse("login"), {"username": "other", "password": "x"},
                           HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, caseworker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "camille", "wrong")
    assert sign_in(client, "camille", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME
                                 - datetime.timedelta(minutes=1))
    assert sign_in(client, "camille", PASSWORD).status_code == 302


def test_a_platform_admin_unlocks_and_others_cannot(client, caseworker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "camille", "wrong")
    attempt = AccessAttempt.objects.get()
    admin_client, outsider_client = Client(), Client()
    outsider_client.force_login(make_member(make_organization(), role=MembershipRole.ADMIN))
    assert outsider_client.post(reverse("accounts_lockouts"), {"attempt": attempt.pk}).status_code in (302, 403)
    assert AccessAttempt.objects.exists()
    admin_client.force_login(make_superuser())
    listing = admin_client.get(reverse("accounts_lockouts"))
    assert listing.status_code == 200 and "camille" in listing.content.decode()
    assert admin_client.post(reverse("accounts_lockouts"), {"attempt": attempt.pk}).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "camille", PASSWORD).status_code == 302


def test_lockout_is_logged_without_personal_data(client, caseworker, settings, caplog):
    with caplog.at_level("INFO", logger="passerelle.accounts"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "camille", "wrong")
    messages = [record for record in caplog.records if record.name == "passerelle.accounts"]
    assert any(record.getMessage() == "sign-in locked out" and record.user_id == caseworker.pk
               for record in messages)
    assert all("camille" not in record.getMessage() and "127.0.0.1" not in record.getMessage()
               for record in messages)


def test_a_partner_lands_in_their_workspace(client, caseworker):
    response = sign_in(client, "camille", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("referrals:inbox")


def test_a_safe_next_wins_and_an_outside_one_is_ignored(client, caseworker):
    assert sign_in(client, "camille", PASSWORD, next="/reseau/")["Location"] == "/reseau/"
    client.logout()
    assert sign_in(client, "camille", PASSWORD, next="https://evil.example/")["Location"] == reverse(
        "referrals:inbox")


def test_someone_without_an_organisation_lands_on_the_home_page(client):
    user = make_user("visitor")
    user.set_password(PASSWORD)
    user.save()
    assert sign_in(client, "visitor", PASSWORD)["Location"] == "/"


def test_403_is_bilingual_in_the_site_frame(client):
    client.force_login(make_user())
    response = client.get(reverse("referrals:statistics"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html and '<nav' in html and "403 Forbidden" not in html
    with translation.override("en"):
        english = client.get(reverse("referrals:statistics"))
    assert english.status_code == 403 and "Access denied" in english.content.decode()


def test_csrf_failure_is_a_bilingual_page_in_the_site_frame(caseworker):
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, "camille", PASSWORD)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Le formulaire a expiré" in html and "<nav" in html
    with translation.override("en"):
        english = client.post(reverse("login"), {"username": "camille", "password": PASSWORD})
    assert "The form has expired" in english.content.decode()
