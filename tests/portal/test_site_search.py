"""One search for everything public: organisations, pathway steps, pages, practices and events, accents and
case ignored, stemmed, with the synonyms of portal/search_synonyms.json; never anything non-public."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concertation.models import PartnerEvent
from portal.pages import StandardPage
from portal.search import build_query, clean_query, fold, synonyms_of
from tests.factories import (
    add_page,
    local,
    make_calendar,
    make_directory_page,
    make_event,
    make_organization,
    make_practice,
    make_practice_index,
    make_responsibility,
    make_step,
)

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return [unescape(title) for title in re.findall(r'class="search-result__title"><a href="[^"]*">([^<]+)</a>', html)]


def groups(html: str) -> dict[str, int]:
    return {key: int(count) for key, count in re.findall(r'<h3 id="results-([a-z]+)">[^<(]+\((\d+)\)</h3>', html)}


@pytest.fixture
def city():
    directory = make_directory_page()
    home = directory.get_parent().specific
    cisss = make_organization("cisss", name="Centre intégré de santé et de services sociaux", acronym="CISSS",
                              mandate_fr="Réseau public de santé : hôpital, CLSC, clinique des réfugiés.",
                              mandate_en="Public health network: hospital, local clinics, refugee clinic.",
                              phone="418 555-0101")
    school = make_organization("css", name="Centre de services scolaire des Phares",
                               mandate_fr="Les écoles primaires et secondaires publiques.",
                               mandate_en="Public primary and secondary schools.")
    # The demo's wording: the food bank's "emergency food aid" and a ministry that names the CISSS as a
    # partner once brought both to "hopital" (through the synonyms 'urgence'/'emergency' and 'CISSS').
    moisson = make_organization("moisson", name="Moisson Rimouski-Neigette",
                                mandate_fr="Banque alimentaire régionale, dépannage alimentaire d'urgence.",
                                mandate_en="The regional food bank: emergency food aid.")
    make_organization("mifi", name="Ministère de l'Immigration", acronym="MIFI",
                      mandate_fr="Finance l'entente avec AIBSL, le CISSS et la Ville.",
                      mandate_en="Funds the agreement with AIBSL, the CISSS and the city.")
    cpe = make_organization("cpe", name="Centres de la petite enfance (CPE) de Rimouski",
                            name_en="Rimouski early childhood centres (CPE)", acronym="CPE",
                            mandate_fr="Services de garde éducatifs à l'enfance.",
                            mandate_en="Educational childcare for young children.")
    make_organization("fermee", name="Hôpital fermé", mandate_fr="Hôpital fermé.", is_active=False)
    doctor = make_step("medecin-famille", name_fr="Médecin de famille (GAMF)", name_en="Family doctor (GAMF)",
                       description_fr="Inscription au Guichet d'accès à un médecin de famille.",
                       description_en="Registration with the family doctor waiting list.")
    housing = make_step("logement", name_fr="Recherche de logement et bail", name_en="Housing search and lease")
    daycare = make_step("garderie", name_fr="Place en garderie", name_en="Daycare",
                        description_fr="Inscription à La Place 0-5.", description_en="Registration with La Place 0-5.")
    food = make_step("aide-alimentaire", name_fr="Aide alimentaire", name_en="Food aid",
                     description_fr="Dépannage alimentaire.", description_en="Emergency food help.")
    enrolment = make_step("inscription-scolaire", name_fr="Inscription à l'école", name_en="School enrolment")
    make_responsibility(cisss, doctor, "lead")
    make_responsibility(cpe, daycare, "lead")
    make_responsibility(moisson, food, "lead")
    make_responsibility(school, enrolment, "lead")
    make_responsibility(school, housing, "informed")
    add_page(home, StandardPage, title="Se loger à Rimouski", slug="se-loger", intro="Les logements de la ville.")
    practices = make_practice_index(home)
    make_practice(practices, "Jumelage", summary="Des bénévoles et une famille, pour trouver un logement.")
    calendar = make_calendar(home)
    make_event(calendar, "Soirée logement", start=local(2030, 5, 1, 18), summary="Tout savoir sur le bail.")
    PartnerEvent.objects.create(title="Logement : réunion privée", starts_at=local(2030, 5, 2, 9),
                                organizer=moisson, description="logement")
    return {"cisss": cisss, "school": school, "moisson": moisson, "doctor": doctor, "housing": housing}


def test_query_cleaning_keeps_words_only():
    assert clean_query('  "logement" & | :* \x00 bail ') == "logement bail"
    assert clean_query("x" * 5000) == "x" * 200
    assert clean_query("a " * 100) == " ".join(["a"] * 12)
    assert clean_query(None) == "" and clean_query("&|!") == ""
    assert fold("Hôpital Sœurs") == "hopital soeurs"


def test_synonyms_come_from_the_data_file():
    assert "GAMF" in synonyms_of("médecin") and "family doctor" in synonyms_of("Medecin")
    assert "CLSC" in synonyms_of("hopital") and "CISSS" not in synonyms_of("hopital")
    assert "CPE" in synonyms_of("garderie") and "Moisson" in synonyms_of("aide alimentaire")
    assert synonyms_of("fleuve") == []
    assert build_query("") is None


@pytest.mark.parametrize("query", ["hopital", "HÔPITAL", "hospital"])
def test_hospital_without_accent_finds_the_health_network_first(client, city, query):
    html = client.get("/recherche/", {"q": query}).content.decode()
    assert titles(html)[0] == "Centre intégré de santé et de services sociaux"
    assert "Hôpital fermé" not in html  # a deactivated organisation never shows


@pytest.mark.parametrize(("path", "query"), [("/recherche/", "hopital"), ("/en/search/", "hopital"),
                                             ("/en/search/", "hospital"), ("/recherche/", "hôpitaux")])
def test_hospital_finds_the_health_network_only(client, city, path, query):
    html = client.get(path, {"q": query, "kind": "organisations"}).content.decode()
    assert titles(html) == ["Centre intégré de santé et de services sociaux"]
    directory = client.get("/repertoire/" if path == "/recherche/" else "/en/directory/", {"q": query})
    assert "Moisson" not in directory.content.decode() and "MIFI" not in directory.content.decode()


# query → (first organisation, first step) in French and English, on /recherche/ and /en/search/
FIRST_RESULTS = {
    "logement": (None, "Recherche de logement et bail", "Housing search and lease"),
    "housing": (None, "Recherche de logement et bail", "Housing search and lease"),
    "école": ("Centre de services scolaire des Phares", "Inscription à l'école", "School enrolment"),
    "school": ("Centre de services scolaire des Phares", "Inscription à l'école", "School enrolment"),
    "médecin": (None, "Médecin de famille (GAMF)", "Family doctor (GAMF)"),
    "doctor": (None, "Médecin de famille (GAMF)", "Family doctor (GAMF)"),
    "garderie": ("Centres de la petite enfance (CPE) de Rimouski", "Place en garderie", "Daycare"),
    "daycare": ("Centres de la petite enfance (CPE) de Rimouski", "Place en garderie", "Daycare"),
    "food bank": ("Moisson Rimouski-Neigette", "Aide alimentaire", "Food aid"),
}


@pytest.mark.parametrize("query", FIRST_RESULTS)
def test_first_results_in_both_languages(client, city, query):
    organisation, step_fr, step_en = FIRST_RESULTS[query]
    for path, step, organisation_name in [("/recherche/", step_fr, organisation),
                                          ("/en/search/", step_en, organisation)]:
        if organisation_name == "Centres de la petite enfance (CPE) de Rimouski" and path == "/en/search/":
            organisation_name = "Rimouski early childhood centres (CPE)"
        steps = titles(client.get(path, {"q": query, "kind": "steps"}).content.decode())
        assert steps[:1] == [step], (path, steps)
        if organisation_name:
            organisations = titles(client.get(path, {"q": query, "kind": "organisations"}).content.decode())
            assert organisations[:1] == [organisation_name], (path, organisations)


def test_english_stems_of_a_bilingual_row(client, city):
    """Organisations and steps hold both languages in one row: on PostgreSQL they are indexed with French and
    English stems, so "houses" (English stem 'hous') finds "housing", which the French stemmer leaves whole.
    SQLite's FTS5 does not stem at all (the synonyms make up for it there)."""
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's")
    make_organization("abri", name="Abri des familles", mandate_fr="Des toits pour les familles.",
                      mandate_en="Finds housing for families.")
    make_step("toit", name_fr="Un toit", name_en="A roof", description_en="Temporary housing while waiting.")
    html = client.get("/en/search/", {"q": "houses"}).content.decode()
    assert {"Abri des familles", "A roof"} <= set(titles(html))


