"""`import_hsds` accepts what other HSDS 3.0 APIs produce and what Passerelle's own API and export produce:
API pages of organisations or of services (services are gathered under their organisation), single
records, ndjson streams. The third-party fixture is built from the specification's own examples."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory import hsds
from directory.models import Language, Organization
from tests.factories import make_language, make_organization

pytestmark = pytest.mark.django_db
HSDS_DIR = Path(hsds.__file__).parent / "hsds_spec"  # shipped with the package
EXAMPLE_ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def example(name: str):
    return json.loads((HSDS_DIR / "examples" / name).read_text(encoding="utf-8"))


def run_import(tmp_path, content: str, name="import.json") -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    call_command("import_hsds", str(path))
    return str(path)


def test_a_third_party_services_page_imports_its_organisations_with_their_services(tmp_path, capsys):
    run_import(tmp_path, json.dumps(example("service_list.json")))
    organization = Organization.objects.get(hsds_id=EXAMPLE_ORG)
    assert organization.name == "Example Organization Inc."
    assert organization.services_fr.splitlines() == ["Community Counselling"]
    assert "1 organisations created" in capsys.readouterr().out


def test_a_third_party_ndjson_stream_of_organisations_and_services_merges_and_is_idempotent(tmp_path):
    """The spec's full organisation and full service, as two lines of a `format=ndjson` stream, twice."""
    organization, service = example("organization_full.json"), example("service_full.json")
    assert service["organization"]["id"] == organization["id"] == EXAMPLE_ORG
    stream = json.dumps(organization) + "\n" + json.dumps(service) + "\n"
    run_import(tmp_path, stream, "stream.ndjson")
    imported = Organization.objects.get(hsds_id=EXAMPLE_ORG)
    names = imported.services_fr.splitlines()
    assert service["name"] in names and len(names) == len(set(names))
    run_import(tmp_path, stream, "stream.ndjson")
    assert Organization.objects.count() == 1
    assert Organization.objects.get(hsds_id=EXAMPLE_ORG).services_fr == imported.services_fr


def test_a_third_party_single_service_record_imports(tmp_path):
    run_import(tmp_path, json.dumps(example("service_full.json")))
    assert Organization.objects.filter(hsds_id=EXAMPLE_ORG).exists()


def test_a_service_without_its_organisation_is_reported_and_nothing_is_loaded(tmp_path):
    service = example("service_full.json")
    del service["organization"]
    service["organization_id"] = "5f1c9a2e-0000-4000-8000-000000000001"  # in no record of the file
    with pytest.raises(CommandError, match="its organisation is neither nested nor in the file"):
        run_import(tmp_path, json.dumps([example("organization_list.json")["contents"][0] | {"id": "0b7b8a61-6c5c-"
                                                                                             "4f7a-9c34-3c1b1e0f2a11"},
                                         service]))
    assert Organization.objects.count() == 0


def test_a_location_file_is_not_taken_for_organisations():
    with pytest.raises(CommandError, match="not a field of an HSDS organization"):
        call_command("import_hsds", str(HSDS_DIR / "examples" / "location.json"))
    assert Organization.objects.count() == 0


@pytest.fixture
def directory():
    spanish = make_language("es", "Espagnol", "Spanish")
    aibsl = make_organization("aibsl", name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL",
                              street_address="1 rue Exemple", postal_code="G5L 0A0", phone="418 555-0100",
                              services_fr="Accueil à l'arrivée\nJumelage", referral_intake_email="ref@aibsl.example")
    aibsl.languages.set([spanish])
    make_organization("moisson", name="Moisson Rimouski-Neigette", services_fr="Dépannage alimentaire")
    return aibsl


def _wipe():
    Organization.objects.all().delete()
    Language.objects.all().delete()


@pytest.mark.parametrize("query", [{"full": "true", "full_service": "true"}, {"full": "true"}])
def test_passerelle_organisations_api_round_trips_through_import(client, tmp_path, directory, query):
    before = hsds.export_document()
    page = client.get("/api/hsds/organizations", {**query, "per_page": 200}).content.decode()
    _wipe()
    run_import(tmp_path, page)
    assert hsds.export_document() == before


def test_passerelle_services_ndjson_round_trips_through_import(client, tmp_path, directory):
    """Services streamed with their (one-to-one) organisation: the organisations and their services come back."""
    before = {org.hsds_id: (org.name, org.services_fr) for org in Organization.objects.all()}
    stream = b"".join(client.get("/api/hsds/services", {"format": "ndjson", "full": "true"}).streaming_content)
    _wipe()
    run_import(tmp_path, stream.decode(), "services.ndjson")
    assert {org.hsds_id: (org.name, org.services_fr) for org in Organization.objects.all()} == before


def test_export_command_output_imports(tmp_path, directory):
    path = tmp_path / "export.json"
    call_command("export_hsds", "--output", str(path))
    before = hsds.export_document()
    _wipe()
    call_command("import_hsds", str(path))
    assert hsds.export_document() == before
