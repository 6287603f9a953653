"""Typed readers for settings that come from the environment.

Each reader refuses a malformed value with a message that names the variable, so a typo in a
deployment fails at start-up instead of silently falling back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


WEAK_SECRET_PREFIX = "django-insecure"  # noqa: S105 (a prefix to refuse, not a secret)


def check_secret_key(key: str, *, name: str = "SECRET_KEY") -> str:
    """Refuse a missing or guessable key (the same bar as Django's security.W009)."""
    if not key:
        raise ImproperlyConfigured(
            f"{name} is not set. With DEBUG off, Passerelle refuses to start without a secret key. "
            "Generate one with: python -c \"import secrets; print(secrets.token_urlsafe(50))\""
        )
    if len(key) < 50 or len(set(key)) < 5 or key.startswith(WEAK_SECRET_PREFIX):
        raise ImproperlyConfigured(
            f"{name} is too weak: it needs at least 50 characters, 5 different ones, and must not "
            f"start with {WEAK_SECRET_PREFIX!r}. Generate one with: "
            "python -c \"import secrets; print(secrets.token_urlsafe(50))\""
        )
    return key
