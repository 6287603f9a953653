"""Partnerships in the Wagtail admin: a snippet with its members inline, for platform admins only."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_organization, make_partnership, make_user

pytestmark = pytest.mark.django_db
URL = "/admin/snippets/network/partnership/"


def test_admin_lists_and_creates_partnerships_with_members(client):
    aibsl, cisss = make_organization("aibsl", acronym="AIBSL"), make_organization("cisss", kind="state")
    make_partnership([aibsl, cisss], name="Clinique des réfugiés")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "not-a-real-password-1")
    client.force_login(admin)
    listing = client.get(URL)
    assert listing.status_code == 200 and "Clinique des réfugiés" in listing.content.decode()
    response = client.post(URL + "add/", {
        "name_fr": "Francisation", "name_en": "French classes", "slug": "francisation", "kind": "service",
        "description_fr": "", "description_en": "", "since": "2017-08-28", "until": "", "is_public": "on",
        "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "2",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-organization": aibsl.pk, "members-0-role_fr": "", "members-0-role_en": "", "members-0-ORDER": "1",
        "members-1-organization": cisss.pk, "members-1-role_fr": "", "members-1-role_en": "", "members-1-ORDER": "2",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    from network.models import Partnership

    assert Partnership.objects.get(slug="francisation").members.count() == 2


def test_admin_is_closed_to_anonymous_and_plain_members(client):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(make_user("member", make_organization("moisson")))
    assert client.get(URL).status_code in (302, 403)
