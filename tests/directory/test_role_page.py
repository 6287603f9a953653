"""A role page a visitor can act on (issue 13): phones as `tel:` links, the full address with a map link,
hours, languages, accessibility, how to get served, partners in plain words, the English name on English pages."""

import datetime
import re

import pytest
from django.utils import translation

from directory.models import OrganizationKind
from portal import phones
from tests.factories import make_language, make_organization, make_partnership

pytestmark = pytest.mark.django_db


# --- phone numbers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "href", "fr", "en"), [
    ("418 724-3111", "tel:+14187243111", "418 724-3111", "418-724-3111"),
    ("(418) 724.3111 poste 2", "tel:+14187243111;ext=2", "418 724-3111, poste 2", "418-724-3111, ext. 2"),
    ("1-877-864-9191", "tel:+18778649191", "1 877 864-9191", "1-877-864-9191"),
    ("877 864 9191", "tel:+18778649191", "1 877 864-9191", "1-877-864-9191"),
    ("+1 514 864-9191 ext. 12", "tel:+15148649191;ext=12", "514 864-9191, poste 12", "514-864-9191, ext. 12"),
    ("811", "tel:811", "811", "811"),
    ("+33 1 23 45 67 89", "tel:+33123456789", "+33 1 23 45 67 89", "+33 1 23 45 67 89"),
])
def test_a_phone_number_dials_in_e164_and_reads_as_each_language_writes_it(typed, href, fr, en):
    assert phones.tel_href(typed) == href
    assert phones.readable(typed, "fr") == fr
    assert phones.readable(typed, "en") == en


# --- the page -----------------------------------------------------------------------------------------------
@pytest.fixture
def ville(db):
    organization = make_organization(
        "ville", name="Ville de Rimouski", name_en="City of Rimouski", kind=OrganizationKind.STATE,
        street_address="205, avenue de la Cathédrale", city="Rimouski", region="QC", postal_code="G5L 5J1",
        phone="418 724-3111", toll_free_phone="1 877 000-0000", email="info@ville.example.org",
        opening_hours_fr="Du lundi au vendredi", opening_hours_en="Monday to Friday",
        accessibility_fr="Entrée de plain-pied, ascenseur.", accessibility_en="Step-free entrance, lift.",
        access_fr="Passez au comptoir, sans rendez-vous.", access_en="Come to the counter, no appointment needed.",
    )
    organization.languages.add(make_language("es", "Espagnol", "Spanish"))
    return organization


def _main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def test_the_role_page_gives_what_a_visitor_needs_to_act(client, ville, directory_page):
    response = client.get("/organismes/ville/")
    assert response.status_code == 200
    main = _main(response)
    assert '<h1>Ville de Rimouski' in main
    assert '<a href="tel:+14187243111">418 724-3111</a>' in main
    assert '<a href="tel:+18770000000">1 877 000-0000</a>' in main and "Sans frais" in main
    assert "205, avenue de la Cathédrale<br>Rimouski (Québec) G5L 5J1" in main
    assert "Du lundi au vendredi" in main and "Espagnol" in main
    assert '<span lang="es">' not in main  # a French name of the language, not Spanish words (WCAG 3.1.2)
    assert "Entrée de plain-pied, ascenseur." in main
    assert "Passez au comptoir, sans rendez-vous." in main
    map_link = re.search(r'href="(https://www\.openstreetmap\.org/[^"]+)"', main)
    assert map_link and "Rimouski" in map_link.group(1).replace("+", " ")
    assert "<iframe" not in main  # a link to the map, no third-party embed


def test_the_map_link_uses_the_coordinates_when_known(client, ville, directory_page):
    ville.latitude, ville.longitude = "48.448400", "-68.523900"
    ville.save()
    main = _main(client.get("/organismes/ville/"))
    assert "https://www.openstreetmap.org/?mlat=48.44840&amp;mlon=-68.52390#map=17/48.44840/-68.52390" in main


