"""The home page's figures come from the register, under the small-number rule, computed once a day."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from arrivals import figures
from arrivals.blocks import RegisterFiguresBlock
from portal.disclosure import Suppressed


def _render():
    block = RegisterFiguresBlock()
    value = block.to_python({"heading": "Les personnes accueillies", "intro": "Avant.", "note": "Après."})
    return block.render(value)


def test_small_registers_show_fewer_than_the_threshold(register):
    register.agreement()
    register.household(adults=1, children=1)
    result = figures.public_figures()
    assert result.persons == Suppressed(3) and result.households == Suppressed(3)
    html = _render()
    assert "moins de 3" in html and "Avant." in html and "Après." in html


def test_figures_are_banded_and_languages_named_only_when_shared(register):
    register.agreement()
    for month in range(1, 6):
        register.household(arrival=date(2018, month, 3), adults=2, children=0)  # 5 households, 10 persons
    result = figures.public_figures()
    assert result.persons == 9  # banded: rounded down to a multiple of 3
    assert result.households == 3
    assert result.language_names == ["Espagnol"] and result.languages == 1
    assert result.progress == pytest.approx(4.5)  # 9 of 200


def test_figures_are_computed_once_a_day_through_the_cache(register, django_assert_num_queries):
    register.agreement()
    figures.public_figures()
    with django_assert_num_queries(0):
        figures.public_figures()
    register.household(arrival=date(2018, 1, 1), adults=1, children=1)
    assert figures.public_figures().persons == 0  # still the day's figures, from the cache
    assert figures.public_figures(refresh=True).persons == Suppressed(3)


@override_settings(DISCLOSURE_MIN_COUNT=1)
def test_refresh_command_bumps_the_public_pages_only_when_the_figures_change(register):
    from portal.page_cache import content_version

    register.agreement()
    register.household(arrival=date(2018, 1, 1))
    call_command("refresh_public_figures")
    first = content_version()
    call_command("refresh_public_figures")
    assert content_version() == first
    register.household(arrival=date(2018, 2, 1))
    call_command("refresh_public_figures")
    assert content_version() != first


def test_erase_command(register):
    call_command("erase_expired_households")


def test_key_figures_computed_from_the_register_when_it_holds_arrivals(register):
    """The editor chooses per figure: typed, or computed from the register (small-number rule, dated); a
    computed figure shows its typed fallback while the register is empty, and nothing without one."""
    from django.core.cache import cache

    from portal.blocks import KeyFiguresBlock

    block = KeyFiguresBlock()
    value = block.to_python({"heading": "", "figures": [
        {"number": "71", "label": "personnes accueillies", "source": "AIBSL",
         "period": "janvier 2017 au 20 juin 2018", "computed": "persons"},
        {"number": "", "label": "familles", "source": "", "period": "", "computed": "households"},
        {"number": "49 383", "label": "habitants", "source": "", "period": "2018", "computed": ""},
    ]})
    html = block.render(value)
    assert '<dt class="key-figure__number">71</dt>' in html and "janvier 2017 au 20 juin 2018" in html
    assert "familles" not in html and "49 383" in html
    register.agreement()
    for month in range(1, 6):
        register.household(arrival=date(2018, month, 3), adults=2, children=0)  # 5 households, 10 persons
    cache.clear()
    html = block.render(value)
    assert '<dt class="key-figure__number">9</dt>' in html  # banded, as the register's own block shows it
    assert '<dt class="key-figure__number">3</dt>' in html and "familles" in html
    assert "Source\u00a0: AIBSL, au " in html and "71" not in html
    assert "Source\u00a0: Registre d’accueil de l’organisme d’accueil, au " in html
    assert "49 383" in html