def test_housing_finds_the_step_the_page_the_practice_and_the_event_never_the_partners_only_one(client, city):
    html = client.get("/recherche/", {"q": "logement"}).content.decode()
    found = titles(html)
    assert {"Recherche de logement et bail", "Se loger à Rimouski", "Jumelage", "Soirée logement"} <= set(found)
    assert "réunion privée" not in html
    assert groups(html) == {"steps": 1, "pages": 1, "practices": 1, "events": 1}


def test_stemming_and_accents_in_both_languages(client, city):
    # "logements" (plural) and "ecoles" (no accent, plural) still find their singular forms.
    assert "Recherche de logement et bail" in titles(client.get("/recherche/", {"q": "logements"}).content.decode())
    assert "Centre de services scolaire des Phares" in titles(
        client.get("/recherche/", {"q": "ecole"}).content.decode())
    english = client.get("/en/search/", {"q": "school"}).content.decode()
    assert "Centre de services scolaire des Phares" in titles(english)


def test_doctor_synonyms_find_the_family_doctor_step_with_its_lead(client, city):
    for query in ("médecin", "docteur", "family doctor", "GAMF"):
        html = client.get("/recherche/", {"q": query}).content.decode()
        assert "Médecin de famille (GAMF)" in titles(html), query
    html = client.get("/recherche/", {"q": "medecin"}).content.decode()
    assert "Centre intégré de santé et de services sociaux" in html.split("Médecin de famille (GAMF)")[1]
    assert 'href="/repertoire/qui-contacter/?step=medecin-famille"' in html
    english = client.get("/en/search/", {"q": "doctor"}).content.decode()
    assert "Family doctor (GAMF)" in titles(english)
    assert 'href="/en/directory/who-to-contact/?step=medecin-famille"' in english


