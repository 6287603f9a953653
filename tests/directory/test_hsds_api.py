"""The HSDS 3.0 API under /api/hsds/ against the specification's own `openapi.json`: every endpoint, every
list parameter, every response validated (jsonschema) against the response schema the OpenAPI document
declares for it, with the compiled HSDS schemas it references.

The OpenAPI document refers to `compiled/service_list.json`, `organization_list.json` and
`service_at_location_list.json`, which the 3.0 specification does not ship: list items are validated against
the compiled full schemas instead (a list item carries a subset of the same fields, and the full schemas
declare no extra required field), and the test checks that list items hold no many-to-one array.
"""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory import hsds_services
from directory.models import Organization, ResponsibilityLevel
from tests.factories import make_language, make_organization, make_responsibility, make_sector, make_step

pytestmark = pytest.mark.django_db

HSDS_DIR = Path(hsds_services.__file__).parent / "hsds_spec"  # shipped with the package

SPEC_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URI = "urn:hsds:openapi"
MISSING_LIST_SCHEMAS = {"organization_list.json": "organization.json", "service_list.json": "service.json",
                        "service_at_location_list.json": "service_at_location.json"}


@pytest.fixture(scope="module")
def openapi():
    return json.loads((HSDS_DIR / "schema" / "openapi.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def registry(openapi):
    resources = []
    schema_dir = HSDS_DIR / "schema"
    for path in schema_dir.glob("*.json"):
        resources.append((SPEC_BASE + path.name, json.loads(path.read_text(encoding="utf-8"))))
    for path in (schema_dir / "compiled").glob("*.json"):
        resources.append((SPEC_BASE + "compiled/" + path.name, json.loads(path.read_text(encoding="utf-8"))))
    for missing, full in MISSING_LIST_SCHEMAS.items():
        resources.append((SPEC_BASE + "compiled/" + missing,
                          json.loads((schema_dir / "compiled" / full).read_text(encoding="utf-8"))))
    resources.append((OPENAPI_URI, openapi))
    return Registry().with_resources(
        (uri, Resource.from_contents(contents, default_specification=DRAFT202012)) for uri, contents in resources)


def response_schema(openapi, path: str) -> dict:
    if path == "/service_at_locations/{id}":
        # The 3.0 openapi.json declares compiled/service.json for this path, an evident slip (its description
        # and operation id say service_at_location): the compiled service_at_location schema is used.
        assert openapi["paths"][path]["get"]["operationId"] == "getServiceAtLocationWithNestedDataById"
        return {"$ref": SPEC_BASE + "compiled/service_at_location.json"}
    pointer = "/paths/" + path.replace("/", "~1") + "/get/responses/200/content/application~1json/schema"
    return {"$ref": f"{OPENAPI_URI}#{pointer}"}


def assert_valid(registry, schema: dict, instance):
    validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def item_schema(openapi, path: str) -> dict:
    """The schema of one item of a list endpoint's `contents` (what an ndjson line must be)."""
    pointer = ("/paths/" + path.replace("/", "~1")
               + "/get/responses/200/content/application~1json/schema/properties/contents/items")
    return {"$ref": f"{OPENAPI_URI}#{pointer}"}


@pytest.fixture
def directory():
    health = make_sector("sante", "Santé", "Health")
    housing = make_sector("logement", "Logement", "Housing")
    spanish = make_language("es", "Espagnol", "Spanish")
    aibsl = make_organization(
        "aibsl", name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL", street_address="1 rue Exemple",
        postal_code="G5L 0A0", phone="418 555-0100", email="info@aibsl.example", website="https://aibsl.example",
        services_fr="Accueil à l'arrivée\nJumelage", referral_intake_email="references@aibsl.example")
    aibsl.languages.set([spanish])
    aibsl.sectors.set([housing])
    cisss = make_organization("cisss", name="CISSS du Bas-Saint-Laurent", services_fr="Bilan de santé")
    cisss.sectors.set([health])
    make_organization("moisson", name="Moisson Rimouski-Neigette", services_fr="Dépannage alimentaire")
    make_organization("ferme", name="Organisme fermé", is_active=False, services_fr="Service fermé")
    bus = make_step("accueil-autobus", name_fr="Accueil à l'autobus")
    clinic = make_step("bilan-sante", stage="first_weeks", name_fr="Bilan de santé")
    secret = make_step("etape-privee", name_fr="Étape privée")
    make_responsibility(aibsl, bus, ResponsibilityLevel.LEAD)
    make_responsibility(cisss, clinic, ResponsibilityLevel.LEAD)
    make_responsibility(aibsl, clinic, ResponsibilityLevel.SUPPORT)
    moisson = Organization.objects.get(slug="moisson")
    make_responsibility(moisson, secret, ResponsibilityLevel.LEAD, is_public=False)
    return {"aibsl": aibsl, "cisss": cisss, "moisson": moisson, "clinic": clinic, "secret": secret}


ENDPOINTS = ["/services", "/organizations", "/taxonomies", "/taxonomy_terms", "/service_at_locations"]


def test_root_says_version_profile_and_openapi_url(client, openapi, registry):
    body = client.get("/api/hsds/").json()
    assert body["version"] == "3.0" and body["profile"] and body["openapi_url"].endswith("openapi.json")
    assert_valid(registry, response_schema(openapi, "/"), body)


def test_required_and_optional_paths_of_the_spec_exist(client, openapi, directory):
    """Every path of the spec's openapi.json answers 200 here (detail paths with one real id)."""
    ids = {
        "/services/{id}": client.get("/api/hsds/services").json()["contents"][0]["id"],
        "/organizations/{id}": str(directory["aibsl"].hsds_id),
        "/taxonomies/{id}": hsds_services.PATHWAY_TAXONOMY_ID,
        "/taxonomy_terms/{id}": hsds_services.step_term_id("bilan-sante"),
        "/service_at_locations/{id}": client.get("/api/hsds/service_at_locations").json()["contents"][0]["id"],
    }
    for path in openapi["paths"]:
        url = "/api/hsds" + path.replace("{id}", ids.get(path, ""))
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_list_response_is_valid_against_the_openapi(client, openapi, registry, directory, path):
    schema = response_schema(openapi, path)
    body = client.get(f"/api/hsds{path}").json()
    assert body["total_items"] > 0 and body["contents"]
    assert_valid(registry, schema, body)
    for flag in ("full", "full_service"):
        assert_valid(registry, schema, client.get(f"/api/hsds{path}", {flag: "true"}).json())
    for item in body["contents"]:
        assert not [key for key, value in item.items() if isinstance(value, list)], "list items are one-to-one"


@pytest.mark.parametrize("path", ["/services/{id}", "/organizations/{id}", "/taxonomies/{id}",
                                  "/taxonomy_terms/{id}", "/service_at_locations/{id}"])
def test_every_detail_response_is_valid_against_the_openapi(client, openapi, registry, directory, path):
    listing = client.get("/api/hsds" + path.split("/{id}")[0], {"per_page": 200}).json()["contents"]
    assert listing
    for item in listing:
        for query in ({}, {"full_service": "true"}):
            response = client.get("/api/hsds" + path.replace("{id}", item["id"]), query)
            assert response.status_code == 200
            assert_valid(registry, response_schema(openapi, path), response.json())
    assert client.get("/api/hsds" + path.replace("{id}", "0b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a19")).status_code == 404


def test_envelope_and_paging(client, openapi, registry, directory):
    first = client.get("/api/hsds/services", {"per_page": 2}).json()
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (4, 2, 1, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = client.get("/api/hsds/services/", {"per_page": 2, "page": 2}).json()
    assert last["last_page"] and not last["first_page"]
    assert {s["id"] for s in first["contents"]}.isdisjoint(s["id"] for s in last["contents"])
    beyond = client.get("/api/hsds/services", {"per_page": 2, "page": 9}).json()
    assert beyond["empty"] and beyond["contents"] == []
    assert_valid(registry, response_schema(openapi, "/services"), beyond)


def test_deactivated_organisations_and_private_responsibilities_are_never_published(client, directory):
    services = client.get("/api/hsds/services", {"full": "true"}).json()["contents"]
    assert "Service fermé" not in {s["name"] for s in services}
    assert "Organisme fermé" not in json.dumps(client.get("/api/hsds/organizations").json())
    stream = client.get("/api/hsds/services", {"format": "ndjson", "full": "true"})
    assert b"Service ferm" not in b"".join(stream.streaming_content)
    private = hsds_services.step_term_id("etape-privee")
    assert private not in json.dumps(services)
    assert client.get("/api/hsds/services", {"taxonomy_term_id": private}).json()["total_items"] == 0
    assert client.get("/api/hsds/service_at_locations").json()["total_items"] == 4


def test_filters_by_taxonomy_organisation_search_and_modification(client, directory):
    def names(**query):
        return sorted(s["name"] for s in client.get("/api/hsds/services", query).json()["contents"])

    clinic_term = hsds_services.step_term_id("bilan-sante")
    assert names(taxonomy_term_id=clinic_term) == ["Accueil à l'arrivée", "Bilan de santé", "Jumelage"]
    assert names(taxonomy_term_id=hsds_services.sector_term_id("sante")) == ["Bilan de santé"]
    assert names(taxonomy_term_id=hsds_services.stage_term_id("first_weeks")) == [
        "Accueil à l'arrivée", "Bilan de santé", "Jumelage"]
    assert names(taxonomy_id=hsds_services.SECTOR_TAXONOMY_ID) == ["Accueil à l'arrivée", "Bilan de santé",
                                                                     "Jumelage"]
    assert names(organization_id=str(directory["cisss"].hsds_id)) == ["Bilan de santé"]
    assert names(search="jumel") == ["Jumelage"]
    assert names(search="Moisson") == ["Dépannage alimentaire"]
    later = timezone.now() + datetime.timedelta(seconds=1)
    Organization.objects.filter(pk=directory["cisss"].pk).update(updated_at=later + datetime.timedelta(hours=1))
    assert names(modified_after=later.isoformat()) == ["Bilan de santé"]
    # A pathway responsibility published later changes the organisation's services too (incremental sync).
    from directory.models import Responsibility

    Responsibility.objects.filter(organization=directory["moisson"]).update(
        is_public=True, updated_at=later + datetime.timedelta(hours=2))
    assert names(modified_after=later.isoformat()) == ["Bilan de santé", "Dépannage alimentaire"]
    moisson = client.get("/api/hsds/services", {"search": "Dépannage", "minimal": "true"}).json()["contents"][0]
    assert moisson["last_modified"].startswith((later + datetime.timedelta(hours=2)).astimezone(datetime.UTC)
                                               .strftime("%Y-%m-%dT%H:%M"))
    assert names(modified_after=later.strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace("Z", "") + "Z") != []
    for bad in ({"modified_after": "hier"}, {"per_page": 0}, {"page": "x"}, {"format": "xml"}, {"full": "oui"}):
        response = client.get("/api/hsds/services", bad)
        assert response.status_code == 400 and response["Content-Type"].startswith("application/json"), bad


def test_minimal_lists_every_service_id_and_modification_on_one_page(client, directory):
    body = client.get("/api/hsds/services", {"minimal": "true", "per_page": 5000}).json()
    assert body["total_pages"] == 1 and body["size"] == 4
    assert all(set(item) == {"id", "last_modified"} for item in body["contents"])


@pytest.mark.parametrize("path", ENDPOINTS)
def test_ndjson_streams_the_whole_list_valid_line_by_line(client, openapi, registry, directory, path):
    response = client.get(f"/api/hsds{path}", {"format": "ndjson", "per_page": 1})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    total = client.get(f"/api/hsds{path}").json()["total_items"]
    assert len(lines) == total > 1  # all of it, whatever per_page says
    for line in lines:
        assert_valid(registry, item_schema(openapi, path), json.loads(line))


def test_taxonomies_publish_the_pathway_and_the_sectors(client, directory):
    taxonomies = {t["id"]: t["name"] for t in client.get("/api/hsds/taxonomies").json()["contents"]}
    assert set(taxonomies) == {hsds_services.PATHWAY_TAXONOMY_ID, hsds_services.SECTOR_TAXONOMY_ID}
    steps = client.get("/api/hsds/taxonomy_terms", {"taxonomy_id": hsds_services.PATHWAY_TAXONOMY_ID,
                                                    "per_page": 200}).json()["contents"]
    clinic = next(t for t in steps if t["code"] == "bilan-sante")
    assert clinic["name"] == "Bilan de santé" and clinic["parent_id"] == hsds_services.stage_term_id("first_weeks")
    tops = client.get("/api/hsds/taxonomy_terms", {"top_only": "true", "per_page": 200}).json()["contents"]
    assert {t["code"] for t in tops} == {"arrival", "first_weeks", "first_months", "first_year", "sante",
                                         "logement"}
    children = client.get("/api/hsds/taxonomy_terms",
                          {"parent_id": hsds_services.stage_term_id("first_weeks")}).json()["contents"]
    assert [t["code"] for t in children] == ["bilan-sante"]
    service = client.get("/api/hsds/services", {"search": "Bilan", "full": "true"}).json()["contents"][0]
    assert hsds_services.step_term_id("bilan-sante") in {a["taxonomy_term_id"] for a in service["attributes"]}


def test_list_query_count_does_not_grow_with_the_directory(client, directory, django_assert_max_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get("/api/hsds/services", {"full": "true", "per_page": 200})
        return len(queries)

    small = count()
    for number in range(20):
        org = make_organization(f"extra-{number}", services_fr="Un\nDeux")
        org.sectors.set([make_sector("sante")])
    assert count() == small


# --- errors: JSON in the API's one shape, in English ---------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/hsds/organizations/xyz", "/api/hsds/services/1", "/api/hsds/nope",
                                  "/api/hsds/organizations/00000000-0000-0000-0000-000000000000",
                                  "/api/hsds/taxonomies/00000000-0000-0000-0000-000000000000/",
                                  "/api/v1/nope/", "/api/v1/nope"])
def test_unknown_paths_and_ids_are_a_json_404_without_a_redirect(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "code", "fields"} and response.json()["code"] == "not_found"


@pytest.mark.parametrize("accept_language", ["", "fr", "fr-CA,fr;q=0.9", "en"])
def test_hsds_messages_are_english_whatever_the_accept_language(client, accept_language):
    """HSDS is machine to machine: its 404s, 405s and 400s are all in English (docs/standards.md)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    for path in ("/api/hsds/organizations/xyz", "/api/hsds/services/00000000-0000-0000-0000-000000000000"):
        response = client.get(path, **headers)
        assert response.json()["detail"] == "Not found." and response["Content-Language"] == "en"
    assert client.post("/api/hsds/services", **headers).json()["detail"] == 'Method "POST" not allowed.'
    assert client.get("/api/hsds/services?page=x", **headers).json()["fields"] == {
        "page": ["A whole number is required."]}


@pytest.mark.parametrize(("path", "detail"), [
    ("/api/hsds/services?search=%00", "Null characters are not allowed in a request."),
    ("/api/v1/organizations/?search=%00", "Les caractères nuls ne sont pas permis dans une requête."),
])
def test_a_nul_in_the_query_string_is_a_json_400_in_the_api_language(client, path, detail):
    response = client.get(path)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail, "code": "invalid", "fields": {}}
