"""The referrals workspace in a real browser: the new-referral form's step suggestion (with its script),
accessibility of the workspace pages, and no sideways scrolling on a phone."""

import pytest

from referrals.models import Referral, ReferralState
from tests.factories import PASSWORD, World, make_referral, make_responsibility, make_step


@pytest.fixture
def workspace(transactional_db):
    world = World()
    step = make_step(name_fr="Évaluation de santé", name_en="Health assessment")
    make_responsibility(world.receiver, step, "lead")
    make_responsibility(world.third, step, "support")
    world.step = step
    world.referral = make_referral(world.sender_cw, world.sender, world.receiver, step=step)
    return world


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/connexion/?next=/references/")  # no Wagtail home page in these tests
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_new_referral_with_step_suggestion(workspace, live_server, page, csp_errors):
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    sign_in(page, live_server, "alice")
    page.goto(live_server.url + "/references/nouvelle/")
    page.select_option("select[name=pathway_step]", label="Évaluation de santé")
    page.wait_for_selector(".rf-suggestion")  # the script asked the server for the step's lead
    assert workspace.receiver.name in page.locator(".rf-suggestion").inner_text()
    assert workspace.third.name in page.locator(".rf-suggestion").inner_text()
    assert page.locator("select[name=receiver]").input_value() == str(workspace.receiver.pk)
    page.fill("input[name=full_name]", "Famille Exemple-Tremblay")
    page.check("input[name=consent_given]")
    page.check("input[name=consent_method][value=verbal]")
    page.fill("input[name=consent_obtained_on]", "2026-01-05")
    page.fill("input[name=consent_purpose]", "Évaluation de santé")
    page.get_by_role("button", name="Envoyer la référence").click()
    page.wait_for_url("**/references/*-*/")
    assert "Famille Exemple-Tremblay" not in page.url
    assert Referral.objects.filter(state=ReferralState.SENT).count() == 2
    assert csp_errors == [], missing


@pytest.mark.parametrize(("path", "heading"), [("/references/", "Références reçues"),
                                               ("/references/envoyees/", "Références envoyées"),
                                               ("/references/nouvelle/", "Nouvelle référence"),
                                               ("DETAIL", "Référence ")])
def test_workspace_pages_are_accessible(workspace, live_server, axe_page, check_accessibility, path, heading):
    sign_in(axe_page, live_server, "bob")
    url = workspace.referral.get_absolute_url() if path == "DETAIL" else path
    if path == "DETAIL":
        heading += workspace.referral.short_id
    check_accessibility(axe_page, axe_page.goto(live_server.url + url), heading)


def test_workspace_fits_a_phone(workspace, live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in(page, live_server, "bob")
    for path in ("/references/", workspace.referral.get_absolute_url(), "/references/nouvelle/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        assert not overflow, f"{path} scrolls sideways at 320 px"
    context.close()


def grant_statistics(user):
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_referral_statistics"))


def test_statistics_and_access_log_are_accessible(workspace, live_server, axe_page, check_accessibility, browser):
    sign_in(axe_page, live_server, "bob")
    axe_page.goto(live_server.url + workspace.referral.get_absolute_url())  # a read of personal data: logged
    axe_page.context.clear_cookies()
    grant_statistics(workspace.receiver_admin)
    sign_in(axe_page, live_server, "berthe")
    for path, heading in (("/references/statistiques/", "Statistiques des références"),
                          ("/references/journal/", "Journal d'accès"),
                          ("/en/referrals/statistics/", "Referral statistics")):
        response = axe_page.goto(live_server.url + path)
        assert axe_page.locator("table").count() >= 1, f"{path} shows no table"
        check_accessibility(axe_page, response, heading)
    axe_page.goto(live_server.url + "/references/journal/")
    assert "bob" in axe_page.locator("main table").first.inner_text()
    assert axe_page.locator('.rf-tabs a[aria-current="page"]').inner_text() == "Journal d'accès"
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    sign_in(phone, live_server, "berthe")
    for path in ("/references/statistiques/", "/references/journal/"):
        phone.goto(live_server.url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        assert not overflow, f"{path} scrolls sideways at 320 px"
    context.close()


def test_new_referral_errors_sit_beside_their_fields(workspace, live_server, axe_page, check_accessibility):
    sign_in(axe_page, live_server, "alice")
    axe_page.goto(live_server.url + "/references/nouvelle/")
    with axe_page.expect_navigation() as navigation:
        axe_page.locator("button[name=send]").click()
    axe_page.wait_for_load_state()
    assert axe_page.locator(".rf-error-summary a[href='#id_full_name']").count() == 1
    full_name = axe_page.locator("input[name=full_name]")
    described = full_name.get_attribute("aria-describedby") or ""
    assert full_name.get_attribute("aria-invalid") == "true"
    assert any(axe_page.locator(f"#{ident}").inner_text().strip() for ident in described.split())
    check_accessibility(axe_page, navigation.value, "Nouvelle référence", status=400)


@pytest.mark.parametrize(("path", "heading"), [("/references/", "Références reçues"),
                                               ("/en/referrals/", "Referrals received")], ids=["fr", "en"])
def test_workspace_tabs_wrap_on_a_360px_phone(workspace, live_server, browser, check_accessibility, path, heading):
    """The tabs wrap instead of scrolling sideways (they were one line in a scroller the phone's width), each a
    target of at least 24 × 24 px (WCAG 2.2 2.5.8) that shows its focus; axe at 0 violations."""
    grant_statistics(workspace.receiver_admin)  # every tab shown: statistics and the access log too
    context = browser.new_context(locale="fr-CA", bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server, "berthe")
        check_accessibility(page, page.goto(live_server.url + path), heading)
        tabs = page.locator(".rf-workspace .rf-tabs")
        assert tabs.evaluate("list => list.scrollWidth <= list.clientWidth"), "the tabs scroll sideways"
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        links = tabs.locator("a")
        assert links.count() >= 5
        boxes = [links.nth(index).bounding_box() for index in range(links.count())]
        for box in boxes:
            assert box["width"] >= 24 and box["height"] >= 24, box
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box  # all in view, none cut off
        assert len({box["y"] for box in boxes}) > 1  # wrapped on several rows
        # The box's own tabs (to answer, in progress, assigned…) wrap too: they were one line in a scroller.
        box_tabs = page.locator(".rf-boxtabs ul")
        assert box_tabs.evaluate("list => list.scrollWidth <= list.clientWidth"), "the box's tabs scroll sideways"
        for index in range(box_tabs.locator("a").count()):
            box = box_tabs.locator("a").nth(index).bounding_box()
            assert box["height"] >= 24 and box["x"] + box["width"] <= 360, box
        page.keyboard.press("Tab")  # the skip link, then the header's links, up to the first tab
        first = links.first
        first.focus()
        first.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert first.evaluate("link => link.matches(':focus-visible')")
        assert first.evaluate("link => getComputedStyle(link).outlineStyle") != "none"
    finally:
        context.close()
