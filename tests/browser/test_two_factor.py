"""Two-step verification in a real browser, in French and in English: set it up from the account page (QR code,
key, first code, recovery codes), sign out, sign in again with the password and then the code (a wrong one
first, shown by the field). Each page scanned by axe; the codes are computed here from the device's key."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_admin, make_member, make_organization, totp_code

PASSWORD = "Passerelle-Rimouski-2026"

WORDS = {
    "fr": {"prefix": "", "security": "/compte/securite/", "heading": "Vérification en deux étapes",
           "set_up": "Configurer la vérification en deux étapes", "codes": "Vos codes de récupération",
           "saved": "J’ai conservé mes codes", "sign_in": "/connexion/", "wrong": "n’est pas le bon",
           "workspace": "/references/"},
    "en": {"prefix": "/en", "security": "/en/account/security/", "heading": "Two-step verification",
           "set_up": "Set up two-step verification", "codes": "Your recovery codes", "saved": "I saved my codes",
           "sign_in": "/en/sign-in/", "wrong": "is not right", "workspace": "/en/referrals/"},
}


@pytest.fixture
def people(transactional_db):
    organization = make_organization("maison-familles", name="Maison des familles")
    admin = make_admin(organization, "alice")
    caseworker = make_member(organization, username="camille")
    for user in (admin, caseworker):
        user.set_password(PASSWORD)
        user.save()
    return {"fr": admin, "en": caseworker}


def submit(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").last.click()
    return navigation.value


def sign_in(page, live_server, words, username):
    page.goto(live_server.url + words["sign_in"])
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    return submit(page)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_set_up_then_sign_in_with_a_code(people, live_server, axe_page, check_accessibility, language):
    words, user = WORDS[language], people[language]
    page = axe_page
    sign_in(page, live_server, words, user.username)
    assert page.url.endswith(words["workspace"])

    response = page.goto(live_server.url + words["security"])
    check_accessibility(page, response, words["heading"])
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=words["set_up"]).click()
    check_accessibility(page, navigation.value, words["set_up"])
    assert page.get_by_role("img").first.get_attribute("aria-label")  # the QR code, named
    device = TOTPDevice.objects.get(user=user)
    key_text = page.locator("code.secret").inner_text().replace(" ", "")
    import base64
    assert base64.b32decode(key_text) == device.bin_key  # the key to type by hand is the device's
    code_field = page.locator("input[name=code]")
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    assert code_field.get_attribute("inputmode") == "numeric"
    code_field.fill(totp_code(device))
    response = submit(page)
    check_accessibility(page, response, words["codes"])
    assert page.locator("ol.recovery-codes li").count() == 10
    page.get_by_role("link", name=words["saved"]).click()
    page.wait_for_load_state()

    page.context.clear_cookies()  # a new visit (the frame's sign-out button is tested by the frame's own tests)
    response = sign_in(page, live_server, words, user.username)
    check_accessibility(page, response, words["heading"])
    assert page.evaluate("document.activeElement.name") == "code"  # the one field, focused
    page.fill("input[name=code]", "000000" if totp_code(device, steps_ahead=1) != "000000" else "111111")
    response = submit(page)
    check_accessibility(page, response, words["heading"])
    error = page.locator("#id_code_error")
    assert words["wrong"] in error.inner_text()
    assert "id_code_error" in page.locator("input[name=code]").get_attribute("aria-describedby")
    device.refresh_from_db()
    page.fill("input[name=code]", totp_code(device, steps_ahead=1))
    submit(page)
    assert page.url.endswith(words["workspace"])
