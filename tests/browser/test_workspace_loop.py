"""The caseworker's workspace in a real browser, phone first and keyboard first.

- The whole loop (send with consent → accept and assign → start → outcome → close), on a 360 px wide screen,
  each field reached with Tab and operated with the keyboard; the step's receiver is proposed without a
  reload and without the focus moving; a refused submit puts the focus on the error summary; a third
  organisation gets 404.
- axe finds no violation on any workspace page, in French and in English (status and heading checked first).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from referrals.models import Outcome, Referral, ReferralState
from tests.factories import PASSWORD, World, make_referral, make_responsibility, make_step

PHONE = {"width": 360, "height": 640}


@pytest.fixture
def loop_world(transactional_db):
    world = World()
    world.step = make_step("bilan-sante-loop", name_fr="Évaluation de santé", name_en="Health assessment")
    make_responsibility(world.receiver, world.step, "lead")
    return world


def active_matches(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element is focused: it is reachable with the keyboard, in the page's order."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active_matches(page, selector):
            return
    raise AssertionError(f"{selector} was not reached with the Tab key on {page.url}")


def keyboard_sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/connexion/?next=/references/")
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "/connexion/" not in page.url, f"{username} could not sign in"


def press_and_wait(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def choose_with_arrows(page, selector: str, label: str, limit: int = 40) -> None:
    """With the select focused, walk its options with the arrow key until the one meant is chosen."""
    tab_to(page, selector)
    for _ in range(limit):
        if page.evaluate("(s) => { const e = document.querySelector(s); return e.options[e.selectedIndex].text }",
                         selector).strip() == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label!r} not found in {selector}")


def first_card_top(page) -> float:
    return page.locator(".rf-cards li").first.bounding_box()["y"]


def test_the_whole_loop_on_a_phone_with_the_keyboard_only(loop_world, live_server, browser):
    world = loop_world
    context = browser.new_context(viewport=PHONE, locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # 1. The sender's caseworker opens the form from the workspace's tab.
    keyboard_sign_in(page, live_server, "alice")
    tab_to(page, "a[href='/references/nouvelle/']")
    press_and_wait(page)
    assert page.locator("h1").inner_text() == "Nouvelle référence"

    # An empty submit: the error summary takes the focus and links to the fields.
    tab_to(page, "button[name=send]")
    press_and_wait(page)
    assert active_matches(page, "[data-error-summary]")
    assert page.locator("[data-error-summary] a[href='#id_full_name']").count() == 1

    # Choosing the step with the arrow keys proposes its lead: no reload, the focus stays on the step.
    url_before = page.url
    choose_with_arrows(page, "select[name=pathway_step]", "Évaluation de santé")
    page.wait_for_function(
        "(pk) => document.querySelector('select[name=receiver]').value === pk", arg=str(world.receiver.pk))
    assert page.url == url_before and active_matches(page, "select[name=pathway_step]")
    assert world.receiver.name in page.locator("#rf-suggestion").inner_text()

    tab_to(page, "input[name=full_name]")
    page.keyboard.type("Famille Exemple-Clavier")
    tab_to(page, "input[name=consent_given]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=consent_method][value=verbal]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=consent_obtained_on]")
    page.keyboard.type("01052026")  # headless Chromium's date field: month, day, year, each segment in turn
    assert page.locator("input[name=consent_obtained_on]").input_value() == "2026-01-05"
    tab_to(page, "input[name=consent_purpose]")
    page.keyboard.type("Évaluation de santé")
    tab_to(page, "button[name=send]")
    press_and_wait(page)
    referral = Referral.objects.filter(person__full_name="Famille Exemple-Clavier").first()
    assert referral is not None, page.locator("main").inner_text()[:1500]
    assert referral.state == ReferralState.SENT and page.url.endswith(referral.get_absolute_url())
    assert "Famille" not in page.url
    assert active_matches(page, "[role=status]")  # the result is announced and read first
    assert referral.reference in page.locator("h1").inner_text()
    assert not page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")

    # 2. The receiver's intake: the card is on the first screen, then accept and assign with the keyboard.
    keyboard_sign_in(page, live_server, "bob")
    assert first_card_top(page) < PHONE["height"], "the inbox's first card is below the first screen"
    card = page.locator(".rf-cards li").first.inner_text()
    assert referral.reference in card and "Évaluation de santé" in card and "Famille" not in card
    tab_to(page, f"a[href='{referral.get_absolute_url()}']")
    press_and_wait(page)
    choose_with_arrows(page, "select[name=accept-assignee]", "bruno")
    tab_to(page, "button[value=accept]")
    press_and_wait(page)
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED and referral.assigned_to == world.receiver_cw

    # 3. The assigned caseworker starts, then records an outcome that did not succeed, with its reason.
    keyboard_sign_in(page, live_server, "bruno")
    page.goto(live_server.url + reverse("referrals:inbox") + "?tab=mine")
    assert referral.reference in page.locator(".rf-cards").inner_text()
    tab_to(page, f"a[href='{referral.get_absolute_url()}']")
    press_and_wait(page)
    tab_to(page, "button[value=start]")
    press_and_wait(page)
    tab_to(page, "input[name=complete-outcome_status]")  # Tab enters a radio group once; arrows choose in it
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=complete-outcome_status][value=unsuccessful]").is_checked()
    choose_with_arrows(page, "select[name=complete-outcome_reason]", "Impossible de joindre la personne")
    tab_to(page, "button[value=complete]")
    press_and_wait(page)
    referral.refresh_from_db()
    assert (referral.state, referral.outcome_status, referral.outcome_reason.slug) == (
        ReferralState.COMPLETED, Outcome.UNSUCCESSFUL, "person-unreachable")

    # 4. The sender closes the loop; a follow-up is scheduled by default.
    keyboard_sign_in(page, live_server, "alice")
    page.goto(live_server.url + reverse("referrals:outbox"))
    assert first_card_top(page) < PHONE["height"]
    tab_to(page, f"a[href='{referral.get_absolute_url()}']")
    press_and_wait(page)
    tab_to(page, "button[value=close]")
    press_and_wait(page)
    referral.refresh_from_db()
    assert referral.state == ReferralState.CLOSED and referral.follow_up_on is not None
    assert "Suivi prévu le" in page.locator(".rf-timeline").inner_text()

    # 5. A third organisation gets the same answer as for a referral that does not exist.
    keyboard_sign_in(page, live_server, "charlie")
    assert page.goto(live_server.url + referral.get_absolute_url()).status == 404
    assert errors == []
    context.close()


def test_withdraw_asks_first_and_says_what_happens(loop_world, live_server, browser):
    world = loop_world
    referral = make_referral(world.sender_cw, world.sender, world.receiver, step=world.step)
    context = browser.new_context(viewport=PHONE, locale="fr-CA")
    page = context.new_page()
    keyboard_sign_in(page, live_server, "alice")
    page.goto(live_server.url + referral.get_absolute_url())
    confirm = page.locator("button[value=withdraw]")
    assert not confirm.is_visible()  # behind its confirmation
    tab_to(page, ".rf-danger > summary")
    page.keyboard.press("Enter")
    assert confirm.is_visible() and "définitif" in page.locator(".rf-danger__what").inner_text()
    tab_to(page, "button[value=withdraw]")
    press_and_wait(page)
    referral.refresh_from_db()
    assert referral.state == ReferralState.WITHDRAWN
    assert "Référence retirée" in page.locator("[role=status]").inner_text()
    context.close()


def _workspace_pages(world, referral, language):
    with translation.override(language):
        return [
            (reverse("referrals:inbox"), {"fr": "Références reçues", "en": "Referrals received"}),
            (reverse("referrals:inbox") + "?tab=mine", {"fr": "Références reçues", "en": "Referrals received"}),
            (reverse("referrals:outbox"), {"fr": "Références envoyées", "en": "Referrals sent"}),
            (reverse("referrals:create"), {"fr": "Nouvelle référence", "en": "New referral"}),
            (referral.get_absolute_url(), {"fr": "Référence", "en": "Referral"}),
            (reverse("referrals:preferences"), {"fr": "Mes notifications", "en": "My notifications"}),
            (reverse("referrals:statistics"), {"fr": "Statistiques des références", "en": "Referral statistics"}),
            (reverse("referrals:statistics-report"), {"fr": "Références entre partenaires",
                                                       "en": "Referrals between partners"}),
            (reverse("referrals:access-log"), {"fr": "Journal d'accès", "en": "Access log"}),
        ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_workspace_page_is_accessible_in_both_languages(loop_world, live_server, axe_page,
                                                              check_accessibility, language):
    from django.contrib.auth.models import Permission

    world = loop_world
    referral = make_referral(world.sender_cw, world.sender, world.receiver, step=world.step)
    from referrals import services

    services.referral_accept(referral=referral, user=world.receiver_intake, assignee=world.receiver_cw)
    world.receiver_admin.user_permissions.add(Permission.objects.get(codename="view_referral_statistics"))
    keyboard_sign_in(axe_page, live_server, "berthe")  # the receiver's admin: every tab of the workspace
    for path, headings in _workspace_pages(world, referral, language):
        response = axe_page.goto(live_server.url + path)
        check_accessibility(axe_page, response, headings[language])
    # The destructive confirmation, opened, is accessible too.
    keyboard_sign_in(axe_page, live_server, "alice")
    response = axe_page.goto(live_server.url + referral.get_absolute_url())
    axe_page.locator(".rf-danger > summary").first.click()
    check_accessibility(axe_page, response, "Référence")
