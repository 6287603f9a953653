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


def test_api_pages_hold_25_by_default_and_page_size_from_1_to_100(world, three_received):
    """As in the workspace, 25 a page (DRF's project-wide 50 before); `page_size` chooses another length, kept
    in `next`; a length outside 1–100 or not a number is a 400 naming the parameter, never a silent default."""
    assert UncountedPagination.page_size == 25
    api = APIClient()
    api.force_authenticate(world.receiver_intake)
    first = api.get(LIST, {"page_size": "2"}).json()
    assert len(first["results"]) == 2 and "page_size=2" in first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert len(api.get(LIST, {"page_size": "100"}).json()["results"]) == 3
    for given in ("0", "101", "-1", "abc", "", "2.5", "\uff12", "9" * 5000):
        response = api.get(LIST, {"page_size": given})
        assert response.status_code == 400, given
        assert "100" in response.json()["fields"]["page_size"][0]


def test_the_schema_declares_the_page_size_bounds(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameter = next(p for p in schema["paths"]["/api/v1/referrals/"]["get"]["parameters"] if p["name"] == "page_size")
    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}


def test_tab_counts_and_page_ids_in_one_statement_match_the_two_statements(world, django_assert_num_queries):
    """The unfiltered inbox and outbox read every tab's count and the page's ids in one statement (window
    counts over the box, the chosen tab's rows first): the same ids and counts as counting, then listing."""
    from django.utils import timezone

    from referrals import listing
    from referrals.models import Referral

    referrals = [make_referral(world.sender_cw, world.sender, world.receiver) for _ in range(5)]
    Referral.objects.filter(pk__in=[referrals[0].pk, referrals[1].pk]).update(state="accepted")
    Referral.objects.filter(pk=referrals[2].pk).update(state="accepted", assigned_to=world.receiver_intake)
    Referral.objects.filter(pk=referrals[3].pk).update(state="completed")
    today = timezone.localdate()
    for box, user, organization in (("inbox", world.receiver_intake, world.receiver),
                                    ("outbox", world.sender_cw, world.sender)):
        whole = Referral.objects.visible_to(user).for_cards()
        whole = whole.received_by(organization) if box == "inbox" else whole.sent_by(organization)
        tabs = listing.tabs_for(box)
        expected_counts = listing.tab_counts(whole, tabs, user=user, today=today)
        for tab in tabs:
            ordered = listing.by_urgency_of_action(whole.filter(tab.condition(user, today)), box=box, today=today)
            for start in (0, 2, 4):
                expected = list(ordered.values_list("pk", flat=True)[start:start + 3])
                with django_assert_num_queries(1):
                    found = listing.page_ids_with_counts(whole, tabs, tab, user=user, today=today, start=start,
                                                         stop=start + 3, box=box)
                if found is None:  # past the box's end: the view counts the usual way
                    assert start >= Referral.objects.count() and expected == []
                    continue
                assert found == (expected, expected_counts), (box, tab.slug, start)


def test_an_inbox_page_past_the_end_still_counts_the_tabs(client, world, three_received):
    client.force_login(world.receiver_intake)
    body = client.get(reverse("referrals:inbox") + "?page=9").content.decode()
    assert '<span class="rf-count">3</span>' in body  # "To answer": the three sent
