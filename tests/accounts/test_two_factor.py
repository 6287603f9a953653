"""Two-step verification (TOTP, django-otp): set-up and confirmation, the code step of the sign-in (with its
lockout by django-axes and the `next` page), recovery codes used once, turning it off, the admin's demands,
an organisation admin's view of who has it, a platform admin's reset, API tokens and the log."""

import base64
import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.middleware import UNVERIFIED_SESSION_KEY
from accounts.models import ApiToken
from directory.models import MembershipRole
from tests.factories import (
    give_second_factor,
    make_admin,
    make_member,
    make_organization,
    make_superuser,
    make_user,
    totp_code,
)

pytestmark = pytest.mark.django_db
PASSWORD = "Passerelle-Rimouski-2026"


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def organization():
    return make_organization("maison-familles", name="Maison des familles")


@pytest.fixture
def alice(organization):
    """An organisation admin with two-step verification."""
    user = with_password(make_admin(organization, "alice"))
    device, codes = give_second_factor(user)
    user.device, user.codes = device, codes
    return user


@pytest.fixture
def camille(organization):
    """A caseworker of the same organisation, without it."""
    return with_password(make_member(organization, username="camille"))


def password_step(client, username, **extra):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, **extra})


def code_step(client, code, *, recovery=False):
    url = reverse("accounts:sign_in_code") + ("?recovery=1" if recovery else "")
    return client.post(url, {"code": code})


def next_code(user):
    user.device.refresh_from_db()
    return totp_code(user.device, steps_ahead=1)  # the set-up spent the current step's code


# --- set-up ---------------------------------------------------------------------------------------------
def test_set_up_shows_a_qr_code_and_the_key_and_is_on_only_after_a_first_code(client, camille):
    client.force_login(camille)
    page = client.get(reverse("accounts:second_factor_setup"))
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=camille)
    assert page.status_code == 200 and not device.confirmed
    assert '<svg role="img" aria-label=' in html and "<path" in html  # drawn here, no image host
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    import base64
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in html
    assert "otpauth://totp/Passerelle%3Acamille?" in html
    assert not services.has_second_factor(camille)
    # A reload shows the same key (the app may have scanned it already).
    client.get(reverse("accounts:second_factor_setup"))
    assert TOTPDevice.objects.filter(user=camille).count() == 1

    wrong = client.post(reverse("accounts:second_factor_setup"), {"code": "000000" if totp_code(device) != "000000"
                                                                     else "111111"})
    assert wrong.status_code == 400 and not services.has_second_factor(camille)
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert 'aria-describedby="id_code_helptext id_code_error"' in wrong.content.decode()

    done = client.post(reverse("accounts:second_factor_setup"), {"code": totp_code(device)})
    assert done.status_code == 200 and services.has_second_factor(camille)
    codes = [token.token for token in StaticToken.objects.filter(device__user=camille)]
    assert len(codes) == 10
    assert all(f"{code[:4]}-{code[4:]}" in done.content.decode() for code in codes)  # shown once, here
    assert done["Cache-Control"].startswith("max-age=0")
    security = client.get(reverse("accounts:security")).content.decode()
    assert all(code not in security for code in codes)
    assert "10 codes de récupération inutilisés" in security


def test_a_key_shown_to_another_session_is_not_the_one_set_up(camille):
    """Someone who once had the password opens the set-up page and notes the key; when the person later
    sets it up in their own session, they get a key of their own (else the second factor would be shared)."""
    earlier = Client()
    earlier.force_login(camille)
    earlier.get(reverse("accounts:second_factor_setup"))
    noted = TOTPDevice.objects.get(user=camille).key

    client = Client()
    client.force_login(camille)
    client.get(reverse("accounts:second_factor_setup"))
    device = TOTPDevice.objects.get(user=camille)
    assert device.key != noted
    client.get(reverse("accounts:second_factor_setup"))  # a reload in the same session keeps its key
    assert TOTPDevice.objects.get(user=camille).key == device.key
    # The earlier session coming back cannot read the key being set up either.
    earlier.get(reverse("accounts:second_factor_setup"))
    assert TOTPDevice.objects.get(user=camille).key not in (noted, device.key)
    assert client.post(reverse("accounts:second_factor_setup"), {"code": totp_code(device)}).status_code == 400
    # Nor by sending a wrong code (the page shown again carries the key).
    client.get(reverse("accounts:second_factor_setup"))
    being_set_up = TOTPDevice.objects.get(user=camille)
    shown = earlier.post(reverse("accounts:second_factor_setup"), {"code": "12345"}).content.decode()
    assert base64.b32encode(being_set_up.bin_key).decode()[:8] not in shown.replace(" ", "")


