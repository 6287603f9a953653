"""The visitor's search journeys in a real browser, in French and English, on a 360 px phone and a 1280 px
screen: "hopital", "logement", "école", "médecin" find the right organisation or step on the first page, and
"who do I call for a family doctor?" ends on a phone number. axe (WCAG 2.2 AA) at 0 violations on each."""

import pytest

from directory.models import OrganizationKind, PathwayStage, ResponsibilityLevel
from portal.pages import StandardPage
from tests.factories import add_page, make_directory_page, make_organization, make_responsibility, make_step

VIEWPORTS = [{"width": 360, "height": 740}, {"width": 1280, "height": 900}]
# (language prefix, search page heading, who-to-contact path and heading)
LANGUAGES = [
    ("", "Recherche", "/repertoire/qui-contacter/", "Qui contacter pour"),
    ("/en", "Search", "/en/directory/who-to-contact/", "Who do I contact for"),
]
# query → (French answer, English answer) expected among the first page's results
JOURNEYS = {
    "hopital": ("Centre intégré de santé et de services sociaux", "Centre intégré de santé et de services sociaux"),
    "logement": ("Recherche de logement et bail", "Housing search and lease"),
    "école": ("Inscription à l'école", "School enrolment"),
    "médecin": ("Médecin de famille (GAMF)", "Family doctor (GAMF)"),
    "daycare": ("Place en garderie", "Daycare"),
    "food bank": ("Aide alimentaire", "Food aid"),
}
# query → titles never among its results: the food bank ("emergency food aid") and a ministry that names the
# CISSS as a partner once came with "hopital", through too broad synonyms.
UNWANTED = {"hopital": ("Moisson Rimouski-Neigette", "Ministère de l'Immigration")}


@pytest.fixture
def city(transactional_db):
    directory = make_directory_page()
    cisss = make_organization("cisss", name="Centre intégré de santé et de services sociaux", acronym="CISSS",
                              kind=OrganizationKind.STATE, phone="418 555-0102",
                              mandate_fr="Réseau public de santé : hôpital, CLSC, clinique des réfugiés.",
                              mandate_en="Public health network: hospital, local clinics, refugee clinic.")
    school = make_organization("css", name="Centre de services scolaire des Phares", kind=OrganizationKind.STATE,
                               mandate_fr="Écoles publiques et classes d'accueil.", phone="418 555-0103",
                               mandate_en="Public schools and welcome classes.")
    aibsl = make_organization("aibsl", name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL",
                              phone="418 555-0100", mandate_fr="Accueil et installation, logement.",
                              mandate_en="Welcome and settling in, housing.")
    doctor = make_step("medecin-famille", stage=PathwayStage.FIRST_WEEKS, name_fr="Médecin de famille (GAMF)",
                       name_en="Family doctor (GAMF)", keywords_fr="docteur", keywords_en="doctor",
                       description_fr="Inscription au Guichet d'accès à un médecin de famille.",
                       description_en="Registration with the family doctor waiting list.")
    housing = make_step("logement-permanent", stage=PathwayStage.FIRST_WEEKS,
                        name_fr="Recherche de logement et bail", name_en="Housing search and lease")
    enrolment = make_step("inscription-scolaire", stage=PathwayStage.FIRST_WEEKS,
                          name_fr="Inscription à l'école", name_en="School enrolment")
    make_responsibility(cisss, doctor, ResponsibilityLevel.LEAD, note_fr="GAMF", note_en="GAMF")
    make_responsibility(aibsl, doctor, ResponsibilityLevel.SUPPORT)
    make_responsibility(aibsl, housing, ResponsibilityLevel.LEAD)
    make_responsibility(school, enrolment, ResponsibilityLevel.LEAD)
    make_responsibility(cisss, housing, ResponsibilityLevel.INFORMED)
    moisson = make_organization("moisson", name="Moisson Rimouski-Neigette", phone="418 555-0104",
                                mandate_fr="Banque alimentaire régionale, dépannage alimentaire d'urgence.",
                                mandate_en="The regional food bank: emergency food aid.")
    make_organization("mifi", name="Ministère de l'Immigration", acronym="MIFI",
                      mandate_fr="Finance l'entente avec AIBSL, le CISSS et la Ville.",
                      mandate_en="Funds the agreement with AIBSL, the CISSS and the city.")
    cpe = make_organization("cpe", name="Centres de la petite enfance (CPE) de Rimouski", acronym="CPE",
                            name_en="Rimouski early childhood centres (CPE)", phone="418 555-0105")
    daycare = make_step("garderie", stage=PathwayStage.FIRST_MONTHS, name_fr="Place en garderie", name_en="Daycare")
    food = make_step("aide-alimentaire", stage=PathwayStage.ARRIVAL, name_fr="Aide alimentaire", name_en="Food aid")
    make_responsibility(cpe, daycare, ResponsibilityLevel.LEAD)
    make_responsibility(moisson, food, ResponsibilityLevel.LEAD)
    home = directory.get_parent().specific
    add_page(home, StandardPage, title="Se loger à Rimouski", slug="se-loger", intro="Trouver un logement.")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["360px", "1280px"])
@pytest.mark.parametrize(("prefix", "heading", "_contact", "_contact_heading"), LANGUAGES, ids=["fr", "en"])
def test_search_journeys(city, live_server, browser, check_accessibility, viewport, prefix, heading, _contact,
                         _contact_heading):
    context = browser.new_context(locale="fr-CA", bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        check_accessibility(page, page.goto(f"{live_server.url}{prefix}/{'search' if prefix else 'recherche'}/"),
                            heading)
        for query, answers in JOURNEYS.items():
            field = page.locator("#search-q")
            field.fill(query)
            with page.expect_navigation() as navigation:
                field.press("Enter")
            check_accessibility(page, navigation.value, heading)
            results = page.locator(".search-result__title").all_inner_texts()
            expected = answers[1 if prefix else 0]
            assert any(expected in title for title in results), (query, results)
            assert not any(unwanted in title for title in results for unwanted in UNWANTED.get(query, ())), results
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["360px", "1280px"])
@pytest.mark.parametrize(("prefix", "_heading", "contact", "contact_heading"), LANGUAGES, ids=["fr", "en"])
def test_who_to_call_for_a_family_doctor(city, live_server, browser, check_accessibility, viewport, prefix,
                                         _heading, contact, contact_heading):
    context = browser.new_context(locale="fr-CA", bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        check_accessibility(page, page.goto(live_server.url + contact), contact_heading)
        page.locator("#id_q").fill("médecin de famille" if not prefix else "family doctor")
        with page.expect_navigation() as navigation:
            page.locator("#id_q").press("Enter")
        check_accessibility(page, navigation.value, contact_heading)
        answer = page.locator("#answer-heading")
        assert answer.inner_text() == ("Family doctor (GAMF)" if prefix else "Médecin de famille (GAMF)")
        phone = page.locator('a[href="tel:+14185550102"]').first
        assert phone.is_visible() and phone.inner_text() == ("418-555-0102" if prefix else "418 555-0102")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()
