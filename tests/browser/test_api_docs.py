"""The API's documentation pages work under the site's CSP: Swagger UI and Redoc render the operations, with
assets served by the site itself (no CDN, no Google Fonts) and no CSP violation."""

import pytest


@pytest.fixture
def violations(page):
    found = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    # Redoc hard-codes its vendor's logo (an image, allowed on that page only); nothing else from outside.
    page.on("request", lambda request: found.append(f"outside request: {request.url}")
            if not request.url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:",
                                           "https://cdn.redoc.ly/redoc/logo-mini.svg")) else None)
    return found


def test_swagger_ui_renders_the_operations(live_server, page, violations):
    response = page.goto(live_server.url + "/api/docs/")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() > 10
    assert page.get_by_text("/api/v1/referrals/").first.is_visible()
    assert violations == []


def test_redoc_renders_the_operations(live_server, page, violations):
    response = page.goto(live_server.url + "/api/redoc/")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("[data-section-id^='tag/']", timeout=60_000)
    assert page.locator("[data-section-id*='operation/']").count() > 10
    assert violations == []
