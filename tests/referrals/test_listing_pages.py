"""Inbox and API list pages go forward without counting the whole listing: one row more than the page
tells whether a next page exists."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from referrals import views
from referrals.pagination import UncountedPagination
from tests.factories import make_referral

LIST = "/api/v1/referrals/"


@pytest.fixture
def three_received(world):
    return [make_referral(world.sender_cw, world.sender, world.receiver) for _ in range(3)]


def test_inbox_pages_follow_next_and_previous_without_a_total(client, world, three_received, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.receiver_intake)
    first = client.get(reverse("referrals:inbox")).content.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert sum(referral.short_id in first for referral in three_received) == 2
    second = client.get(reverse("referrals:inbox") + "?page=2").content.decode()
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert sum(referral.short_id in second for referral in three_received) == 1
    assert client.get(reverse("referrals:inbox") + "?page=x").status_code == 200


def test_api_list_pages_have_next_until_the_last_row(world, three_received, monkeypatch):
    monkeypatch.setattr(UncountedPagination, "page_size", 2)
    api = APIClient()
    api.force_authenticate(world.receiver_intake)
    first = api.get(LIST).json()
    assert len(first["results"]) == 2 and first["next"] and first["previous"] is None and "count" not in first
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    seen = {row["id"] for row in first["results"] + second["results"]}
    assert seen == {str(referral.public_id) for referral in three_received}
    assert api.get(LIST + "?page=0").status_code == 200
    assert api.get(LIST + "?page=abc").status_code == 404
