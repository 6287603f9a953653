"""Account journeys in a real browser: the sign-in lockout, a password reset by e-mail, and an invitation
from an organisation admin to a new member who lands in their workspace. Each page scanned by axe."""

import re

import pytest
from django.core import mail

from directory.models import Membership, MembershipRole
from tests.factories import make_admin, make_member, make_organization

PASSWORD = "Passerelle-Rimouski-2026"


@pytest.fixture
def people(transactional_db):
    organization = make_organization("maison-familles", name="Maison des familles")
    admin = make_admin(organization, "alice")
    caseworker = make_member(organization, username="camille", email="camille@example.org")
    for user in (admin, caseworker):
        user.set_password(PASSWORD)
        user.save()
    return {"org": organization, "admin": admin, "caseworker": caseworker}


def submit(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").last.click()
    return navigation.value


def sign_in(page, live_server, username, password):
    page.goto(live_server.url + "/connexion/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    return submit(page)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_lockout_journey(people, live_server, axe_page, check_accessibility, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(axe_page, live_server, "camille", "mauvais")
        assert response.status == 200
    sign_in(axe_page, live_server, "camille", "mauvais")
    response = sign_in(axe_page, live_server, "camille", PASSWORD)  # the right one, too late
    check_accessibility(axe_page, response, "Connexion suspendue", status=429)
    assert "Mot de passe oublié" in axe_page.content()


def test_password_reset_journey(people, live_server, axe_page, check_accessibility):
    response = axe_page.goto(live_server.url + "/connexion/")
    axe_page.get_by_role("link", name="Mot de passe oublié?").click()
    axe_page.wait_for_load_state()
    check_accessibility(axe_page, axe_page.goto(axe_page.url), "Mot de passe oublié")
    axe_page.fill("input[name=email]", "camille@example.org")
    response = submit(axe_page)
    check_accessibility(axe_page, response, "Consultez vos courriels")
    assert len(mail.outbox) == 1
    response = axe_page.goto(live_server.url + link_in(mail.outbox[0]))
    check_accessibility(axe_page, response, "Choisir un nouveau mot de passe")
    new = "Nouveau-Passe-Rimouski-77"
    axe_page.fill("input[name=new_password1]", new)
    axe_page.fill("input[name=new_password2]", new)
    response = submit(axe_page)
    check_accessibility(axe_page, response, "Mot de passe changé")
    response = sign_in(axe_page, live_server, "camille", new)
    assert axe_page.url.endswith("/references/")


def test_invitation_journey(people, live_server, axe_page, check_accessibility, browser):
    sign_in(axe_page, live_server, "alice", PASSWORD)
    response = axe_page.goto(live_server.url + "/organismes/maison-familles/membres/")
    check_accessibility(axe_page, response, "Membres de Maison des familles")
    axe_page.fill("input[name=email]", "nouvelle@example.org")
    axe_page.select_option("select[name=role]", MembershipRole.INTAKE)
    response = submit(axe_page)
    assert "nouvelle@example.org" in axe_page.locator("main").inner_text()
    assert len(mail.outbox) == 1
    context = browser.new_context(locale="fr-CA", bypass_csp=True)
    newcomer = context.new_page()
    try:
        response = newcomer.goto(live_server.url + link_in(mail.outbox[0]))
        check_accessibility(newcomer, response, "Rejoindre Maison des familles")
        newcomer.fill("input[name=username]", "nadia")
        newcomer.fill("input[name=password1]", PASSWORD)
        newcomer.fill("input[name=password2]", PASSWORD)
        submit(newcomer)
        assert newcomer.url.endswith("/references/")
        membership = Membership.objects.get(user__username="nadia")
        assert membership.organization == people["org"] and membership.role == MembershipRole.INTAKE
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_headers_sign_out_button_takes_a_plain_click(people, live_server, browser, width):
    """The button sat, as a flex box, inside an inline form: the form's line boxes lay over it and a click
    (Playwright's actionability check) landed on the form instead of the button."""
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=width < 400)
    page = context.new_page()
    try:
        sign_in(page, live_server, "camille", PASSWORD)
        if width < 400:
            page.locator("summary.site-menu__toggle").click()
        with page.expect_response(lambda r: r.request.method == "POST" and "/deconnexion/" in r.url) as signed_out:
            page.locator("header").get_by_role("button", name="Se déconnecter").click(timeout=3000)
        assert signed_out.value.status == 302
    finally:
        context.close()
