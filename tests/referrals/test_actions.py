"""One action table: the workspace page and the API are both built from `referrals.actions.ACTIONS`, so an
action added there is offered by both, through the same service."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from referrals.actions import ACTIONS
from referrals.api import ReferralViewSet
from referrals.models import ReferralState

pytestmark = pytest.mark.django_db


def test_every_action_has_a_page_route_and_every_api_action_an_api_route():
    api_routes = {extra.url_path for extra in ReferralViewSet.get_extra_actions()}
    for action in ACTIONS.values():
        assert reverse("referrals:act", args=["00000000-0000-0000-0000-000000000000", action.name])
        if action.api:
            assert action.name in api_routes, action.name
    assert "comments" in api_routes


def test_the_page_offers_the_forms_of_the_table(client, world, sent):
    client.force_login(world.receiver_intake)
    response = client.get(sent.get_absolute_url())
    offered = [action.name for action, _form in response.context["action_forms"]]
    assert offered[:3] == ["accept", "decline", "redirect"] and "withdraw" not in offered
    assert str(ACTIONS["accept"].label) in response.content.decode()


def test_the_same_action_through_the_api_and_its_assignee_by_username(world, sent):
    api = APIClient()
    api.force_authenticate(world.receiver_intake)
    url = f"/api/v1/referrals/{sent.public_id}/accept/"
    response = api.post(url, {"assignee": "alice"}, format="json")  # alice is the sender's caseworker
    assert response.status_code == 400 and "assignee" in response.json()["fields"]
    response = api.post(url, {"assignee": world.receiver_cw.username}, format="json")
    assert response.status_code == 200 and response.json()["state"] == ReferralState.ACCEPTED
    assert response.json()["assigned_to"] == world.receiver_cw.username


def test_api_list_filters_are_a_filterset(world, sent):
    api = APIClient()
    api.force_authenticate(world.receiver_intake)
    assert api.get("/api/v1/referrals/", {"state": "sent"}).json()["results"]
    assert not api.get("/api/v1/referrals/", {"state": "closed"}).json()["results"]
    assert api.get("/api/v1/referrals/", {"overdue": "false"}).json()["results"]
    response = api.get("/api/v1/referrals/", {"state": "nonsense"})
    assert response.status_code == 400 and "state" in response.json()["fields"]
