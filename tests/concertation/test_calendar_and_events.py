"""Partners' calendar and private feed; public events proposed by partners through Wagtail moderation."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from concertation.models import CalendarToken, PartnerEvent
from portal.pages import EventPage
from tests.factories import make_calendar, make_home

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_private_feed_per_user_revocable(world):
    world.meeting(title="Rencontre privée de la table")
    PartnerEvent.objects.create(title="Formation TCRI interculturelle", organizer=world.org_b,
                                starts_at=timezone.now() + datetime.timedelta(days=3), place="En ligne")
    alice = client_for(world.alice_cw)
    assert alice.post("/espace-partage/calendrier/adresse/", {"action": "renew"}).status_code == 302
    token = CalendarToken.objects.get(user=world.alice_cw).token
    page = alice.get("/espace-partage/calendrier/").content.decode()
    assert token in page and "Rencontre privée de la table" in page
    feed = Client().get(f"/partner-calendar/{token}.ics")
    body = feed.content.decode()
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "Rencontre privée de la table" in body and "Formation TCRI" in body
    # bob's feed: the training for all partners, not the table's meeting
    bob = client_for(world.bob)
    bob.post("/en/shared-space/calendar/address/", {"action": "renew"})
    bob_body = Client().get(f"/partner-calendar/{CalendarToken.objects.get(user=world.bob).token}.ics").content
    assert b"Formation TCRI" in bob_body and b"Rencontre priv" not in bob_body
    # renewing revokes the old address; revoking removes it
    alice.post("/espace-partage/calendrier/adresse/", {"action": "renew"})
    assert Client().get(f"/partner-calendar/{token}.ics").status_code == 404
    alice.post("/espace-partage/calendrier/adresse/", {"action": "revoke"})
    assert not CalendarToken.objects.filter(user=world.alice_cw).exists()
    assert Client().get("/partner-calendar/not-a-token-at-all-123456.ics").status_code == 404


def test_calendar_page_is_for_partners(world):
    assert Client().get("/espace-partage/calendrier/").status_code == 302
    from tests.factories import make_user

    assert client_for(make_user("nobody")).get("/espace-partage/calendrier/").status_code == 403


def test_partner_events_never_in_the_public_feed(world):
    home, _ = make_home()
    calendar = make_calendar(home)
    world.meeting(title="Rencontre privée", visibility="partners")
    PartnerEvent.objects.create(title="Formation privée", organizer=world.org_a,
                                starts_at=timezone.now() + datetime.timedelta(days=3))
    body = Client().get(calendar.url + "ics/").content.decode()
    assert "Rencontre privée" not in body and "Formation privée" not in body


def test_a_proposed_event_waits_for_an_editor_then_shows_its_organisation(world):
    from wagtail.models import TaskState

    home, _ = make_home()
    calendar = make_calendar(home)
    client = client_for(world.alice_cw)
    response = client.post("/espace-partage/activites/proposer/", {
        "title": "Soirée de jumelage", "organizer": world.org_a.pk, "start": "2026-12-12T18:30",
        "place": "Maison des familles", "summary": "Rencontre entre familles et bénévoles."})
    assert response.status_code == 302
    page = EventPage.objects.get(title="Soirée de jumelage")
    assert not page.live and page.organizer == world.org_a
    assert page.slug == "soiree-de-jumelage"  # an ASCII address
    assert page.current_workflow_state is not None
    assert Client().get(calendar.url).content.decode().count("Soirée de jumelage") == 0
    # a platform editor approves it in Wagtail's admin
    from tests.factories import make_superuser

    editor = make_superuser("editor")
    task_state = TaskState.objects.get(workflow_state=page.current_workflow_state, status="in_progress")
    task_state.task.specific.on_action(task_state, editor, "approve")
    page.refresh_from_db()
    assert page.live
    public = Client().get(page.url).content.decode()
    assert "Soirée de jumelage" in public and world.org_a.get_absolute_url() in public


def test_one_may_propose_only_for_ones_own_organisation(world):
    make_calendar(make_home()[0])
    response = client_for(world.bob).post("/espace-partage/activites/proposer/", {
        "title": "X", "organizer": world.org_a.pk, "start": "2026-12-12T18:30", "place": "Y", "summary": "Z"})
    assert response.status_code == 200 and not EventPage.objects.filter(title="X").exists()
    assert Client().get("/espace-partage/activites/proposer/").status_code == 302
