"""Reading a role page in a real browser (issue 13): in French and English, on a 360 px phone and a 1280 px
desktop, axe (WCAG 2.2 AA tags) finds nothing, the phone number is a `tel:` link, the partners' picture fits
the screen with labels of a legible size, and nothing scrolls sideways."""

import pytest

from directory.models import OrganizationKind
from tests.factories import make_directory_page, make_language, make_organization, make_partnership

PAGES = [("/organismes/css/", "Centre de services scolaire des Phares"),
         ("/en/organizations/css/", "Phares School Service Centre")]
VIEWPORTS = [{"width": 360, "height": 780}, {"width": 1280, "height": 900}]


@pytest.fixture
def role_page(transactional_db):
    make_directory_page()
    css = make_organization(
        "css", name="Centre de services scolaire des Phares", name_en="Phares School Service Centre",
        kind=OrganizationKind.STATE, street_address="435, avenue Rouleau", postal_code="G5L 8V4",
        phone="418 723-5927", toll_free_phone="1 800 555-0100", email="info@css.example.org",
        opening_hours_fr="Du lundi au vendredi", opening_hours_en="Monday to Friday",
        accessibility_fr="Entrée de plain-pied.", accessibility_en="Step-free entrance.",
        access_fr="Appelez pour inscrire un enfant.", access_en="Call to enrol a child.",
    )
    css.languages.add(make_language("es", "Espagnol", "Spanish"))
    partners = [make_organization(slug, name=name, acronym=acronym, kind=kind) for slug, name, acronym, kind in (
        ("aibsl", "Accueil et Intégration Bas-Saint-Laurent", "AIBSL", OrganizationKind.COMMUNITY),
        ("cisss", "Centre intégré de santé et de services sociaux du Bas-Saint-Laurent", "CISSS",
         OrganizationKind.STATE),
        ("ville", "Ville de Rimouski", "", OrganizationKind.STATE),
        ("table", "Table de concertation en immigration Rimouski-Neigette", "", OrganizationKind.CONCERTATION),
        ("maison", "Maison des familles de Rimouski-Neigette", "", OrganizationKind.COMMUNITY),
    )]
    make_partnership([css, *partners[:3]], kind="agreement", name="Entente-cadre")
    make_partnership([css, partners[3]], kind="concertation", name="Table")
    make_partnership([css, partners[4]], kind="service", name="Activités familles")
    return css


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["360px", "1280px"])
def test_a_role_page_reads_well_on_a_phone_and_a_desktop_in_both_languages(
        role_page, live_server, browser, check_accessibility, viewport):
    context = browser.new_context(locale="fr-CA", bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        for path, heading in PAGES:
            response = page.goto(live_server.url + path)
            check_accessibility(page, response, heading)
            tel = page.locator('main a[href="tel:+14187235927"]')
            assert tel.count() == 1 and tel.first.is_visible()
            # The number is on the first screen, before any scrolling, on a phone too (issue 13).
            tel_box = tel.first.bounding_box()
            assert tel_box["y"] + tel_box["height"] <= viewport["height"], (path, tel_box)
            assert page.locator('main a[href^="https://www.openstreetmap.org/"]').count() == 1
            overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            assert not overflow, f"{path} scrolls sideways at {viewport['width']} px"
            svg = page.locator(".network-svg--ego svg")
            box = svg.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
            # Every partner is labelled, at 11 px or more on screen, and no label sticks out of the picture.
            labels = page.evaluate("""() => [...document.querySelectorAll('.network-svg--ego .net-label')]
                .filter(t => t.getBoundingClientRect().width > 0)
                .map(t => { const r = t.getBoundingClientRect(); return {h: r.height, l: r.left, r: r.right}; })""")
            assert len(labels) == 6, labels
            svg_box = svg.bounding_box()
            for label in labels:
                assert label["h"] >= 11, label
                assert svg_box["x"] - 1 <= label["l"] and label["r"] <= svg_box["x"] + svg_box["width"] + 1, label
    finally:
        context.close()