def test_letters_are_not_a_code(client, camille):
    client.force_login(camille)
    client.get(reverse("accounts:second_factor_setup"))
    response = client.post(reverse("accounts:second_factor_setup"), {"code": "abcdef"})
    assert response.status_code == 400 and "6 chiffres" in response.content.decode()


def test_set_up_page_is_bilingual(client, camille):
    client.force_login(camille)
    assert "Configurer la vérification en deux étapes" in client.get(
        reverse("accounts:second_factor_setup")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("accounts:second_factor_setup"))
    assert "Set up two-step verification" in english.content.decode()


def test_set_up_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:second_factor_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- sign-in ---------------------------------------------------------------------------------------------
def test_without_a_second_factor_the_password_is_enough(client, camille):
    response = password_step(client, "camille")
    assert response.status_code == 302 and response["Location"] == reverse("referrals:inbox")
    assert "_auth_user_id" in client.session


def test_the_password_alone_does_not_sign_in_who_has_a_second_factor(client, alice):
    response = password_step(client, "alice")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign_in_code")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:account")).status_code == 302  # still signed out
    page = client.get(reverse("accounts:sign_in_code"))
    html = page.content.decode()
    assert page.status_code == 200 and "Vérification en deux étapes" in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html

    done = code_step(client, next_code(alice))
    assert done.status_code == 302 and done["Location"] == reverse("referrals:inbox")
    assert int(client.session["_auth_user_id"]) == alice.pk
    assert client.get(reverse("accounts:account")).status_code == 200


def test_django_axes_keeps_no_code_it_was_sent(client, alice):
    password_step(client, "alice")
    wrong = "000000" if next_code(alice) != "000000" else "111111"
    code_step(client, wrong)
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 1 and wrong not in attempt.post_data


def test_the_next_page_survives_the_code_step(client, alice):
    password_step(client, "alice", next="/reseau/")
    assert code_step(client, next_code(alice))["Location"] == "/reseau/"


def test_an_outside_next_is_still_ignored(client, alice):
    password_step(client, "alice", next="https://evil.example/")
    assert code_step(client, next_code(alice))["Location"] == reverse("referrals:inbox")


def test_a_wrong_code_does_not_sign_in_and_says_so_by_the_field(client, alice):
    password_step(client, "alice")
    response = code_step(client, "000000" if next_code(alice) != "000000" else "111111")
    html = response.content.decode()
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert 'id="id_code_error"' in html and 'aria-invalid="true"' in html


def test_wrong_codes_lock_out_like_wrong_passwords(client, alice, settings):
    password_step(client, "alice")
    wrong = "000000" if next_code(alice) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert code_step(client, wrong).status_code == 200
    assert code_step(client, wrong).status_code == 429
    # The right code is refused now, and so is the password, from anywhere.
    locked = code_step(client, next_code(alice))
    assert locked.status_code == 429 and "Connexion suspendue" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert password_step(Client(REMOTE_ADDR="10.9.9.9"), "alice").status_code == 429
    # The lock lifts with time, as for passwords.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME
                                 - datetime.timedelta(minutes=1))
    fresh = Client()
    password_step(fresh, "alice")
    assert code_step(fresh, next_code(alice)).status_code == 302


def test_a_new_password_step_does_not_reset_the_count_of_wrong_codes(client, alice, settings):
    """The password is right each time: only a finished sign-in (after the code) resets django-axes' count."""
    wrong = "000000" if next_code(alice) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_step(client, "alice")
        code_step(client, wrong)
    password_step(client, "alice")
    assert code_step(client, wrong).status_code == 429


