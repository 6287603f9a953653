"""Open Referral HSDS 3.0: the export validates, the official examples import, the round trip is exact,
and an invalid file loads nothing."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory import hsds
from directory.models import Language, Organization
from tests.factories import make_language, make_organization

pytestmark = pytest.mark.django_db

# The package's own copy: a clean clone runs these tests with nothing beside the repository.
HSDS_DIR = Path(hsds.__file__).parent / "hsds_spec"


def test_the_package_ships_the_schemas_with_their_licence(settings):
    assert Path(settings.HSDS_SCHEMA_DIR).resolve() == HSDS_DIR.resolve()
    assert (HSDS_DIR / "schema" / "compiled" / "organization.json").is_file()
    assert "Attribution-ShareAlike" in (HSDS_DIR / "LICENSE").read_text(encoding="utf-8")


@pytest.fixture
def directory_rows():
    spanish, sango = make_language("es", "Espagnol", "Spanish"), make_language("sg", "Sango", "Sango")
    aibsl = make_organization(
        "aibsl", name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL",
        street_address="1 rue Exemple", postal_code="G5L 0A0", phone="418 555-0100", email="info@aibsl.example",
        website="https://aibsl.example", services_fr="Accueil à l'arrivée\nJumelage",
        opening_hours_fr="Lun-ven 8 h 30-16 h 30",
        referral_intake_email="references@aibsl.example", referral_intake_phone="418 555-0199",
        name_en="Welcome and Integration Lower St. Lawrence", mandate_en="Settlement agency.",
        toll_free_phone="1 800 555-0100", accessibility_fr="Entrée de plain-pied.",
        latitude="48.448400", longitude="-68.523900",
    )
    aibsl.languages.set([spanish, sango])
    make_organization("moisson", name="Moisson Rimouski-Neigette")
    make_organization("ferme", name="Organisme fermé", is_active=False)
    return aibsl


def test_export_validates_against_the_compiled_schema(directory_rows):
    document = hsds.export_document()
    assert document["total_items"] == 2  # inactive organisations are not exported
    assert hsds.validate_document(document) == []
    aibsl = next(record for record in document["contents"] if record["alternate_name"] == "AIBSL")
    assert aibsl["id"] == str(directory_rows.hsds_id)
    assert [language["code"] for language in aibsl["locations"][0]["languages"]] == ["es", "sg"]
    assert [service["name"] for service in aibsl["services"]] == ["Accueil à l'arrivée", "Jumelage"]
    assert aibsl["uri"].endswith("/organismes/aibsl/")
    # HSDS is one-language: the English name and mandate travel as attributes of a translation taxonomy.
    english = {a["taxonomy_term"]["code"]: a["value"] for a in aibsl["attributes"]}
    assert english == {"name:en": "Welcome and Integration Lower St. Lawrence", "description:en": "Settlement agency."}
    assert [phone["number"] for phone in aibsl["phones"]] == ["418 555-0100", "1 800 555-0100"]
    assert aibsl["locations"][0]["accessibility"][0]["description"] == "Entrée de plain-pied."
    assert aibsl["locations"][0]["latitude"] == 48.4484


def test_export_import_export_is_identical(directory_rows):
    first = hsds.export_document()
    Organization.objects.all().delete()
    Language.objects.all().delete()
    report = hsds.import_document(first)
    assert len(report.created) == 2
    assert hsds.export_document() == first
    imported = Organization.objects.get(slug="aibsl")
    assert imported.name_en == "Welcome and Integration Lower St. Lawrence" and imported.toll_free_phone
    # Importing again is idempotent (matched by HSDS id).
    report = hsds.import_document(first)
    assert report.created == [] and len(report.updated) == 2
    assert Organization.objects.count() == 2 and hsds.export_document() == first


@pytest.mark.parametrize("example", ["organization_full.json", "organization_list.json"])
def test_official_examples_import(example, tmp_path, capsys):
    call_command("import_hsds", str(HSDS_DIR / "examples" / example))
    organization = Organization.objects.get(hsds_id="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    assert organization.name == "Example Organization Inc."
    assert organization.acronym == "Example Org"
    assert organization.group is not None  # created through the service
    assert "1 organisations created" in capsys.readouterr().out


def test_invalid_file_is_reported_by_record_and_field_and_loads_nothing(directory_rows, tmp_path):
    document = hsds.export_document()
    good, bad = document["contents"]
    bad["website"] = 42
    del bad["description"]
    good_copy = dict(good, id="0b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a11", name="Tout neuf")
    document["contents"] = [good_copy, bad, {"id": "not-a-uuid", "name": "X", "description": "Y"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_hsds", str(path))
    message = str(raised.value)
    assert f"organization {bad['id']}: website:" in message
    assert f"organization {bad['id']}: (record): 'description' is a required property" in message
    assert "organization not-a-uuid: id:" in message
    assert not Organization.objects.filter(name="Tout neuf").exists()


def test_business_rules_are_checked_before_loading(tmp_path):
    record = {"id": "0b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a12", "name": "N" * 300, "description": ""}
    problems = hsds.validate_document(record)
    assert any("name:" in problem for problem in problems)
    assert any("description:" in problem for problem in problems)
    with pytest.raises(hsds.HSDSError):
        hsds.import_document(record)
    assert Organization.objects.count() == 0


def test_export_command_writes_a_valid_file(directory_rows, tmp_path):
    path = tmp_path / "export.json"
    call_command("export_hsds", "--output", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["total_items"] == 2 and hsds.validate_document(document) == []


def test_hsds_api_pages_and_detail(client, directory_rows):
    body = client.get("/api/hsds/organizations/?per_page=1").json()
    assert body["total_items"] == 2 and body["total_pages"] == 2 and len(body["contents"]) == 1
    assert hsds.validate_document(body) == []
    assert client.get("/api/hsds/organizations/?page=abc").status_code == 400
    detail = client.get(f"/api/hsds/organizations/{directory_rows.hsds_id}/")
    assert detail.status_code == 200 and detail.json()["name"].startswith("Accueil")
    assert client.get("/api/hsds/organizations/0b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a19/").status_code == 404


def test_missing_schemas_are_a_clear_error(settings, tmp_path):
    settings.HSDS_SCHEMA_DIR = tmp_path
    with pytest.raises(hsds.HSDSSchemaMissing, match="HSDS_SCHEMA_DIR"):
        hsds.validate_document({"id": "x"})
