"""Concertation tables: meetings, decisions and actions for three personas; the matrix and role page
show the tables' work; the action plan prints and exports; owners are reminded before due dates."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from concertation import services
from concertation.models import ActionItem, ActionStatus, Meeting
from directory.models import ResponsibilityLevel
from tests.factories import make_responsibility

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_meeting_three_personas(world):
    meeting = world.meeting(agenda="Accueil\nLogement")
    url = f"/espace-partage/rencontres/{meeting.pk}/"
    page = client_for(world.alice_cw).get(url)
    assert page.status_code == 200 and "Logement" in page.content.decode()
    assert client_for(world.alice_cw).get(f"/en/shared-space/meetings/{meeting.pk}/").status_code == 200
    assert client_for(world.bob).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page
    assert client_for(world.alice).get("/api/v1/meetings/").json()["count"] == 1
    assert client_for(world.bob).get("/api/v1/meetings/").json()["count"] == 0
    assert client_for(world.bob).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    assert Client().get("/api/v1/meetings/").status_code in (401, 403)


def test_a_meeting_shared_with_all_partners(world):
    meeting = world.meeting(visibility="partners")
    assert client_for(world.bob).get(f"/espace-partage/rencontres/{meeting.pk}/").status_code == 200
    assert Client().get(f"/api/v1/meetings/{meeting.pk}/").status_code in (401, 403)


def test_action_three_personas(world):
    action = world.action()
    for user, expected in ((world.alice_cw, 200), (world.bob, 404)):
        assert client_for(user).get(f"/api/v1/actions/{action.pk}/").status_code == expected
    assert Client().get(f"/api/v1/actions/{action.pk}/").status_code in (401, 403)
    plan = f"/espace-partage/tables/{world.table.slug}/plan/{action.due_date.year}/"
    assert action.text in client_for(world.alice_cw).get(plan).content.decode()
    assert client_for(world.bob).get(plan).status_code == 404
    assert Client().get(plan).status_code == 302


def test_the_owner_updates_the_status_an_outsider_cannot(world):
    action = world.action(visibility="partners")
    response = client_for(world.bob).patch(f"/api/v1/actions/{action.pk}/", {"status": "done"},
                                           content_type="application/json")
    assert response.status_code == 403
    response = client_for(world.alice_cw).post(f"/espace-partage/actions/{action.pk}/etat/", {"status": "in_progress"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    response = client_for(world.alice_cw).patch(f"/api/v1/actions/{action.pk}/", {"status": "done"},
                                                content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"


def test_only_the_tables_people_run_it(world):
    client = client_for(world.bob)
    assert client.get(f"/espace-partage/tables/{world.table.slug}/rencontres/nouvelle/").status_code == 404
    with pytest.raises(services.ConcertationError):
        services.action_create(user=world.bob, table=world.table, text="x", owner=world.org_b)
    # a caseworker of a seated organisation reads the table but does not run it
    assert client_for(world.alice_cw).get(
        f"/espace-partage/tables/{world.table.slug}/rencontres/nouvelle/").status_code == 403


def test_run_a_meeting_from_the_workspace(world):
    client = client_for(world.alice)
    minutes = world.document("members", collection=world.collection_table, title="Procès-verbal du 4 mars")
    response = client.post(f"/espace-partage/tables/{world.table.slug}/rencontres/nouvelle/", {
        "title": "Rencontre de mars", "starts_at": "2026-03-04T13:30", "ends_at": "2026-03-04T15:30",
        "place": "AIBSL, salle 2", "agenda": "Places en garderie\nRecherche de logement", "minutes": minutes.pk,
        "visibility": "members", f"attendance_{world.org_a.pk}": "present",
        f"attendance_{world.table.pk}": "present"})
    meeting = Meeting.objects.get(title="Rencontre de mars")
    assert response.status_code == 302 and meeting.minutes == minutes
    assert set(meeting.attendance.values_list("organization__slug", "status")) == {
        ("org-a", "present"), ("table-test", "present")}
    response = client.post(f"/espace-partage/tables/{world.table.slug}/decisions/nouvelle/", {
        "text": "Créer un comité garderie", "decided_on": "2026-03-04", "meeting": meeting.pk,
        "step": world.step.pk, "visibility": "partners"})
    assert response.status_code == 302
    decision = meeting.decisions.get()
    response = client.post(f"/espace-partage/tables/{world.table.slug}/actions/nouvelle/", {
        "text": "Recenser les places en CPE", "owner": world.org_a.pk, "due_date": "2026-06-30",
        "decision": decision.pk, "visibility": "partners"})
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.step == world.step and action.decision == decision
    page = client.get(f"/espace-partage/rencontres/{meeting.pk}/").content.decode()
    assert "Créer un comité garderie" in page and "Recenser les places en CPE" in page


def test_meeting_form_errors_by_the_field(world):
    response = client_for(world.alice).post(f"/espace-partage/tables/{world.table.slug}/rencontres/nouvelle/", {
        "title": "Sans lieu", "starts_at": "2026-03-04T13:30", "visibility": "members"})
    assert response.status_code == 200
    assert "Indiquez un lieu ou un lien de visioconférence." in response.content.decode()


def test_matrix_shows_open_actions_and_last_decision_on_gaps(world, directory_page):
    make_responsibility(world.org_a, world.step, ResponsibilityLevel.SUPPORT)  # a gap: nobody leads
    world.decision(text="Ancienne décision", step=world.step, visibility="partners")
    services.decision_record(user=world.alice, table=world.table, text="Dernière décision garderie",
                             decided_on=datetime.date(2026, 5, 1), step=world.step, visibility="partners")
    world.action(text="Action garderie partagée", step=world.step, visibility="partners")
    world.action(text="Action garderie interne", step=world.step)
    world.action(text="Action close", step=world.step, visibility="partners").__class__.objects.filter(
        text="Action close").update(status=ActionStatus.DONE)
    alice = client_for(world.alice).get("/repertoire/matrice/").content.decode()
    assert "Dernière décision garderie" in alice and "Ancienne décision" not in alice
    assert "Action garderie partagée" in alice and "Action garderie interne" in alice and "Action close" not in alice
    bob = client_for(world.bob).get("/repertoire/matrice/").content.decode()
    assert "Action garderie partagée" in bob and "Action garderie interne" not in bob
    anonymous = Client().get("/repertoire/matrice/").content.decode()
    assert "Action garderie" not in anonymous and "Dernière décision" not in anonymous


def test_matrix_work_costs_a_fixed_number_of_queries(world, directory_page, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_responsibility(world.org_a, world.step, ResponsibilityLevel.SUPPORT)
    client = client_for(world.alice)
    world.action(step=world.step)
    client.get("/repertoire/matrice/")
    with CaptureQueriesContext(connection) as small:
        client.get("/repertoire/matrice/")
    for number in range(10):
        world.action(text=f"Action {number}", step=world.step)
        world.decision(text=f"Décision {number}", step=world.step)
    with CaptureQueriesContext(connection) as large:
        client.get("/repertoire/matrice/")
    assert len(large) == len(small)


def test_role_page_shows_the_actions_its_organisation_carries(world):
    world.action(text="Action partagée de A", visibility="partners")
    world.action(text="Action interne de A")
    url = world.org_a.get_absolute_url()
    assert "Action interne de A" in client_for(world.alice_cw).get(url).content.decode()
    bob = client_for(world.bob).get(url).content.decode()
    assert "Action partagée de A" in bob and "Action interne de A" not in bob
    assert "Action partagée de A" not in Client().get(url).content.decode()


def test_action_plan_csv_neutralises_formulas(world):
    world.action(text="=HYPERLINK(\"http://x\")", due_date=datetime.date(2026, 9, 1))
    response = client_for(world.alice).get(f"/espace-partage/tables/{world.table.slug}/plan/2026.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Action" or rows[0][0] == "Action"
    assert rows[1][0].startswith("'=") and rows[1][1] == "Organisme A"
    assert client_for(world.bob).get(f"/espace-partage/tables/{world.table.slug}/plan/2026.csv").status_code == 404


def test_owners_are_reminded_once_before_the_due_date(world, settings):
    settings.ACTION_REMINDER_DAYS = 7
    world.alice.email = "alice@example.org"
    world.alice.save()
    soon = world.action(text="Bientôt dû", due_date=timezone.localdate() + datetime.timedelta(days=3))
    world.action(text="Plus tard", due_date=timezone.localdate() + datetime.timedelta(days=30))
    call_command("remind_action_items", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    assert "Bientôt dû" in mail.outbox[0].body and "Plus tard" not in mail.outbox[0].body
    call_command("remind_action_items", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # never twice for the same due date
    ActionItem.objects.filter(pk=soon.pk).update(due_date=timezone.localdate() + datetime.timedelta(days=5))
    call_command("remind_action_items", "--queue", stdout=io.StringIO())  # immediate backend in tests
    assert len(mail.outbox) == 2


def test_table_page_three_personas(world):
    url = f"/espace-partage/tables/{world.table.slug}/"
    assert client_for(world.alice_cw).get(url).status_code == 200
    assert client_for(world.bob).get(url).status_code == 404
    assert Client().get(url).status_code == 302
