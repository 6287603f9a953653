"""Public pages in French and English: the directory, role pages, the matrix, its CSV, who to contact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import OrganizationKind, PathwayStage, ResponsibilityLevel
from tests.factories import make_language, make_organization, make_responsibility, make_sector, make_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    health = make_sector("sante", "Santé", "Health")
    spanish = make_language("es", "Espagnol", "Spanish")
    cisss = make_organization(
        "cisss", name="CISSS du Bas-Saint-Laurent", kind=OrganizationKind.STATE, accepts_referrals=True,
        referral_intake_email="references@cisss.example.org", mandate_en="Regional health network.",
        mandate_fr="Réseau régional de santé.",
    )
    cisss.sectors.add(health)
    aibsl = make_organization("aibsl", name="AIBSL", former_name="Ancien nom", services_fr="Accueil\nJumelage")
    aibsl.languages.add(spanish)
    make_organization("ferme", name="Organisme fermé", is_active=False)
    clinic = make_step("bilan-sante", stage=PathwayStage.FIRST_WEEKS, name_fr="Bilan de santé", name_en="Health check")
    daycare = make_step("garderie", stage=PathwayStage.FIRST_MONTHS, name_fr="Garderie", name_en="Daycare")
    make_responsibility(cisss, clinic, ResponsibilityLevel.LEAD, note_fr="Clinique des réfugiés")
    make_responsibility(aibsl, clinic, ResponsibilityLevel.SUPPORT)
    make_responsibility(aibsl, daycare, ResponsibilityLevel.CONSULTED)
    return {"cisss": cisss, "aibsl": aibsl, "clinic": clinic, "daycare": daycare}


def test_role_page_in_french_and_english(client, rows, directory_page):
    response = client.get("/organismes/cisss/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in body and "Réseau régional de santé." in body
    assert "Porteur" in body and "Bilan de santé" in body and "Clinique des réfugiés" in body
    assert "references@cisss.example.org" in body
    assert "/repertoire/matrice/" in body
    body = client.get("/en/organizations/cisss/").content.decode()
    assert '<html lang="en">' in body and "Regional health network." in body and "Health check" in body
    assert "/en/directory/matrix/" in body


def test_role_page_of_inactive_or_unknown_organisation_is_404(client, rows):
    assert client.get("/organismes/ferme/").status_code == 404
    assert client.get("/organismes/personne/").status_code == 404


def test_role_page_works_without_the_directory_page(client, rows):
    response = client.get("/organismes/aibsl/")
    assert response.status_code == 200 and "Ancien nom" in response.content.decode()


def test_absolute_url_follows_the_language(rows):
    from django.utils import translation

    assert rows["aibsl"].get_absolute_url() == "/organismes/aibsl/"
    with translation.override("en"):
        assert rows["aibsl"].get_absolute_url() == "/en/organizations/aibsl/"


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_role_page_queries_do_not_grow(client, rows, directory_page):
    client.get("/organismes/cisss/")  # warm Wagtail's site-root cache, as in any running server
    small = _count_queries(client, "/organismes/cisss/")
    for index in range(6):
        step = make_step(f"extra-{index}", order=10 + index)
        make_responsibility(rows["cisss"], step, ResponsibilityLevel.values[index % 4])
        make_responsibility(make_organization(), step, ResponsibilityLevel.LEAD)
    rows["cisss"].languages.add(make_language("ar", "Arabe", "Arabic"), make_language("sw", "Swahili", "Swahili"))
    client.get("/organismes/cisss/")  # the data changed: the ego network's cache is rebuilt once
    assert _count_queries(client, "/organismes/cisss/") == small


def test_matrix_page_queries_do_not_grow(client, rows, directory_page):
    client.get("/repertoire/matrice/")
    small = _count_queries(client, "/repertoire/matrice/")
    for _index in range(6):
        organization = make_organization()
        for step in (rows["clinic"], rows["daycare"]):
            make_responsibility(organization, step, ResponsibilityLevel.LEAD)
    assert _count_queries(client, "/repertoire/matrice/") == small


def test_directory_index_filters(client, rows, directory_page):
    body = client.get("/repertoire/").content.decode()
    assert "CISSS du Bas-Saint-Laurent" in body and "AIBSL" in body and "Organisme fermé" not in body
    assert "AIBSL" not in client.get("/repertoire/?kind=state").content.decode()
    assert "AIBSL" not in client.get("/repertoire/?sector=sante").content.decode()
    assert "CISSS" not in client.get("/repertoire/?language=es").content.decode()
    assert "AIBSL" in client.get("/repertoire/?step=garderie").content.decode()
    assert "CISSS" not in client.get("/repertoire/?step=garderie").content.decode()
    assert "CISSS" not in client.get("/repertoire/?q=aib").content.decode()
    assert client.get("/repertoire/?kind=nonsense").status_code == 200  # an invalid filter shows its error
    assert "Health" in client.get("/en/directory/").content.decode()


def test_matrix_page_shows_gaps_and_overlaps_in_words_and_a_real_table(client, rows, directory_page):
    body = client.get("/repertoire/matrice/").content.decode()
    assert "<caption" in body and 'scope="col"' in body and 'scope="row"' in body
    assert "Trous\u00a0: les étapes que personne ne porte" in body
    gaps_section = body.split("Trous\u00a0: les étapes")[1].split("Chevauchements")[0]
    assert "Garderie" in gaps_section and "Bilan de santé" not in gaps_section
    assert '<abbr class="level level--lead" title="Porteur">P</abbr>' in body
    english = client.get("/en/directory/matrix/?stage=first_months").content.decode()
    assert "Gaps: steps nobody leads" in english and "Daycare" in english and "Health check" not in english
    assert '<abbr class="level level--lead"' not in english  # only the daycare row, which has no lead


def test_matrix_csv_uses_the_same_filters(client, rows, directory_page):
    response = client.get("/repertoire/matrice/csv/?stage=first_weeks")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Phase,Étape,")
    assert len(lines) == 2 and "Bilan de santé" in lines[1] and "Porteur" in lines[1]
    english = client.get("/en/directory/matrix/csv/?kind=state").content.decode("utf-8-sig").splitlines()
    assert english[0] == "Stage,Step,CISSS du Bas-Saint-Laurent,Status"
    assert "Gap" in english[2] or "Unassigned" in english[2]


def test_matrix_csv_never_carries_a_live_formula(client, rows, directory_page):
    """An organisation name typed by its admin goes through the one CSV writer that neutralises formulas."""
    trap = make_organization("piege", name='=HYPERLINK("http://evil.example","x")')
    make_responsibility(trap, make_step("piege-etape"), ResponsibilityLevel.SUPPORT)
    header = client.get("/repertoire/matrice/csv/").content.decode("utf-8-sig").splitlines()[0]
    assert '"\'=HYPERLINK(""http://evil.example"",""x"")"' in header


def test_who_to_contact(client, rows, directory_page):
    body = client.get("/repertoire/qui-contacter/?step=bilan-sante").content.decode()
    assert "CISSS du Bas-Saint-Laurent" in body and "Qui contacter" in body and "Ils peuvent aussi aider" in body
    body = client.get("/en/directory/who-to-contact/?step=garderie").content.decode()
    assert "No organisation leads this step yet" in body
    assert client.get("/repertoire/qui-contacter/?step=nowhere").status_code == 200


def test_directory_page_is_in_the_menu(directory_page):
    assert directory_page.show_in_menus and directory_page.get_parent().specific_class.__name__ == "HomePage"


def test_role_page_names_the_organisations_sharing_a_lead(client, rows):
    make_responsibility(rows["aibsl"], rows["clinic"], ResponsibilityLevel.LEAD)
    body = client.get("/organismes/cisss/").content.decode()
    assert "Rôle de porteur partagé avec\u00a0:" in body and 'href="/organismes/aibsl/"' in body


def test_sitemap_lists_the_routes_and_role_pages(client, rows, directory_page):
    body = client.get("/sitemap.xml").content.decode()
    assert "/repertoire/matrice/</loc>" in body and "/organismes/cisss/</loc>" in body
    assert "/organismes/ferme/" not in body


def test_directory_index_queries_do_not_grow(client, rows, directory_page):
    client.get("/repertoire/")
    small = _count_queries(client, "/repertoire/")
    for _index in range(6):
        organization = make_organization()
        organization.sectors.add(make_sector())
        organization.languages.add(make_language())
    assert _count_queries(client, "/repertoire/") == small


def test_language_switcher_on_routes_reaches_the_translated_route_with_its_filters(client, rows, directory_page):
    """The English page has its own slug (/en/directory/): the switcher must not map /repertoire/matrice/ to a
    path that does not exist under /en/."""
    body = client.get("/repertoire/matrice/?stage=arrival").content.decode()
    assert 'href="/en/directory/matrix/?stage=arrival" hreflang="en"' in body
    body = client.get("/en/directory/who-to-contact/?step=garderie").content.decode()
    assert 'href="/repertoire/qui-contacter/?step=garderie" hreflang="fr"' in body
    assert client.get("/en/directory/matrix/?stage=arrival").status_code == 200

