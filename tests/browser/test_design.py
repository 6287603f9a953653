"""The site's frame and layouts in a real browser, at a phone's 360 px and a desktop's 1280 px, in French and
English: axe (WCAG 2.2 AA tags) finds nothing, nothing scrolls sideways, the menu opens and closes with the
keyboard with and without JavaScript, the matrix is a list on a phone and a table on a desktop."""

import pytest

from directory.models import OrganizationKind, PathwayStage, ResponsibilityLevel
from tests.factories import (
    local,
    make_calendar,
    make_directory_page,
    make_event,
    make_organization,
    make_responsibility,
    make_step,
    translate,
)

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

PAGES = [  # (path, a part of its heading)
    ("/", "Accueil"),
    ("/en/", "Home"),
    ("/repertoire/", "Répertoire"),
    ("/en/directory/", "Directory"),
    ("/repertoire/matrice/", "Matrice des responsabilités"),
    ("/en/directory/matrix/", "Responsibility matrix"),
    ("/organismes/aibsl/", "Accueil et Intégration Bas-Saint-Laurent"),
    ("/en/organizations/aibsl/", "Accueil et Intégration Bas-Saint-Laurent"),
    ("/calendrier/", "Calendrier"),
    ("/en/calendar/", "Calendar"),
    ("/recherche/?q=logement", "Recherche"),
    ("/en/search/?q=housing", "Search"),
    ("/connexion/", "Se connecter"),
]


@pytest.fixture
def site(transactional_db):
    directory = make_directory_page()
    aibsl = make_organization("aibsl", name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL",
                              phone="418 555-0100")
    city = make_organization("ville", name="Ville de Rimouski", kind=OrganizationKind.STATE)
    housing = make_step("logement", stage=PathwayStage.FIRST_WEEKS, name_fr="Logement", name_en="Housing")
    daycare = make_step("garderie", stage=PathwayStage.FIRST_MONTHS, name_fr="Garderie", name_en="Daycare")
    make_responsibility(aibsl, housing, ResponsibilityLevel.LEAD)
    make_responsibility(city, housing, ResponsibilityLevel.LEAD)
    make_responsibility(aibsl, daycare, ResponsibilityLevel.SUPPORT)
    make_responsibility(city, daycare, ResponsibilityLevel.INFORMED)
    calendar = make_calendar(directory.get_parent())
    translate(calendar, title="Calendar", slug="calendar")
    event = make_event(calendar, "Soirée de jumelage", start=local(2030, 1, 15, 18, 30), end=local(2030, 1, 15, 21))
    translate(event, title="Twinning evening", slug="twinning-evening")
    return directory


