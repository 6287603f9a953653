"""The privacy page: in the footer of every page, in both languages, with the person in charge."""

import pytest
from django.utils import translation
from wagtail.models import Site

from privacy.models import PrivacySettings
from tests.factories import make_directory_page

pytestmark = pytest.mark.django_db


def test_privacy_page_names_the_person_in_charge_in_both_languages(client):
    make_directory_page()
    site = Site.objects.get(is_default_site=True)
    PrivacySettings.objects.create(site=site, officer_name="Geneviève Exemple", officer_title="Responsable",
                                   officer_email="confidentialite@example.org")
    html = client.get("/confidentialite/").content.decode()
    assert "Geneviève Exemple" in html and "confidentialite@example.org" in html
    assert "Commission d'accès à l'information" in html
    with translation.override("en"):
        english = client.get("/en/privacy/")
    assert english.status_code == 200 and "Person in charge" in english.content.decode()


def test_without_a_person_in_charge_the_page_says_so(client):
    response = client.get("/confidentialite/")
    assert response.status_code == 200 and "pas encore indiquée" in response.content.decode()


def test_the_footer_links_to_the_privacy_page(client):
    make_directory_page()
    assert 'href="/confidentialite/"' in client.get("/repertoire/").content.decode()
