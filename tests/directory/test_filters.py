"""The public filters of the directory and the matrix, written field by field (directory/_filter_fields.html):
labels, the value kept, errors tied to their field for screen readers, and lists that follow the data."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from directory.models import Sector
from portal import page_cache
from tests.factories import make_directory_page, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    monkeypatch.setattr(page_cache, "_cacheable_request", lambda request: False)
    return make_directory_page()


def _html(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_fields_have_labels_and_keep_the_chosen_values(page):
    sector = Sector.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    make_organization("clinique", sectors=[sector])
    html = _html("/repertoire/?q=clin&amp;sector=sante".replace("&amp;", "&"))
    for name in ("q", "kind", "sector", "language", "step"):
        assert f'<label for="id_{name}">' in html and f'id="id_{name}"' in html
    assert 'name="q" value="clin" maxlength="100"' in html
    assert '<option value="sante" selected>Santé</option>' in html
    assert '<option value="" selected>Tous les types</option>' in html


def test_an_invalid_choice_is_described_on_its_field(page):
    html = _html("/repertoire/matrice/?stage=nowhere")
    assert 'class="field field--error"' in html
    assert re.search(r'<ul class="errorlist" id="id_stage_error"><li>[^<]*nowhere', html)
    assert 'name="stage" aria-invalid="true" aria-describedby="id_stage_error" id="id_stage"' in html
    assert 'name="kind" id="id_kind"' in html  # the valid field carries no error


def test_a_new_sector_is_offered_on_the_next_request(page):
    assert "Logement" not in _html("/repertoire/")
    Sector.objects.create(slug="logement", name_fr="Logement", name_en="Housing")
    assert '<option value="logement">Logement</option>' in _html("/repertoire/")
    assert '<option value="logement">Housing</option>' in _html("/en/directory/")


def test_a_sector_filter_is_still_checked_against_the_database(page):
    Sector.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    _html("/repertoire/")  # the list is now a cached part
    Sector.objects.filter(slug="sante").delete()  # a queryset delete: the list above is stale
    html = _html("/repertoire/?sector=sante")
    assert 'aria-describedby="id_sector_error"' in html
