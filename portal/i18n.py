"""Bilingual model fields: `name_fr` / `name_en` pairs read through one attribute in the active language."""

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


class Localized:
    """Descriptor: `mandate = Localized("mandate")` reads `mandate_<lang>`, falling back to French
    (`mandate_fr`), or to the field named by `fallback` where the French value has no suffix."""

    def __init__(self, base: str, *, fallback: str | None = None):
        self.base = base
        self.fallback = fallback

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, f"{self.base}_{current_language()}", "")
        return value or getattr(instance, self.fallback or f"{self.base}_{settings.LANGUAGE_CODE}", "")
