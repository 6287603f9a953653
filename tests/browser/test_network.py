"""The network page in a real browser: accessible (axe), no CSP errors, keyboard highlighting, phone width."""

import datetime

import pytest

from tests.factories import make_organization, make_partnership


@pytest.fixture
def network_site(transactional_db):
    from portal.demo import ensure_home

    home = ensure_home()
    from network.pages import NetworkPage

    aibsl = make_organization("aibsl", acronym="AIBSL", name="Accueil et Intégration Bas-Saint-Laurent")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    css = make_organization("css", kind="state", acronym="CSS")
    moisson = make_organization("moisson", acronym="Moisson")
    make_partnership([aibsl, cisss, css], kind="agreement", since=datetime.date(2017, 1, 11))
    make_partnership([aibsl, moisson], since=datetime.date(2018, 1, 1))
    page = NetworkPage(title="Réseau partenarial", slug="reseau", locale=home.locale, show_in_menus=True)
    home.add_child(instance=page)
    return page


def test_network_page_highlights_neighbours_from_the_keyboard(network_site, live_server, page, csp_errors):
    page.goto(live_server.url + "/reseau/")
    assert page.locator("h1").inner_text() == "Réseau partenarial"
    page.locator('a.net-node[data-node="moisson"]').focus()
    assert "is-focus" in page.locator('a.net-node[data-node="moisson"]').get_attribute("class")
    assert "is-neighbour" in page.locator('a.net-node[data-node="aibsl"]').get_attribute("class")
    assert "is-neighbour" not in (page.locator('a.net-node[data-node="cisss"]').get_attribute("class") or "")
    page.select_option("#net-focus", "cisss")
    status = page.locator("#net-focus-status").inner_text()
    assert status == "CISSS — liens\u00a0: 2 (Accueil et Intégration Bas-Saint-Laurent, CSS)"
    assert csp_errors == []


def test_network_page_is_accessible_and_fits_a_phone(network_site, live_server, axe_page, check_accessibility,
                                                     browser):
    check_accessibility(axe_page, axe_page.goto(live_server.url + "/reseau/"), "Réseau partenarial")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    phone.goto(live_server.url + "/reseau/")
    overflow = phone.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    context.close()
    assert not overflow, "the network page scrolls sideways at 320 px"
