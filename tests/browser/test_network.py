"""The network page in a real browser: accessible (axe, WCAG 2.2 AA) at 360 and 1280 px in both languages,
short, zoomable from the keyboard, legible on a phone, keyboard highlighting, no CSP errors."""

import datetime

import pytest

from tests.factories import make_organization, make_partnership


@pytest.fixture
def network_site(transactional_db):
    from portal.demo import ensure_home, ensure_locales, translate_page

    home = ensure_home()
    from network.pages import NetworkPage

    aibsl = make_organization("aibsl", acronym="AIBSL", name="Accueil et Intégration Bas-Saint-Laurent")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    css = make_organization("css", kind="state", acronym="CSS")
    moisson = make_organization("moisson", acronym="Moisson")
    mifi = make_organization("mifi", kind="state", acronym="MIFI",
                             name="Ministère de l'Immigration, de la Francisation et de l'Intégration")
    make_partnership([aibsl, cisss, css], kind="agreement", since=datetime.date(2017, 1, 11))
    make_partnership([aibsl, moisson], since=datetime.date(2018, 1, 1))
    make_partnership([aibsl, mifi], kind="agreement", since=datetime.date(2019, 1, 1))
    page = NetworkPage(title="Réseau partenarial", slug="reseau", locale=home.locale, show_in_menus=True)
    home.add_child(instance=page)
    _fr, en = ensure_locales()
    translate_page(page, en, {"title": "Partnership network", "slug": "network"})
    return page


URLS = {"fr": ("/reseau/", "Réseau partenarial", "Agrandir"), "en": ("/en/network/", "Partnership network", "Zoom in")}


def test_network_page_highlights_neighbours_from_the_keyboard(network_site, live_server, page, csp_errors):
    page.goto(live_server.url + "/reseau/")
    assert page.locator("h1").inner_text() == "Réseau partenarial"
    page.locator('a.net-node[data-node="moisson"]').focus()
    assert "is-focus" in page.locator('a.net-node[data-node="moisson"]').get_attribute("class")
    assert "is-neighbour" in page.locator('a.net-node[data-node="aibsl"]').get_attribute("class")
    assert "is-neighbour" not in (page.locator('a.net-node[data-node="cisss"]').get_attribute("class") or "")
    # The labels (drawn apart from the node links) dim with their nodes, and never catch a click or a hover.
    def opacity(node):
        return float(page.locator(f'.net-labels--wide .net-label[data-for="{node}"]').evaluate(
            "t => getComputedStyle(t).opacity"))
    assert opacity("moisson") == 1 and opacity("aibsl") == 1 and opacity("cisss") < 0.5
    assert set(page.locator(".net-label").evaluate_all(
        "texts => texts.map(t => getComputedStyle(t).pointerEvents)")) == {"none"}
    page.locator("summary", has_text="Mettre en évidence").click()
    page.select_option("#net-focus", "cisss")
    status = page.locator("#net-focus-status").inner_text()
    assert status == "CISSS — liens\u00a0: 2 (Accueil et Intégration Bas-Saint-Laurent, CSS)"
    assert csp_errors == []


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_network_page_is_short_accessible_and_zooms_from_the_keyboard(network_site, live_server, browser,
                                                                      check_accessibility, language, width):
    path, heading, zoom_in = URLS[language]
    context = browser.new_context(locale="fr-CA", bypass_csp=True, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        check_accessibility(page, page.goto(live_server.url + path), heading)
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < (2600 if width == 360 else 2200), f"{height} px tall at {width} px"
        assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        # Plain words: the visible text names no measure.
        visible = page.locator("main").inner_text()
        for jargon in ("PageRank", "intermédiarité", "betweenness", "Louvain"):
            assert jargon not in visible, jargon
        # Downloads under this language's route.
        hrefs = page.locator('a[download]').evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("/en/network/export." if language == "en" else "/reseau/export.")
                             for h in hrefs), hrefs
        # The zoom, from the keyboard only: the button, then the keys on the focused picture.
        content = page.locator("#net-zoom .network-svg")
        before = content.bounding_box()["width"]
        page.get_by_role("button", name=zoom_in).focus()
        page.keyboard.press("Enter")
        assert content.bounding_box()["width"] == pytest.approx(before * 1.5, rel=0.02)
        page.locator("#net-zoom").focus()
        page.keyboard.press("+")
        assert content.bounding_box()["width"] == pytest.approx(before * 2.25, rel=0.02)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("0")
        assert content.bounding_box()["width"] == pytest.approx(before, rel=0.02)
        if width == 360:
            # Legible on a phone: the labels shown are drawn at 12 px or more on screen.
            sizes = page.locator(".net-labels--phone text").evaluate_all(
                "texts => texts.map(t => t.getBoundingClientRect().height)")
            assert sizes and min(sizes) >= 11.5, sizes
            assert page.locator(".net-labels--wide").evaluate("g => getComputedStyle(g).display") == "none"
        assert errors == []
    finally:
        context.close()


def test_large_network_picture_is_an_image_of_its_own(network_site, live_server, browser, check_accessibility,
                                                       monkeypatch):
    """Above INLINE_MAX_NODES the page references the picture (a cached SVG resource) and stays small."""
    from network import snapshot

    monkeypatch.setattr(snapshot, "INLINE_MAX_NODES", 2)
    context = browser.new_context(locale="fr-CA", bypass_csp=True, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        check_accessibility(page, page.goto(live_server.url + "/reseau/"), "Réseau partenarial")
        image = page.locator("img.network-img")
        assert image.get_attribute("src").startswith("/reseau/carte.svg")
        page.wait_for_function("document.querySelector('img.network-img').naturalWidth > 0")
        page.get_by_role("button", name="Agrandir").focus()
        page.keyboard.press("Enter")
        assert image.bounding_box()["width"] > 400
    finally:
        context.close()
