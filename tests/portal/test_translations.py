"""Every French catalogue in the repository is complete, and its committed .mo matches its .po."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path for path in ROOT.glob("*/locale/fr/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def translations(entries):
    """{(context, msgid): msgstr or plural forms} for the translated, non-obsolete entries."""
    result = {}
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            result[(entry.msgctxt, entry.msgid)] = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        else:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


def test_there_is_at_least_the_portal_catalogue():
    assert ROOT / "portal/locale/fr/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path.relative_to(ROOT)}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po_path.relative_to(ROOT)}: {fuzzy}"
    assert catalogue.metadata.get("Plural-Forms"), "no Plural-Forms header: French plurals would go wrong"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(ROOT)} is missing: run msgfmt and commit it"
    expected = translations(polib.pofile(str(po_path)))
    compiled = translations(polib.mofile(str(mo_path)))
    assert compiled == expected, f"{mo_path.relative_to(ROOT)} is stale: recompile it from its .po"
