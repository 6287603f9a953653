"""Demo accounts: a random password printed once, kept on a second run, renewed by --reset-passwords."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management.base import OutputWrapper
from django.test import RequestFactory

from portal.demo_kit import DemoContext
from portal.management.commands.demo import Command

pytestmark = pytest.mark.django_db


def context(**options):
    return DemoContext(stdout=OutputWrapper(io.StringIO()), style=Command().style, verbosity=1, **options)


def test_a_new_account_gets_a_random_working_password_and_keeps_it_on_a_second_run():
    first = context()
    first.ensure_user(username="aibsl-intervenant", organization="AIBSL", role="Intervenant·e")
    password = first.accounts[0].password
    assert password and len(password) >= 16
    assert authenticate(RequestFactory().post("/"), username="aibsl-intervenant", password=password) is not None

    second = context()
    second.ensure_user(username="aibsl-intervenant", organization="AIBSL", role="Intervenant·e")
    assert second.accounts[0].password is None
    assert authenticate(RequestFactory().post("/"), username="aibsl-intervenant", password=password) is not None


def test_reset_passwords_gives_a_new_working_password():
    context().ensure_user(username="cisss-accueil")
    reset = context(reset_passwords=True)
    reset.ensure_user(username="cisss-accueil")
    password = reset.accounts[0].password
    assert authenticate(RequestFactory().post("/"), username="cisss-accueil", password=password) is not None


def test_two_accounts_never_share_a_password():
    ctx = context()
    ctx.ensure_user(username="one")
    ctx.ensure_user(username="two")
    assert ctx.accounts[0].password != ctx.accounts[1].password


def test_the_listing_shows_new_passwords_once_and_says_how_to_renew_kept_ones():
    ctx = context()
    ctx.ensure_user(username="admin", organization="Passerelle", role="platform admin", is_superuser=True)
    command = Command(stdout=io.StringIO())
    command.print_accounts(ctx)
    assert ctx.accounts[0].password in command.stdout._out.getvalue()

    again = context()
    again.ensure_user(username="admin", organization="Passerelle", role="platform admin", is_superuser=True)
    command = Command(stdout=io.StringIO())
    command.print_accounts(again)
    assert "passerelle demo --reset-passwords" in command.stdout._out.getvalue()
