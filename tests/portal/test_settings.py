"""Settings come from the environment and refuse bad values with a message naming the variable."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import env

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_UNDER_TEST = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRINT_DEBUG = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def load_settings(**environ):
    """Import portal.settings in a fresh interpreter with exactly this environment; return (code, output)."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_UNDER_TEST}
    clean.update(environ)
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", PRINT_DEBUG],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )
    return result.returncode, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start():
    code, output = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org")
    assert code != 0
    assert "SECRET_KEY is not set" in output


def test_production_with_weak_secret_key_refuses_to_start():
    code, output = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org", SECRET_KEY="django-insecure-" + "x" * 60)
    assert code != 0
    assert "SECRET_KEY is too weak" in output


def test_production_without_allowed_hosts_refuses_to_start():
    code, output = load_settings(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50))
    assert code != 0
    assert "ALLOWED_HOSTS" in output


def test_production_with_good_key_starts():
    code, output = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org", SECRET_KEY=secrets.token_urlsafe(50))
    assert code == 0, output
    assert output.strip().endswith("False")


def test_bad_boolean_names_the_variable():
    code, output = load_settings(DEBUG="maybe")
    assert code != 0
    assert "DEBUG must be true or false, not 'maybe'" in output


def test_check_deploy_is_clean_with_https_settings():
    environ = {k: v for k, v in os.environ.items() if k not in SETTINGS_UNDER_TEST}
    environ.update(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="example.org", HTTPS="true",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("reader", "raw", "message"),
    [
        (lambda: env.env_int("EMAIL_PORT", 587, minimum=1), "abc", "EMAIL_PORT must be a whole number"),
        (lambda: env.env_int("EMAIL_PORT", 587, minimum=1), "0", "EMAIL_PORT must be at least 1"),
        (
            lambda: env.env_choice("TASK_BACKEND", "immediate", ("immediate", "database")),
            "celery",
            "TASK_BACKEND must be one of",
        ),
    ],
)
def test_readers_reject_bad_values(monkeypatch, reader, raw, message):
    name = message.split()[0]
    monkeypatch.setenv(name, raw)
    with pytest.raises(ImproperlyConfigured, match=message):
        reader()


def test_readers_accept_good_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    monkeypatch.setenv("X_LIST", "a.org, b.org,,")
    assert env.env_bool("X_FLAG", False) is True
    assert env.env_list("X_LIST") == ["a.org", "b.org"]
    assert env.env_int("X_MISSING", 7) == 7


def test_postgresql_reads_choices_without_a_server_side_cursor():
    """Three round trips (DECLARE, FETCH, CLOSE) instead of one for each filter form's choices (issue 8)."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "false",
                       "ALLOWED_HOSTS": "example.org", "SECRET_KEY": secrets.token_urlsafe(50),
                       "DATABASE_URL": "postgres://user@127.0.0.1:5432/passerelle"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip().endswith("True"), result.stdout + result.stderr

