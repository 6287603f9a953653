"""The network API's filters: the schema lists the choices the filter form accepts, and an empty value is
a 400, as the schema says (schemathesis found both)."""

import pytest
from django.test import Client

from directory.models import OrganizationKind
from network.graph import LAYERS
from network.models import PartnershipKind
from tests.factories import make_network_page, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    return Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


@pytest.mark.parametrize("path", ["/api/v1/network/graph/", "/api/v1/network/metrics/"])
def test_choice_filters_are_declared_as_enums(schema, path):
    parameters = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
    assert set(parameters["layers"]["items"]["enum"]) == set(LAYERS)
    assert set(parameters["kinds"]["items"]["enum"]) == set(OrganizationKind.values)
    assert set(parameters["partnership_kinds"]["items"]["enum"]) == set(PartnershipKind.values)


@pytest.mark.parametrize("path", ["/api/v1/network/graph/", "/api/v1/network/metrics/"])
@pytest.mark.parametrize("name", ["layers", "kinds", "partnership_kinds", "as_of", "referrals_since", "sectors"])
def test_a_filter_given_empty_is_a_400_in_the_one_shape(path, name):
    make_organization()
    response = Client().get(f"{path}?{name}=")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and name in body["fields"]


def test_the_page_keeps_taking_its_own_blank_date_fields(client):
    """The HTML form submits blank dates as `as_of=`: the page (not the API) reads them as 'today'."""
    make_organization()
    make_network_page()
    assert client.get("/reseau/?as_of=&compare=&layers=partnerships").status_code == 200


@pytest.mark.parametrize("value", ["null", "hier", "2026-13-45"])
def test_a_date_the_form_drops_for_anonymous_callers_is_still_a_date(value):
    """referrals_since is a partner's filter: the form ignored it for anonymous callers, junk included."""
    make_organization()
    response = Client().get("/api/v1/network/graph/", {"referrals_since": value})
    assert response.status_code == 400 and "referrals_since" in response.json()["fields"]
    assert Client().get("/api/v1/network/graph/", {"referrals_since": "2026-01-01"}).status_code == 200
