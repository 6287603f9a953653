"""Access and rectification requests: an organisation admin finds every referral of their organisation
concerning a named person (search by POST, never in the URL), gets a printable page, and each referral shown
is in the access log."""

import pytest
from django.urls import reverse

from referrals.audit import AccessAction, AccessLog
from tests.factories import World, make_referral, make_superuser, person_data

pytestmark = pytest.mark.django_db
URL = "privacy:access_request"


@pytest.fixture
def world():
    world = World()
    world.mine = make_referral(world.sender_cw, world.sender, world.receiver,
                               person=person_data(full_name="Amani Fictive-Exemple", contact="418-555-0199"))
    world.again = make_referral(world.sender_cw, world.sender, world.third,
                                person=person_data(full_name="Amani Fictive-Exemple"))
    world.elsewhere = make_referral(world.third_cw, world.third, world.receiver,
                                    person=person_data(full_name="Amani Fictive-Exemple"))
    world.someone_else = make_referral(world.sender_cw, world.sender, world.receiver,
                                       person=person_data(full_name="Jean Autre"))
    return world


def test_anonymous_is_sent_to_sign_in(client, world):
    assert client.post(reverse(URL), {"name": "Amani"}).status_code == 302
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


@pytest.mark.parametrize("persona", ["third_cw", "sender_cw"])
def test_caseworkers_are_refused(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {"organization": world.sender.pk, "name": "Amani"}).status_code == 403
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_platform_admin_without_an_organisation_is_refused(client, world):
    client.force_login(make_superuser())
    assert client.post(reverse(URL), {"organization": world.sender.pk, "name": "Amani"}).status_code == 403


def test_organisation_admin_gets_every_referral_of_their_organisation_and_it_is_logged(client, world):
    client.force_login(world.sender_admin)
    assert client.get(reverse(URL)).status_code == 200
    response = client.post(reverse(URL), {"organization": world.sender.pk, "name": "amani fictive"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Amani Fictive-Exemple") == 2 and "418-555-0199" in html
    assert "Jean Autre" not in html
    assert set(response.context["referrals"]) == {world.mine, world.again}  # not the third's own referral
    logged = AccessLog.objects.filter(action=AccessAction.EXPORT, user=world.sender_admin)
    assert set(logged.values_list("referral_id", flat=True)) == {world.mine.pk, world.again.pk}
    assert all("Amani" not in entry.detail for entry in logged)
    assert response["Referrer-Policy"] == "same-origin"


def test_an_admin_cannot_ask_for_another_organisation(client, world):
    client.force_login(world.sender_admin)
    response = client.post(reverse(URL), {"organization": world.third.pk, "name": "Amani"})
    assert response.status_code == 400 and response.context["referrals"] is None
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_name_never_goes_in_the_url(client, world):
    client.force_login(world.sender_admin)
    page = client.get(reverse(URL)).content.decode()
    assert 'method="post"' in page
    assert client.get(reverse(URL), {"name": "Amani"}).context["referrals"] is None
