"""Browser tests: a real headless Chromium (Debian's) driven by Playwright against Django's live server.

Where no Chromium is installed they skip with a clear message; in CI (PASSERELLE_REQUIRE_BROWSER=1) a
missing browser is a failure instead. Playwright's own browser download is never used.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Québec's SGQRI 008 3.0 covers WCAG 2.1 and 2.2 AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def wagtail_initial_data(transactional_db, settings):
    """The live server needs committed data, so these tests are transactional, and each one's flush empties
    the rows the migrations create: put back the default locale, the root page, the root collection and the
    starting list of outcome reasons, so every test starts from a migrated database."""
    from wagtail.models import Collection, Locale, Page

    from referrals.outcomes import DEFAULT_REASONS, OutcomeReason

    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    for order, (slug, label_fr, label_en) in enumerate(DEFAULT_REASONS):
        OutcomeReason.objects.get_or_create(slug=slug, defaults={"label_fr": label_fr, "label_en": label_en,
                                                                 "order": order * 10})


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        message = "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH): browser tests skipped"
        if os.environ.get("PASSERELLE_REQUIRE_BROWSER") == "1":
            pytest.fail(message.replace("skipped", "required in CI"))
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous
    # and safe here (the live server runs in another thread).
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """A page whose context bypasses the Content-Security-Policy, only so that axe-core can be injected."""
    context = browser.new_context(locale="fr-CA", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def check_accessibility():
    """Run axe-core (WCAG 2.x A/AA tags) on the page as it is and fail with a readable report — after checking
    that it is the page meant: `response` (what `goto` or the navigation returned) has `status`, and the
    page's first heading contains `heading`. Without that, a 404 or the sign-in page would be scanned and pass."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page, response, heading: str, status: int = 200):
        assert response is not None, f"{page.url}: no response"
        assert response.status == status, f"{page.url} answered {response.status}, not {status}"
        h1 = page.locator("h1").first.inner_text()
        assert heading in h1, f"{page.url} is not the page meant: its heading is {h1!r}, not {heading!r}"
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        violations = results.response["violations"]
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'][:5])}"
            for v in violations
        )
        assert not violations, f"{page.url} has accessibility violations:\n{report}"

    return run


@pytest.fixture
def csp_errors(page):
    """Collect console errors (CSP violations, script errors) seen on the page."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
