""""Who do I contact?": a question in the visitor's words matched to a pathway step by the site's search; the
lead first with a tel: link and its intake, the single entry point named, supports after, consulted and
informed organisations named but never offered as contacts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import PathwayStage, ResponsibilityLevel
from tests.factories import make_organization, make_responsibility, make_step

pytestmark = pytest.mark.django_db
URL = "/repertoire/qui-contacter/"


@pytest.fixture
def steps():
    cisss = make_organization("cisss", name="CISSS du Bas-Saint-Laurent", phone="418 555-0102",
                              referral_intake_phone="418 555-0199", referral_intake_email="ref@cisss.example.org",
                              referral_instructions_fr="Envoyez la référence par Passerelle.")
    aibsl = make_organization("aibsl", name="AIBSL", phone="418 555-0100")
    mifi = make_organization("mifi", name="MIFI (Francisation Québec)", phone="418 555-0101")
    school = make_organization("css", name="Centre de services scolaire", phone="418 555-0103")
    informed = make_organization("rq", name="Services Québec", phone="418 555-0104")
    make_organization("ferme", name="Organisme fermé", phone="418 555-0105", is_active=False)
    doctor = make_step("medecin-famille", stage=PathwayStage.FIRST_WEEKS, name_fr="Médecin de famille (GAMF)",
                       name_en="Family doctor (GAMF)", keywords_fr="docteur, omnipraticien",
                       description_fr="Inscription au Guichet d'accès à un médecin de famille.")
    french = make_step("francisation", stage=PathwayStage.FIRST_MONTHS, name_fr="Francisation des adultes",
                       name_en="French courses for adults", entry_point=mifi,
                       contact_note_fr="Depuis 2023, Francisation Québec est le guichet unique.",
                       contact_note_en="Since 2023 Francisation Québec has been the single entry point.")
    make_responsibility(cisss, doctor, ResponsibilityLevel.LEAD, note_fr="GAMF")
    make_responsibility(aibsl, doctor, ResponsibilityLevel.SUPPORT)
    make_responsibility(informed, doctor, ResponsibilityLevel.INFORMED)
    make_responsibility(school, french, ResponsibilityLevel.LEAD)  # alphabetically first, but not the entry point
    make_responsibility(mifi, french, ResponsibilityLevel.LEAD)
    make_responsibility(aibsl, french, ResponsibilityLevel.CONSULTED)
    return {"doctor": doctor, "french": french}


def section(html: str, heading: str) -> str:
    """The HTML from a heading to the next one of the same level."""
    part = html.split(heading, 1)[1]
    return re.split(r"<h3", part, maxsplit=1)[0]


@pytest.mark.parametrize("question", ["médecin", "medecin de famille", "docteur", "un DOCTEUR pour ma famille",
                                      "GAMF"])
def test_a_question_finds_the_family_doctor_step_and_its_lead_with_a_phone(client, directory_page, steps, question):
    html = client.get(URL, {"q": question}).content.decode()
    assert '<h2 id="answer-heading">Médecin de famille (GAMF)</h2>' in html, question
    contacts = section(html, "Qui contacter</h3>")
    assert "CISSS du Bas-Saint-Laurent" in contacts and 'href="tel:+14185550102"' in contacts
    assert 'href="tel:+14185550199"' in contacts and "Envoyez la référence par Passerelle." in contacts


def test_supports_after_the_lead_and_informed_never_as_contacts(client, directory_page, steps):
    html = client.get(URL, {"step": "medecin-famille"}).content.decode()
    assert html.index("CISSS du Bas-Saint-Laurent") < html.index("Ils peuvent aussi aider") < html.index("AIBSL")
    involved = section(html, "Aussi concernés (pas des points de contact)</h3>")
    assert "Services Québec" in involved and "tenu informé" in involved
    assert "tel:+14185550104" not in html  # the informed organisation's phone is never offered


def test_single_entry_point_first_with_its_note(client, directory_page, steps):
    html = client.get(URL, {"q": "francisation"}).content.decode()
    assert "Guichet unique" in html and "Depuis 2023, Francisation Québec est le guichet unique." in html
    contacts = section(html, "Qui contacter</h3>")
    assert contacts.index("MIFI (Francisation Québec)") < contacts.index("Centre de services scolaire")
    english = client.get("/en/directory/who-to-contact/", {"q": "French classes"}).content.decode()
    assert "Since 2023 Francisation Québec has been the single entry point." in english


def test_no_match_says_so(client, directory_page, steps):
    response = client.get(URL, {"q": "zzzz"})
    assert response.status_code == 200
    assert "Aucune étape du parcours ne correspond" in response.content.decode()


def test_query_count_is_the_same_with_more_organisations(client, directory_page, steps):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"q": "médecin"}).status_code == 200
        return len(queries)

    count()
    small = count()
    for number in range(6):
        make_responsibility(make_organization(f"soutien-{number}", phone="418 555-0110"), steps["doctor"],
                            ResponsibilityLevel.SUPPORT)
    assert count() == small
