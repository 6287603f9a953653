"""The HSDS API's OpenAPI description says what it really answers and accepts (schemathesis found each)."""

import pytest
from django.test import Client

from directory.api_hsds import NDJSON, PAGE_MAX, PER_PAGE_MAX, SERVICES_PER_PAGE_MAX
from tests.factories import make_organization

pytestmark = pytest.mark.django_db

LISTS = ["/api/hsds/services/", "/api/hsds/service_at_locations/", "/api/hsds/organizations/",
         "/api/hsds/taxonomies/", "/api/hsds/taxonomy_terms/"]


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    return response.json()


def query_parameter(schema, path, name):
    return next(p["schema"] for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)


@pytest.mark.parametrize("path", LISTS)
def test_the_ndjson_format_is_a_declared_media_type(schema, path):
    make_organization()
    assert NDJSON in schema["paths"][path]["get"]["responses"]["200"]["content"]
    response = Client().get(path, {"format": "ndjson"})
    assert response.status_code == 200 and response["Content-Type"] == NDJSON


@pytest.mark.parametrize("path", LISTS)
def test_page_and_per_page_bounds_are_the_ones_enforced(schema, path):
    per_page_max = SERVICES_PER_PAGE_MAX if "service" in path else PER_PAGE_MAX
    assert query_parameter(schema, path, "per_page") == {"type": "integer", "minimum": 1, "maximum": per_page_max}
    assert query_parameter(schema, path, "page") == {"type": "integer", "minimum": 1, "maximum": PAGE_MAX}
    client = Client()
    assert client.get(path, {"per_page": per_page_max}).status_code == 200
    assert client.get(path, {"per_page": per_page_max + 1}).status_code == 400
    assert client.get(path, {"page": PAGE_MAX}).status_code == 200
    assert client.get(path, {"page": PAGE_MAX + 1}).status_code == 400


def test_services_come_up_to_ten_thousand_a_page_with_or_without_minimal():
    """It was 200 without `minimal` (undeclared), so a schema-valid per_page=730 was a 400."""
    client = Client()
    assert client.get("/api/hsds/services/", {"per_page": 730}).status_code == 200
    assert client.get("/api/hsds/services/", {"per_page": 730, "minimal": "true"}).status_code == 200


@pytest.mark.parametrize("path, query", [
    ("/api/hsds/services/", "modified_after="),  # was "no filter": the schema says a date-time
    ("/api/hsds/service_at_locations/", "modified_after="),
    ("/api/hsds/taxonomy_terms/", "format="),  # was json: the schema says json or ndjson
    ("/api/hsds/services/", "full="),  # was false: the schema says a boolean
    ("/api/hsds/taxonomy_terms/", "top_only="),
])
def test_a_parameter_given_empty_is_a_400(path, query):
    response = Client().get(f"{path}?{query}")
    assert response.status_code == 400
    assert query.rstrip("=") in response.json()["fields"]
