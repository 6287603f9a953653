"""The public site in a real browser: French home at /, English under /en/, accessible, no CSP errors."""

import pytest

from portal.demo import ensure_home


@pytest.fixture
def site(transactional_db):
    return ensure_home()


def test_home_in_french_then_english(site, live_server, page, csp_errors):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Rimouski" in page.locator("h1").inner_text()

    switcher = page.get_by_role("link", name="English").or_(page.get_by_role("button", name="English"))
    switcher.first.click()
    page.wait_for_url("**/en/**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "welcome city" in page.locator("h1").inner_text()
    assert csp_errors == []


def test_home_is_accessible(site, live_server, axe_page, check_accessibility):
    for path, heading in (("/", site.title), ("/en/", site.get_translations().get().title)):
        check_accessibility(axe_page, axe_page.goto(live_server.url + path), heading)


def test_home_fits_a_phone(site, live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    context.close()
    assert not overflow, "the home page scrolls sideways at 320 px"


def test_practices_calendar_and_event_pages_are_accessible(
    transactional_db, live_server, axe_page, check_accessibility
):
    """The public site's main page types, built by the portal's demo loader, pass the WCAG 2.x A/AA scan."""
    import io

    from django.core.management.base import OutputWrapper

    from portal import demo as portal_demo
    from portal.demo_kit import DemoContext
    from portal.pages import EventPage, PracticePage

    portal_demo.load(DemoContext(stdout=OutputWrapper(io.StringIO()), style=None, verbosity=0))
    event = EventPage.objects.live().filter(locale__language_code="fr").order_by("start").last()
    practice = PracticePage.objects.live().filter(locale__language_code="fr").first()
    month = event.start.strftime("%Y-%m")
    practice_en, event_en = practice.get_translations().get(), event.get_translations().get()
    paths = [  # (path, a part of its heading)
        (practice.get_parent().url, practice.get_parent().title),
        (practice.url, practice.title),
        (event.get_parent().url, event.get_parent().title),
        (f"{event.get_parent().url}?month={month}", event.get_parent().title),
        (event.url, event.title),
        (practice_en.url, practice_en.title),
        (event_en.url, event_en.title),
        ("/recherche/?q=jumelage", "Recherche"),
        ("/accessibilite/", "Déclaration d'accessibilité"),
        ("/en/accessibility/", "Accessibility statement"),
        ("/nous-joindre/", "Nous joindre"),
        ("/en/contact/", "Contact us"),
    ]
    # the month view with an event listed once over several days (the demo's festival lasts days)
    spanning = next(e for e in EventPage.objects.live().filter(locale__language_code="fr") if e.is_multiday)
    paths.append((f"{spanning.get_parent().url}?month={spanning.local_start.strftime('%Y-%m')}",
                  spanning.get_parent().title))
    for path, heading in paths:
        check_accessibility(axe_page, axe_page.goto(live_server.url + path), heading)
