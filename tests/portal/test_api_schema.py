"""The OpenAPI schema says who may call each operation and every error it can answer, in the one shape."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


PUBLIC_READS = [
    "/api/v1/organizations/", "/api/v1/organizations/{slug}/", "/api/v1/pathway-steps/",
    "/api/v1/pathway-steps/{slug}/", "/api/v1/responsibilities/", "/api/v1/responsibilities/{id}/",
    "/api/v1/matrix/", "/api/v1/network/graph/", "/api/v1/network/metrics/", "/api/v1/arrivals/figures/",
    "/api/hsds/organizations/", "/api/hsds/services/{id}/",
]


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_reads_need_no_authentication(schema, path):
    operation = schema["paths"][path]["get"]
    assert {} in operation["security"]
    assert "403" not in operation["responses"] and "429" in operation["responses"]
    assert Client().get(path.replace("{slug}", "x").replace("{id}", "1")).status_code in (200, 404)


def test_protected_and_write_operations_need_authentication(schema):
    for path, method, operation in operations(schema):
        if method != "GET" or path.startswith(("/api/v1/referrals/", "/api/v1/arrivals/households/")):
            assert {} not in operation["security"], (method, path)
            assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_every_error_response_is_in_the_one_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail", "code", "fields"]
    for path, method, operation in operations(schema):
        errors = {status: response for status, response in operation["responses"].items() if status >= "400"}
        assert errors, (method, path)
        for response in errors.values():
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        if "{" in path:
            assert "404" in errors, (method, path)
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            assert {"400", "409", "413"} <= set(errors), (method, path)


def test_the_documented_statuses_are_the_ones_answered(schema):
    member = make_member(make_organization("aibsl"))
    client = Client()
    cases = [
        (Client(), "post", "/api/v1/referrals/", 401),
        (Client(), "get", "/api/v1/referrals/x/", 404),
    ]
    client.force_login(member)
    cases.append((client, "post", "/api/v1/pathway-steps/", 403))
    for caller, method, path, status in cases:
        response = getattr(caller, method)(path, {}, content_type="application/json")
        assert response.status_code == status
        template = path if path in schema["paths"] else "/api/v1/referrals/{id}/"
        assert str(status) in schema["paths"][template][method]["responses"]
        assert set(response.json()) == {"detail", "code", "fields"}


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_a_page_past_the_last_is_a_documented_404(schema):
    assert Client().get("/api/v1/pathway-steps/?page=999").status_code == 404
    operation = schema["paths"]["/api/v1/pathway-steps/"]["get"]
    assert "404" in operation["responses"]


def test_network_filter_errors_are_in_the_one_shape():
    response = Client().get("/api/v1/network/graph/?layers=nonsense")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "fields"} and "layers" in body["fields"], body


def test_a_document_without_partnership_is_declared_nullable(schema):
    properties = schema["components"]["schemas"]["Document"]["properties"]
    assert properties["partnership"]["nullable"] is True and properties["organization"]["nullable"] is True


def test_a_referral_without_outcome_is_declared_blank(schema):
    outcome = schema["components"]["schemas"]["ReferralDetail"]["properties"]["outcome_status"]
    refs = [choice["$ref"].rsplit("/", 1)[1] for choice in outcome["oneOf"]]
    assert any("" in schema["components"]["schemas"][name]["enum"] for name in refs), outcome


def test_hsds_pages_count_from_one(schema):
    assert Client().get("/api/hsds/taxonomies/?page=0").status_code == 400
    page = next(p for p in schema["paths"]["/api/hsds/taxonomies/"]["get"]["parameters"] if p["name"] == "page")
    assert page["schema"]["minimum"] == 1
