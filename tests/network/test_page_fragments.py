"""The network page with its parts cached (an editor, a cold page cache): one query, the partners' layers
never shown to anyone else from a cached fragment, and a change of the data on the next request."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_network_page, make_organization, make_partnership, make_user

pytestmark = pytest.mark.django_db

PARTNER_LAYER = ("Referral flows", "Flux de références")


@pytest.fixture
def parts(page_parts):
    """The page cache bypassed, parts cached (tests/conftest.py)."""


@pytest.fixture
def network(db):
    aibsl = make_organization("aibsl", acronym="AIBSL")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    moisson = make_organization("moisson", acronym="Moisson")
    partnership = make_partnership([aibsl, cisss], kind="agreement", since=datetime.date(2017, 1, 11),
                                   name="Accord Alpha")
    make_partnership([cisss, moisson], is_public=False, name="Entente confidentielle")
    make_network_page()
    return {"moisson": moisson, "partnership": partnership}


def test_a_cached_network_page_runs_one_query(parts, network):
    client = Client()
    for _ in range(3):  # the footer's settings row, then the parts
        assert client.get("/reseau/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/reseau/")
    assert len(queries) == 1  # was 13: the page's row only


def test_the_partners_form_and_facts_never_reach_another_visitor(parts, network):
    partner = Client()
    partner.force_login(make_user("caseworker", network["moisson"]))
    anonymous = Client()
    for _ in range(2):
        html = partner.get("/reseau/").content.decode()
        assert "Entente confidentielle" in html and any(label in html for label in PARTNER_LAYER)
        html = anonymous.get("/reseau/").content.decode()
        assert "Entente confidentielle" not in html and not any(label in html for label in PARTNER_LAYER)


def test_a_change_of_the_data_shows_on_the_next_request(parts, network):
    client = Client()
    assert 'id="row-nouveau"' not in client.get("/reseau/").content.decode()
    newcomer = make_organization("nouveau", acronym="Nouveau")
    make_partnership([newcomer, network["moisson"]], name="Accord Gamma")
    assert 'id="row-nouveau"' in client.get("/reseau/").content.decode()