def test_the_english_page_shows_the_english_name_and_writes_phones_and_addresses_in_english(
        client, ville, directory_page):
    response = client.get("/en/organizations/ville/")
    assert response.status_code == 200
    main = _main(response)
    assert "<h1>City of Rimouski" in main and "<title>City of Rimouski" in response.content.decode()
    assert 'Official name: <span lang="fr">Ville de Rimouski</span>' in main
    assert '<a href="tel:+14187243111">418-724-3111</a>' in main
    assert "Rimouski QC G5L 5J1" in main and "Come to the counter" in main and "Step-free entrance" in main


def test_without_an_english_name_the_english_pages_keep_the_official_one(client, directory_page):
    make_organization("mifi", name="Ministère de l'Immigration", acronym="MIFI")
    main = _main(client.get("/en/organizations/mifi/"))
    assert "<h1>Ministère de l&#x27;Immigration" in main and "Official name" not in main


def test_english_names_are_used_wherever_an_organisation_is_named(ville, directory_page, client):
    make_organization("aibsl", name="Accueil et Intégration", acronym="AIBSL")
    with translation.override("en"):
        assert str(ville) == ville.display_name == ville.short_name == "City of Rimouski"
    with translation.override("fr"):
        assert str(ville) == "Ville de Rimouski"
    listing = client.get("/en/directory/?q=City").content.decode()
    assert "City of Rimouski" in listing  # the English name is searched and shown


# --- partners in plain words --------------------------------------------------------------------------------
def test_partners_are_said_in_plain_words_strongest_first(client, ville, directory_page):
    partners = [make_organization(slug, name=slug.upper()) for slug in ("aaa", "bbb", "ccc", "ddd")]
    make_partnership([ville, *partners[:2]], kind="agreement", name="Entente-cadre")
    make_partnership([ville, partners[2]], kind="service", name="Entente d'un an",
                     since=datetime.date(2018, 1, 1), until=datetime.date(2018, 12, 31))
    make_partnership([ville, partners[3]], kind="informal", name="Collaboration")
    main = _main(client.get("/organismes/ville/"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main))
    # Current ties first, the strongest kind first; the tie that ended in 2018 comes last.
    # "Works with" counts today's partners, as the picture draws them: CCC's tie ended in 2018 (it said "4
    # organisations, notably AAA, BBB and DDD" while the picture drew three).
    assert "Ville de Rimouski travaille avec 3 organismes : AAA, BBB et DDD." in text
    caption = "L'image montre les partenariats de la liste ci-dessus qui sont toujours en cours."
    assert caption in text.replace("&#x27;", "'")
    assert main.index("Entente-cadre") < main.index("Collaboration") < main.index("Entente d&#x27;un an")
    assert "(Entente de services, 2018)" in text and "2018–2018" not in text
    assert "groupe" not in text and "plus courts chemins" not in text  # no network jargon


def test_the_partners_picture_is_drawn_at_a_phones_width_with_a_text_alternative(client, ville, directory_page):
    others = [make_organization(f"p{n}", name=f"Centre de services scolaire numéro {n}") for n in range(6)]
    make_partnership([ville, *others], kind="agreement", name="Entente-cadre")
    main = _main(client.get("/organismes/ville/"))
    svg = main[main.index("<svg"):main.index("</svg>")]
    assert 'viewBox="0 0 360 ' in svg and 'width="' not in svg.split(">")[0]  # scales with its box
    assert "<title" in svg and "<desc" in svg and "numéro 0" in svg.split("<desc")[1].split("</desc>")[0]
    from network.drawing import text_width

    for group in ("wide", "phone"):  # both label sets name every organisation, inside the picture
        labels_svg = svg.split(f"net-labels--{group}")[1].split("</g>")[0]
        size = float(re.search(r'font-size="([\d.]+)"', labels_svg.split(">")[0]).group(1)) \
            if "font-size" in labels_svg.split(">")[0] else 12
        labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="net-label" data-for="[^"]+"'
                            r'(?: text-anchor="(\w+)")?>([^<]+)<', labels_svg)
        assert len(labels) == 7, group
        for x, anchor, label in labels:
            width = text_width(label, size)
            left = float(x) - {"end": width, "middle": width / 2}.get(anchor, 0)
            assert left >= 0 and left + width <= 360, (group, label)