def test_the_code_step_waits_a_few_minutes_only(client, alice, settings):
    password_step(client, "alice")
    session = client.session
    session["accounts.sign_in_pending"]["at"] -= settings.SECOND_STEP_MINUTES * 60 + 1
    session.save()
    response = code_step(client, next_code(alice))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_step_goes_back_to_sign_in(client):
    response = client.get(reverse("accounts:sign_in_code"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_a_recovery_code_works_once(client, alice):
    code = alice.codes[0]
    password_step(client, "alice")
    page = client.get(reverse("accounts:sign_in_code") + "?recovery=1").content.decode()
    assert 'inputmode="numeric"' not in page and "Code de récupération" in page
    response = code_step(client, f"{code[:4]}-{code[4:].upper()}", recovery=True)  # as printed, any case
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == alice.pk
    assert services.recovery_codes_left(alice) == 9

    again = Client()
    password_step(again, "alice")
    assert code_step(again, code, recovery=True).status_code == 200
    assert "_auth_user_id" not in again.session


def test_an_app_code_is_not_a_recovery_code_and_the_reverse(client, alice):
    password_step(client, "alice")
    assert code_step(client, alice.codes[0]).status_code == 200  # letters in the app's field
    assert code_step(client, next_code(alice), recovery=True).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_code_is_accepted_once(client, alice):
    code = next_code(alice)
    password_step(client, "alice")
    assert code_step(client, code).status_code == 302
    other = Client()
    password_step(other, "alice")
    assert code_step(other, code).status_code == 200  # replayed: refused


# --- other doors -----------------------------------------------------------------------------------------
def test_wagtails_sign_in_form_is_ours(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/pages/"
    assert client.get("/admin/")["Location"].startswith(reverse("login"))


def test_wagtails_sign_in_form_signs_nobody_in(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_session_signed_in_another_way_gives_its_code_before_anything(alice):
    client = Client()
    client.force_login(alice)  # any sign-in but ours (Django's login()): no code given
    assert client.session[UNVERIFIED_SESSION_KEY] is True
    for url in (reverse("accounts:account"), reverse("referrals:inbox"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in_code"))
    assert client.get(reverse("accounts:sign_in_code")).status_code == 200
    assert client.get("/api/v1/referrals/").status_code in (401, 403)  # anonymous to the API
    response = client.post(reverse("accounts:sign_in_code") + "?next=/reseau/", {"code": next_code(alice)})
    assert response.status_code == 302 and response["Location"] == "/reseau/"
    assert client.get(reverse("accounts:account")).status_code == 200


def test_the_admin_asks_for_the_code_of_a_session_from_before_the_set_up(organization):
    admin = with_password(make_admin(organization, "bernard"))
    client = Client()
    assert password_step(client, "bernard").status_code == 302
    assert client.get("/admin/").status_code == 200
    other = Client()
    other.force_login(admin)
    other.get(reverse("accounts:second_factor_setup"))
    other.post(reverse("accounts:second_factor_setup"), {"code": totp_code(TOTPDevice.objects.get(user=admin))})
    assert other.get("/admin/").status_code == 200  # the session that set it up gave a code
    response = client.get("/admin/")  # the older session did not
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in_code"))


def test_admins_must_set_it_up_when_the_setting_says_so(client, organization, settings):
    admin = make_admin(organization, "bernard")
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    settings.REQUIRE_2FA_FOR_ADMINS = True
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:security")
    page = client.get(response["Location"]).content.decode()
    assert "Configurez la vérification en deux étapes" in page
    give_second_factor(admin)
    client.force_login(admin)  # force_login sets no device: the code step comes first
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:sign_in_code"))
    device = TOTPDevice.objects.get(user=admin)
    client.post(reverse("accounts:sign_in_code"), {"code": totp_code(device, steps_ahead=1)})
    assert client.get("/admin/").status_code == 200


def test_platform_admins_must_set_it_up_too_and_members_need_not(client, camille, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    client.force_login(make_superuser())
    assert client.get("/admin/")["Location"] == reverse("accounts:security")
    member = Client()
    member.force_login(camille)
    assert member.get(reverse("referrals:inbox")).status_code == 200


# --- turning it off, recovery codes, tokens ----------------------------------------------------------------
def signed_in(user) -> Client:
    client = Client()
    password_step(client, user.get_username())
    code_step(client, next_code(user))
    assert "_auth_user_id" in client.session
    return client


def test_turning_it_off_needs_the_password_and_a_code(alice, settings):
    client = signed_in(alice)
    url = reverse("accounts:second_factor_disable")
    no_password = client.post(url, {"password": "wrong", "code": alice.codes[1]})
    assert no_password.status_code == 400 and services.has_second_factor(alice)
    assert 'id="id_password_error"' in no_password.content.decode()
    no_code = client.post(url, {"password": PASSWORD, "code": "123"})
    assert no_code.status_code == 400 and services.has_second_factor(alice)
    assert AccessAttempt.objects.get().failures_since_start == 2  # counted as failed sign-ins
    done = client.post(url, {"password": PASSWORD, "code": alice.codes[1]})
    assert done.status_code == 302 and not services.has_second_factor(alice)
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticToken.objects.filter(device__user=alice).exists()


def test_a_locked_account_cannot_turn_it_off(alice, settings):
    """Wrong tries here count as failed sign-ins, so once locked the right password and code are refused too."""
    client = signed_in(alice)
    url = reverse("accounts:second_factor_disable")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"password": "wrong", "code": "123456"})
    locked = client.post(url, {"password": PASSWORD, "code": alice.codes[1]})
    assert locked.status_code == 429 and services.has_second_factor(alice)


def test_new_recovery_codes_replace_the_old(alice):
    client = signed_in(alice)
    response = client.post(reverse("accounts:recovery_codes"))
    assert response.status_code == 200
    new = list(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(alice.codes)
    assert all(f"{code[:4]}-{code[4:]}" in response.content.decode() for code in new)


def test_an_unverified_session_cannot_change_codes_or_make_tokens(alice):
    client = Client()
    client.force_login(alice)
    session = client.session
    del session[UNVERIFIED_SESSION_KEY]  # as a session from before the set-up: not flagged
    session.save()
    response = client.post(reverse("accounts:recovery_codes"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in_code"))
    response = client.post(reverse("accounts:account"), {"name": "script", "days": 30})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in_code"))
    assert not ApiToken.objects.filter(user=alice).exists()
    assert set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True)) == set(alice.codes)


def test_a_verified_session_makes_a_token_and_the_token_needs_no_code(alice):
    client = signed_in(alice)
    response = client.post(reverse("accounts:account"), {"name": "script", "days": 30})
    assert response.status_code == 200 and ApiToken.objects.filter(user=alice).count() == 1
    token = response.context["new_token"]
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/referrals/").status_code == 200


# --- who sees what ------------------------------------------------------------------------------------------
def test_an_organisation_admin_sees_who_has_it_and_no_secret(alice, camille):
    client = signed_in(alice)
    html = client.get(reverse("accounts:members", kwargs={"slug": "maison-familles"})).content.decode()
    assert "Vérification en deux étapes" in html
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in html.split('<tr><th scope="row">')[1:]}
    assert "<td>activée</td>" in rows["alice"]  # not "désactivée", which holds "activée"
    assert "<td>désactivée</td>" in rows["camille"]
    assert alice.device.key not in html and all(code not in html for code in alice.codes)


def test_a_caseworker_does_not_see_the_members_page(camille, alice):
    client = Client()
    client.force_login(camille)
    assert client.get(reverse("accounts:members", kwargs={"slug": "maison-familles"})).status_code == 403


def test_a_platform_admin_resets_a_device_and_it_is_logged(alice, caplog):
    platform = make_superuser()
    give_second_factor(platform)
    client = Client()
    client.force_login(platform)
    session = client.session
    device = TOTPDevice.objects.get(user=platform)
    session["otp_device_id"] = device.persistent_id
    session.save()
    listing = client.get(reverse("accounts_second_factors"))
    assert listing.status_code == 200 and "alice" in listing.content.decode()
    assert alice.device.key not in listing.content.decode()
    with caplog.at_level("INFO", logger="passerelle.accounts"):
        assert client.post(reverse("accounts_second_factors"), {"user": alice.pk}).status_code == 302
    assert not services.has_second_factor(alice)
    record = next(r for r in caplog.records if r.getMessage() == "second factor reset by an admin")
    assert record.user_id == alice.pk and record.admin_id == platform.pk
    # Alice signs in with her password alone now.
    fresh = Client()
    assert password_step(fresh, "alice")["Location"] == reverse("referrals:inbox")


def test_only_platform_admins_reset(alice, organization):
    other_admin = make_admin(make_organization("autre"), "dominique")
    client = Client()
    client.force_login(other_admin)
    assert client.post(reverse("accounts_second_factors"), {"user": alice.pk}).status_code in (302, 403)
    assert services.has_second_factor(alice)
    with pytest.raises(services.AccountError):
        services.second_factor_reset(user=alice, by=make_user("nobody"))


def test_the_log_names_ids_and_never_a_code_or_key(client, organization, caplog):
    user = with_password(make_member(organization, MembershipRole.CASEWORKER, username="eliane"))
    with caplog.at_level("INFO", logger="passerelle.accounts"):
        device, codes = give_second_factor(user)
        user.device, user.codes = device, codes
        password_step(client, "eliane")
        code_step(client, "000000" if next_code(user) != "000000" else "111111")
        code_step(client, next_code(user))
        client.post(reverse("accounts:recovery_codes"))
        new_codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        client.post(reverse("accounts:second_factor_disable"), {"password": PASSWORD, "code": new_codes[0]})
    ours = [r for r in caplog.records if r.name == "passerelle.accounts"]
    assert {"second factor enabled", "second step failed", "second step passed", "recovery codes regenerated",
            "second factor disabled"} <= {r.getMessage() for r in ours}
    secrets = [device.key, *codes, *new_codes, "eliane"]
    for record in ours:
        text = record.getMessage() + " " + " ".join(str(value) for value in record.__dict__.values())
        assert not any(secret in text for secret in secrets), record.getMessage()


def test_a_session_waiting_for_its_code_is_let_through_once_the_factor_is_reset(alice):
    """A session flagged for the code step (signed in some other way, or from before the set-up) whose second
    factor a platform admin then removes reaches its page: no loop between the page and the code step."""
    client = Client()
    client.force_login(alice)  # signed in without the code step: flagged
    assert client.session.get(UNVERIFIED_SESSION_KEY)
    assert client.get(reverse("accounts:security"))["Location"].startswith(reverse("accounts:sign_in_code"))
    platform = make_superuser()
    services.second_factor_reset(user=alice, by=platform)
    assert client.get(reverse("accounts:security")).status_code == 200
    assert UNVERIFIED_SESSION_KEY not in client.session
