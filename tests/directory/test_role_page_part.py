"""A role page's body is one cached part per content version, language and organisation (issue 8): a change
shows on the next request, what a signed-in partner sees (the "refer" link, the concertation's actions) never
enters it, and a warm page runs no query whatever the organisation's size."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import ResponsibilityLevel
from tests.concertation.factories import World as ConcertationWorld
from tests.factories import (
    World,
    make_language,
    make_organization,
    make_partnership,
    make_responsibility,
    make_sector,
    make_step,
)

pytestmark = pytest.mark.django_db


def _page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def test_a_change_shows_on_the_next_request(parts_cached):
    organization = make_organization("cpe", name="CPE des Marées", mandate_fr="Garde éducative.")
    client = Client()
    html, _queries = _page(client, "/organismes/cpe/")
    assert "Garde éducative." in html and "Service de garde" not in html
    organization.mandate_fr = "Garde éducative à contribution réduite."
    organization.save()
    make_responsibility(organization, make_step("garderie", name_fr="Service de garde"), ResponsibilityLevel.LEAD)
    organization.sectors.add(make_sector("famille", "Famille", "Family"))
    html, _queries = _page(client, "/organismes/cpe/")
    assert "Garde éducative à contribution réduite." in html and "Service de garde" in html and "Famille" in html


def test_the_part_holds_each_language_and_organisation(parts_cached):
    make_organization("cpe", name="CPE des Marées", name_en="Tides Daycare", mandate_fr="Garde.", mandate_en="Care.")
    make_organization("autre", name="Autre organisme", mandate_fr="Autre mandat.")
    client = Client()
    assert "CPE des Marées" in _page(client, "/organismes/cpe/")[0]
    english, _queries = _page(client, "/en/organizations/cpe/")
    assert "Tides Daycare" in english and "Care." in english and "Garde." not in english
    other, _queries = _page(client, "/organismes/autre/")
    assert "Autre mandat." in other and "CPE des Marées" not in other
    assert client.get("/organismes/inconnu/").status_code == 404


def test_a_partners_refer_link_never_enters_the_shared_part(parts_cached):
    world = World()
    world.receiver.accepts_referrals = True
    world.receiver.save()
    partner = Client()
    partner.force_login(world.sender_cw)
    assert "rf-refer-link" in _page(partner, "/organismes/cisss-t/")[0]  # signed in first: the part is drawn now
    anonymous, _queries = _page(Client(), "/organismes/cisss-t/")
    assert "rf-refer-link" not in anonymous and "refer-link-->" not in anonymous
    assert "accepte les références" in anonymous
    html, _queries = _page(partner, "/organismes/cisss-t/")  # from the part: the link still in its place
    assert html.index("rf-refer-link") < html.index('id="mandate-heading"')


def test_a_partners_concertation_actions_never_enter_the_shared_part(parts_cached):
    world = ConcertationWorld()
    world.action(text="Action garderie partagée", step=world.step, visibility="partners")
    alice = Client()
    alice.force_login(world.alice)
    assert "Action garderie partagée" in _page(alice, "/organismes/org-a/")[0]
    anonymous, _queries = _page(Client(), "/organismes/org-a/")
    assert "Organisme A" in anonymous and "Action garderie" not in anonymous


def test_a_warm_role_page_runs_no_query_at_two_sizes(parts_cached):
    organization = make_organization("cpe", name="CPE des Marées")
    make_responsibility(organization, make_step("garderie"), ResponsibilityLevel.LEAD)
    client = Client()
    _page(client, "/organismes/cpe/")  # the first page ever served creates the footer's settings row
    _page(client, "/organismes/cpe/")
    _html, small = _page(client, "/organismes/cpe/")
    for number in range(8):
        step = make_step(f"etape-{number}", order=number + 1, name_fr=f"Étape {number}")
        make_responsibility(organization, step, ResponsibilityLevel.values[number % 4])
        make_responsibility(make_organization(f"autre-{number}"), step, ResponsibilityLevel.LEAD)
        make_partnership([organization, make_organization(f"partenaire-{number}")], name=f"Entente {number}")
    organization.languages.add(make_language("ar", "Arabe", "Arabic"), make_language("sw", "Swahili", "Swahili"))
    _page(client, "/organismes/cpe/")  # the data changed: the parts are drawn again once
    html, large = _page(client, "/organismes/cpe/")
    assert "Étape 7" in html and "Swahili" in html
    assert small == large == [], large
