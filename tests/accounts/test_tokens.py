"""API tokens (django-rest-knox): they expire, their owner lists and revokes them in their account, and
they end with the password or the membership."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from directory import services as directory_services
from directory.models import Membership, MembershipRole
from tests.factories import make_admin, make_member, make_organization

pytestmark = pytest.mark.django_db
API = "/api/v1/referrals/"


def api(text):
    return Client(HTTP_AUTHORIZATION=f"Token {text}")


@pytest.fixture
def member():
    organization = make_organization()
    make_admin(organization)
    return make_member(organization, role=MembershipRole.CASEWORKER)


def test_owner_makes_sees_once_lists_and_revokes_a_token(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:account"), {"name": "Import CISSS", "days": 30})
    assert response.status_code == 200
    text = response.context["new_token"]
    assert text and text in response.content.decode()
    token = ApiToken.objects.get(user=member)
    assert token.digest != text and token.name == "Import CISSS"
    assert token.expiry - timezone.now() < datetime.timedelta(days=31)
    assert api(text).get(API).status_code == 200
    listing = client.get(reverse("accounts:account")).content.decode()
    assert "Import CISSS" in listing and text not in listing  # shown once only
    assert client.post(reverse("accounts:token_revoke", args=[token.token_key])).status_code == 302
    assert api(text).get(API).status_code == 401


def test_a_token_cannot_outlive_the_maximum(client, member, settings):
    client.force_login(member)
    response = client.post(reverse("accounts:account"), {"name": "x", "days": settings.API_TOKEN_DAYS + 1})
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_an_expired_token_is_refused(member):
    token, text = ApiToken.objects.create(user=member, name="old", expiry=datetime.timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert api(text).get(API).status_code == 401


def test_nobody_else_revokes_my_token(client, member):
    token, text = ApiToken.objects.create(user=member, name="mine")
    client.force_login(make_member(make_organization()))
    assert client.post(reverse("accounts:token_revoke", args=[token.token_key])).status_code == 404
    assert api(text).get(API).status_code == 200
    client.logout()
    assert client.post(reverse("accounts:token_revoke", args=[token.token_key])).status_code == 302  # sign in


@pytest.mark.parametrize("path", ["remove", "deactivate"])
def test_tokens_end_with_the_membership(member, path):
    _token, text = ApiToken.objects.create(user=member, name="script")
    membership = Membership.objects.get(user=member)
    if path == "remove":
        directory_services.membership_remove(membership=membership)
    else:
        directory_services.membership_update(membership=membership, role=membership.role, is_active=False)
    assert api(text).get(API).status_code == 401


def test_the_schema_describes_token_authentication(client):
    schema = client.get("/api/schema/?format=json").json()
    schemes = schema["components"]["securitySchemes"]
    assert any(scheme.get("type") == "apiKey" and scheme.get("name") == "Authorization"
               for scheme in schemes.values()), schemes
