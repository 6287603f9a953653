"""The directory in a real browser: accessible (axe, WCAG 2.x AA), no CSP errors, fits a phone."""

import pytest

from directory.models import OrganizationKind, PathwayStage, ResponsibilityLevel
from tests.factories import (
    make_directory_page,
    make_language,
    make_organization,
    make_responsibility,
    make_step,
)

PATHS = [  # (path, a part of its heading)
    ("/repertoire/", "Répertoire"),
    ("/repertoire/matrice/", "Matrice des responsabilités"),
    ("/repertoire/qui-contacter/?step=logement", "Qui contacter pour"),
    ("/repertoire/?kind=community&language=es&step=logement&q=accueil", "Répertoire"),
    ("/repertoire/?q=aucun-resultat", "Répertoire"),
    ("/repertoire/qui-contacter/", "Qui contacter pour"),
    ("/en/directory/who-to-contact/?step=logement", "Who do I contact for"),
    ("/en/directory/?kind=state", "Directory"),
    ("/organismes/aibsl/", "Accueil et Intégration Bas-Saint-Laurent"),
    ("/en/directory/matrix/", "Responsibility matrix"),
    ("/en/organizations/aibsl/", "Accueil et Intégration Bas-Saint-Laurent"),
]


@pytest.fixture
def rows(transactional_db):
    make_directory_page()
    aibsl = make_organization("aibsl", name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL",
                              accepts_referrals=True, referral_intake_email="references@aibsl.example.org",
                              phone="418 555-0100", services_fr="Accueil\nJumelage")
    aibsl.languages.add(make_language("es", "Espagnol", "Spanish"))
    city = make_organization("ville", name="Ville de Rimouski", kind=OrganizationKind.STATE)
    housing = make_step("logement", stage=PathwayStage.FIRST_WEEKS, name_fr="Logement", name_en="Housing")
    daycare = make_step("garderie", stage=PathwayStage.FIRST_MONTHS, name_fr="Garderie", name_en="Daycare")
    make_step("transport", stage=PathwayStage.FIRST_YEAR)
    make_responsibility(aibsl, housing, ResponsibilityLevel.LEAD)
    make_responsibility(city, housing, ResponsibilityLevel.LEAD)
    make_responsibility(aibsl, daycare, ResponsibilityLevel.SUPPORT)
    make_responsibility(city, daycare, ResponsibilityLevel.INFORMED)


def test_directory_pages_are_accessible(rows, live_server, axe_page, check_accessibility):
    for path, heading in PATHS:
        check_accessibility(axe_page, axe_page.goto(live_server.url + path), heading)


def test_directory_pages_load_without_csp_errors(rows, live_server, page, csp_errors):
    for path, _heading in PATHS:
        page.goto(live_server.url + path)
    assert csp_errors == []


def test_matrix_switches_language_and_fits_a_phone(rows, live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    for path in ("/repertoire/", "/repertoire/matrice/", "/organismes/aibsl/"):
        phone.goto(live_server.url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        assert not overflow, f"{path} scrolls sideways at 320 px"
    phone.goto(live_server.url + "/repertoire/matrice/")
    phone.get_by_role("link", name="English").first.click()
    phone.wait_for_url("**/en/**")
    assert phone.locator("h1").inner_text() == "Responsibility matrix"
    phone.goto(live_server.url + "/organismes/aibsl/")
    phone.get_by_role("link", name="English").first.click()
    phone.wait_for_url("**/en/organizations/aibsl/")
    context.close()