def test_one_kind_paginated(client, city):
    html = client.get("/recherche/", {"q": "aide alimentaire", "kind": "organisations"}).content.decode()
    assert titles(html) == ["Moisson Rimouski-Neigette"]
    unknown = client.get("/recherche/", {"q": "logement", "kind": "nope"})
    assert unknown.status_code == 200  # an unknown kind: the grouped overview, as without `kind`
    overview = groups(client.get("/recherche/", {"q": "logement"}).content.decode())
    assert overview and groups(unknown.content.decode()) == overview


@pytest.mark.parametrize("query", ["", " ", "x" * 2000, "a\x00b", '"', "&", "|", ":*", "!(", "'", "\\", "OR",
                                   "NEAR(a b)", "*", "-", "é" * 300, "<>", "a & b | !c:*"])
def test_no_input_breaks_the_search(client, query):
    make_directory_page()
    for path in ("/recherche/", "/en/search/", "/repertoire/", "/repertoire/qui-contacter/"):
        assert client.get(path, {"q": query}).status_code in (200, 400), (path, query)
    assert client.get("/recherche/", {"q": query, "kind": "steps"}).status_code in (200, 400)


def test_directory_keyword_filter_uses_the_same_engine(client, city):
    for query, expected in [("hopital", "Centre intégré"), ("école", "Centre de services scolaire"),
                            ("aide alimentaire", "Moisson Rimouski-Neigette"), ("HOSPITAL", "Centre intégré")]:
        html = client.get("/repertoire/", {"q": query}).content.decode()
        assert expected in html, query
    assert "Moisson" not in client.get("/repertoire/", {"q": "hopital"}).content.decode()


def _search_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/recherche/", {"q": query}).status_code == 200
    return len(queries)


def _add_housing(numbers):
    for number in numbers:
        organization = make_organization(f"log-{number}", mandate_fr="Aide au logement.")
        step = make_step(f"logement-{number}", name_fr=f"Logement {number}")
        make_responsibility(organization, step, "lead")


def test_query_count_does_not_grow_with_the_data(client, city):
    _add_housing(range(1))
    client.get("/recherche/", {"q": "logement"})  # warm the site's caches
    small = _search_queries(client, "logement")
    _add_housing(range(1, 9))  # more organisations and steps than the overview shows
    large = _search_queries(client, "logement")
    assert large == small


def test_ligatures_are_folded_on_every_backend(client, city):
    make_organization("soeurs", name="Sœurs du Saint-Rosaire", mandate_fr="Congrégation.")
    for query in ("soeurs", "Sœurs", "SOEURS saint rosaire"):
        assert "Sœurs du Saint-Rosaire" in titles(client.get("/recherche/", {"q": query}).content.decode()), query


def test_phone_label_punctuated_as_each_language_writes_it(client, city):
    """French puts a (no-break) space before the colon: "Téléphone : 418…", English "Phone: 418…"."""
    french = client.get("/recherche/", {"q": "hopital"}).content.decode()
    english = client.get("/en/search/", {"q": "hospital"}).content.decode()
    assert "Téléphone\u00a0:" in french and "Téléphone:" not in french
    assert "Phone:" in english


def _restriction_reads(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return sum("wagtailcore_pageviewrestriction" in query["sql"] for query in queries)


def test_one_search_reads_the_view_restrictions_at_most_once_per_content_version(client, city, settings):
    """Wagtail's `.public()` read the restrictions table on each call: seven reads on one search request (the
    page kinds, their counts, the menu, the footer). They are read once per content version now."""
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/recherche/", {"q": "logement"})  # the frame's parts and the restricted paths cached
    assert _restriction_reads(client, "/recherche/", {"q": "logement"}) == 0
    assert _restriction_reads(client, "/") <= 1  # Wagtail's own check of the page it serves


def test_a_page_behind_a_view_restriction_is_neither_searched_nor_in_the_menu(client, city, settings):
    from wagtail.models import PageViewRestriction

    settings.PAGE_CACHE_SECONDS = 300
    home = StandardPage.objects.get(slug="se-loger").get_parent()
    hidden = add_page(home, StandardPage, title="Logement des coulisses", slug="coulisses", show_in_menus=True)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x")
    html = client.get("/recherche/", {"q": "logement"}).content.decode()
    assert "Se loger à Rimouski" in titles(html) and "Logement des coulisses" not in html
    assert "/coulisses/" not in client.get("/").content.decode()


def test_page_results_come_as_their_own_type(city):
    from portal.site_search import grouped

    pages = next(group for group in grouped("logement") if group.kind.key == "pages")
    assert [type(page) for page in pages.items] == [StandardPage]