def test_the_partners_picture_and_sentences_are_in_english_after_the_french_page_computed_them(
        client, ville, directory_page):
    """The network's parts are computed once for both languages; the first language's names (the French ones)
    stayed in the English picture and sentences (issue 13)."""
    from django.core.cache import cache

    cache.clear()
    cisss = make_organization("cisss", name="Centre de santé du Bas-Saint-Laurent", name_en="Lower St. Lawrence Health")
    leaves = [make_organization(f"leaf{n}", name=f"Organisme {n}") for n in range(3)]
    make_partnership([ville, cisss], kind="agreement", name="Entente")
    for leaf in leaves:  # the city is their only link to the rest: a sentence names it
        make_partnership([ville, leaf], kind="service", name=f"Service {leaf.slug}")
    french = _main(client.get("/organismes/ville/"))
    assert "Ville de Rimouski est le seul lien" in french and "Centre de santé du Bas-Saint-Laurent" in french
    english = _main(client.get("/en/organizations/ville/"))
    picture = english[english.index("<svg"):english.index("</svg>")]
    assert "City of Rimouski and its partners" in picture and "Lower St. Lawrence Health" in picture
    assert "Ville de Rimouski" not in picture and "Centre de santé" not in picture
    assert 'href="/en/organizations/cisss/"' in picture and "/organismes/" not in picture
    assert "City of Rimouski is the only link" in english


def test_the_ways_to_reach_it_come_before_the_mandate_and_responsibilities(client, ville, directory_page):
    """On a phone the page is one column: the number, the address and its map link, the e-mail and how to
    get referred come first, before the mandate and the responsibilities (issue 13)."""
    main = _main(client.get("/organismes/ville/"))
    tel = main.index('href="tel:+14187243111"')
    assert tel < main.index("openstreetmap.org") < main.index('id="mandate-heading"')
    assert main.index("mailto:info@ville.example.org") < main.index('id="referrals-heading"') \
        < main.index('id="mandate-heading"') < main.index('id="responsibilities-heading"')


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_demo_organisation_with_an_address_has_a_map_link_the_geocoder_can_read(language):
    """The demo's CISSS had no map link (issue 13): without coordinates the link searches the address, written
    the way OpenStreetMap's geocoder reads it (no parentheses, no postal code), in both page languages."""
    from urllib.parse import parse_qs, urlparse

    from directory.demo_data import ORGANIZATIONS
    from directory.models import Organization

    with translation.override(language):
        for data in ORGANIZATIONS:
            city = data.get("city", "Rimouski")
            organization = Organization(street_address=data.get("street_address", ""), city=city,
                                        region="QC" if city else "", postal_code=data.get("postal_code", ""))
            if not (organization.street_address or organization.city):
                assert organization.map_url() == "", data["slug"]
                continue
            url = urlparse(organization.map_url())
            assert (url.scheme, url.netloc, url.path) == ("https", "www.openstreetmap.org", "/search"), data["slug"]
            query = parse_qs(url.query)["query"][0]
            assert query.endswith(", Québec, Canada") and "(" not in query, query
            assert not organization.postal_code or organization.postal_code not in query, query
    cisss = Organization(street_address="355, boulevard Saint-Germain Ouest", city="Rimouski", region="QC",
                         postal_code="G5L 3N2")
    assert parse_qs(urlparse(cisss.map_url()).query)["query"] == [
        "355 boulevard Saint-Germain Ouest, Rimouski, Québec, Canada"]
