"""Password reset by e-mail and password change: Django's views, bilingual, in the site's frame; strong
passwords; other sessions and API tokens end."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import ApiToken
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db
OLD, NEW = "Ancien-Mot-De-Passe-2026", "Nouveau-Passe-Rimouski-77"


@pytest.fixture
def person():
    user = make_member(make_organization(), username="dominique", email="dominique@example.org")
    user.set_password(OLD)
    user.save()
    return user


def test_reset_by_email_in_french_then_sign_in_with_the_new_password(client, person):
    page = client.get(reverse("accounts:password_reset"))
    html = page.content.decode()
    assert page.status_code == 200 and "Mot de passe oublié" in html and "<nav" in html
    response = client.post(reverse("accounts:password_reset"), {"email": "dominique@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Passerelle : choisir un nouveau mot de passe"
    assert "dominique" not in message.subject
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choisir un nouveau mot de passe" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    signed = Client().post(reverse("login"), {"username": "dominique", "password": NEW})
    assert signed.status_code == 302


def test_reset_page_and_email_in_english(client, person):
    with translation.override("en"):
        url = reverse("accounts:password_reset")
        assert url.startswith("/en/")
        assert "Forgotten password" in client.get(url).content.decode()
        client.post(url, {"email": "dominique@example.org"})
    assert mail.outbox[0].subject == "Passerelle: choose a new password"


def test_unknown_address_gets_the_same_answer_and_no_email(client, person):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and mail.outbox == []


def test_weak_passwords_are_refused(client, person):
    client.force_login(person)
    for weak in ("motdepasse", "123456789012", "dominique2026"):
        response = client.post(reverse("accounts:password_change"),
                               {"old_password": OLD, "new_password1": weak, "new_password2": weak})
        assert response.status_code == 200, weak  # the form again, with the validator's message
    person.refresh_from_db()
    assert person.check_password(OLD)


def test_changing_the_password_ends_other_sessions_and_tokens(person):
    here, elsewhere = Client(), Client()
    here.force_login(person)
    elsewhere.force_login(person)
    _token, text = ApiToken.objects.create(user=person, name="script")
    response = here.post(reverse("accounts:password_change"),
                         {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert here.get(reverse("accounts:account")).status_code == 200  # this session goes on
    assert elsewhere.get(reverse("accounts:account")).status_code == 302  # to the sign-in page
    assert not ApiToken.objects.filter(user=person).exists()
    api = Client(HTTP_AUTHORIZATION=f"Token {text}")
    assert api.get("/api/v1/referrals/").status_code == 401


def test_sign_in_page_links_to_the_reset(client):
    assert reverse("accounts:password_reset") in client.get(reverse("login")).content.decode()