def _context(browser, viewport, **options):
    context = browser.new_context(locale="fr-CA", viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_main_pages_are_accessible_and_never_scroll_sideways(site, live_server, browser, check_accessibility,
                                                             viewport):
    context, page = _context(browser, viewport, bypass_csp=True)
    try:
        for path, heading in PAGES:
            check_accessibility(page, page.goto(live_server.url + path), heading)
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{path} scrolls sideways at {viewport['width']} px: {widths}"
    finally:
        context.close()


def test_phone_header_is_one_row_and_its_menu_opens_with_the_keyboard_without_javascript(site, live_server, browser):
    context, page = _context(browser, PHONE, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/repertoire/")
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= 80, f"the phone header is {header['height']} px tall"
        menu_link = page.locator(".site-nav").get_by_role("link", name="Répertoire", exact=True)
        assert not menu_link.is_visible()
        toggle = page.locator("summary.site-menu__toggle")
        for _ in range(6):  # skip link, site name, language, then the menu's button
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") == "SUMMARY":
                break
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        box = toggle.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8
        page.keyboard.press("Enter")
        assert menu_link.is_visible()
        assert page.get_by_role("link", name="Se connecter").is_visible()
        page.keyboard.press("Enter")
        assert not menu_link.is_visible()
    finally:
        context.close()


def _as_an_older_browser(page):
    """Serve the site's style sheet as a browser without `::details-content` reads it (Chromium before 131,
    Safari before 18.4, Firefox before 143): its `@supports selector(::details-content)` block, which shows
    the closed menu's content inline from 48rem, is left out, so the menu stays behind its button."""
    def rewrite(route):
        response = route.fetch()
        css = response.text()
        assert "selector(::details-content)" in css
        route.fulfill(response=response, body=css.replace("selector(::details-content)", "selector(::no-such-part)"))

    page.route("**/css/passerelle*.css", rewrite)


# (viewport, older browser?) × language: the menu's every path without JavaScript.
MENU_CASES = [(PHONE, False), (DESKTOP, True)]
MENU_LANGUAGES = [("/repertoire/", "Répertoire", "Menu", "Se connecter"),
                  ("/en/directory/", "Directory", "Menu", "Sign in")]


@pytest.mark.parametrize(("viewport", "older"), MENU_CASES, ids=["360px", "1280px-without-details-content"])
@pytest.mark.parametrize(("path", "link", "button", "sign_in"), MENU_LANGUAGES, ids=["fr", "en"])
def test_collapsed_menu_works_without_javascript(site, live_server, browser, check_accessibility, viewport, older,
                                                path, link, button, sign_in):
    """JavaScript off: the menu is a <details> whose button opens and closes it from the keyboard; on a phone,
    and on a desktop in a browser without `::details-content` (the fallback path). axe (which needs a script,
    so in a second context with JavaScript) at 0, menu closed and open."""
    context, page = _context(browser, viewport, java_script_enabled=False)
    try:
        if older:
            _as_an_older_browser(page)
        page.goto(live_server.url + path)
        toggle = page.locator("summary.site-menu__toggle")
        menu_link = page.locator(".site-nav").get_by_role("link", name=link, exact=True)
        assert toggle.is_visible() and toggle.inner_text().strip() == button
        assert not menu_link.is_visible()
        box = toggle.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24 and box["x"] + box["width"] <= viewport["width"]
        toggle.focus()
        page.keyboard.press("Enter")
        assert menu_link.is_visible() and page.get_by_role("link", name=sign_in).is_visible()
        assert page.get_by_role("searchbox").first.is_visible()
        for item in page.locator(".site-nav a").all():
            item_box = item.bounding_box()
            assert item_box["height"] >= 24 and item_box["x"] + item_box["width"] <= viewport["width"]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.keyboard.press("Enter")  # focus is still on the button: it closes the menu
        assert not menu_link.is_visible()
    finally:
        context.close()
    context, page = _context(browser, viewport, bypass_csp=True)
    try:
        if older:
            _as_an_older_browser(page)
        response = page.goto(live_server.url + path)
        check_accessibility(page, response, link)
        page.locator("summary.site-menu__toggle").click()
        assert page.locator(".site-nav").get_by_role("link", name=link, exact=True).is_visible()
        check_accessibility(page, response, link)
    finally:
        context.close()


def test_escape_closes_the_phone_menu_and_focus_returns_to_its_button(site, live_server, browser):
    context, page = _context(browser, PHONE)
    try:
        page.goto(live_server.url + "/en/")
        toggle = page.locator("summary.site-menu__toggle")
        toggle.focus()
        page.keyboard.press("Enter")
        assert page.locator("details.site-menu").get_attribute("open") is not None
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert page.locator("details.site-menu").get_attribute("open") is None
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    finally:
        context.close()


def test_desktop_shows_the_menu_without_a_button_and_nothing_sticks_over_the_page(site, live_server, browser):
    context, page = _context(browser, DESKTOP, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/")
        assert page.locator(".site-nav").get_by_role("link", name="Répertoire", exact=True).is_visible()
        assert not page.locator("summary.site-menu__toggle").is_visible()
        assert page.get_by_role("searchbox", name="Rechercher dans le site").is_visible()
        # Focus not obscured (WCAG 2.4.11): no header or banner is fixed or sticky.
        positions = page.evaluate("[...document.querySelectorAll('body *')].map(e => getComputedStyle(e).position)"
                                  ".filter(p => p === 'fixed' || p === 'sticky')")
        assert positions == []
    finally:
        context.close()


def test_matrix_is_a_list_on_a_phone_and_a_table_on_a_desktop(site, live_server, browser):
    for viewport, list_shown in ((PHONE, True), (DESKTOP, False)):
        context, page = _context(browser, viewport)
        try:
            page.goto(live_server.url + "/repertoire/matrice/")
            assert page.locator(".matrix-list").is_visible() is list_shown
            assert page.locator("table.matrix").is_visible() is not list_shown
            if list_shown:
                step = page.locator("#step-logement-list")
                assert "AIBSL" in step.inner_text() and "Chevauchement" in step.inner_text()
                # The gaps summary's link leads to the step's entry in the list, not to the hidden table.
                page.locator(".matrix-summary").get_by_role("link", name="Logement").click()
                assert page.evaluate("location.hash") == "#step-logement-list"
        finally:
            context.close()
    context, page = _context(browser, PHONE)
    try:
        page.goto(live_server.url + "/repertoire/matrice/")
        page.emulate_media(media="print")
        assert page.locator("table.matrix").is_visible()
        assert not page.locator(".matrix-list").is_visible()
        assert not page.locator("header.site-header").is_visible()
    finally:
        context.close()


def test_breadcrumbs_name_the_trail_and_the_current_page(site, live_server, page):
    page.goto(live_server.url + "/en/directory/matrix/")
    trail = page.get_by_role("navigation", name="Breadcrumb")
    assert trail.get_by_role("link", name="Home").count() == 1
    assert trail.locator('[aria-current="page"]').inner_text() == "Responsibility matrix"


def test_sign_in_lets_password_managers_and_paste_in(site, live_server, page):
    """Accessible authentication (WCAG 3.3.8): named autocomplete fields, paste not blocked, no puzzle."""
    page.goto(live_server.url + "/connexion/")
    assert page.locator('input[name="username"]').get_attribute("autocomplete") == "username"
    assert page.locator('input[name="password"]').get_attribute("autocomplete") == "current-password"
    prevented = page.evaluate("""() => {
        const field = document.querySelector('input[name="password"]');
        const event = new ClipboardEvent('paste', {bubbles: true, cancelable: true, clipboardData: new DataTransfer()});
        return !field.dispatchEvent(event);
    }""")
    assert prevented is False


def test_a_phone_shows_one_step_of_the_trail_the_way_back(site, live_server, browser):
    context, page = _context(browser, PHONE)
    try:
        page.goto(live_server.url + "/repertoire/matrice/")
        shown = [item.inner_text() for item in page.locator(".breadcrumbs li").all() if item.is_visible()]
        assert [text.strip("‹ ") for text in shown] == ["Répertoire"]
    finally:
        context.close()


def test_print_shows_link_addresses_and_no_frame(site, live_server, page):
    page.goto(live_server.url + "/repertoire/")
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator("footer.site-footer").is_visible()
    assert not page.locator("nav.breadcrumbs").is_visible()
    after = page.evaluate("""() => {
        const link = document.querySelector('main a[href^="/organismes/"]');
        return getComputedStyle(link, '::after').content;
    }""")
    assert "/organismes/" in after
