"""Every bad HSDS file is a report and exit code 1, never a traceback, and nothing is written."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory import hsds
from directory.models import Language, Organization

pytestmark = pytest.mark.django_db

ID = "0b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a99"


def record(**fields):
    return {"id": ID, "name": "Organisme test", "description": "Mandat.", **fields}


def run(tmp_path, content: bytes) -> str:
    path = tmp_path / "file.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("import_hsds", str(path))
    assert Organization.objects.count() == 0 and Language.objects.count() == 0
    return str(raised.value)


def test_deep_nesting(tmp_path):
    message = run(tmp_path, b"[" * 100_000 + b"]" * 100_000)
    assert "nested 100000 levels deep" in message
    # Deep inside a record too.
    deep = json.dumps(record(services=[])).encode().replace(b"[]", b"[" * 70 + b"]" * 70)
    assert "nested 71 levels deep" in run(tmp_path, deep)


def test_brackets_inside_strings_do_not_count():
    assert hsds.nesting_depth(json.dumps({"a": "[[[[{{{{", "b": [1, {"c": 'quote \\" ]]]'}]})) == 3


def test_invalid_utf8(tmp_path):
    assert "not UTF-8 (byte" in run(tmp_path, json.dumps(record()).encode().replace(b"Mandat", b"Mand\xe9t"))


def test_nul_in_a_name(tmp_path):
    message = run(tmp_path, json.dumps(record(name="Orga\u0000nisme")).encode())
    assert f"organization {ID}: name: contains a null character" in message


def test_over_long_language_code(tmp_path):
    document = record(locations=[{"id": "1b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a99", "location_type": "physical",
                                  "languages": [{"id": "2b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a99",
                                                 "code": "x" * 200, "name": "Long"}]}])
    assert f"organization {ID}: locations.0.languages.0.code: not a language code" in run(
        tmp_path, json.dumps(document).encode())


def test_identifier_that_is_not_a_slug(tmp_path):
    document = record(organization_identifiers=[{
        "id": "3b7b8a61-6c5c-4f7a-9c34-3c1b1e0f2a99", "identifier_type": hsds.SLUG_IDENTIFIER_TYPE,
        "identifier": "pas un slug/../"}])
    assert f"organization {ID}: organization_identifiers.0.identifier: not a slug" in run(
        tmp_path, json.dumps(document).encode())


def test_huge_file(tmp_path, settings):
    settings.HSDS_IMPORT_MAX_BYTES = 2048
    assert "over the limit of 2048" in run(tmp_path, json.dumps(record(description="x" * 4000)).encode())


def test_not_json(tmp_path):
    assert "not valid JSON" in run(tmp_path, b"{nope")


def test_the_command_exits_1_without_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 50_000 + b"]" * 50_000)
    command = Path(sys.executable).parent / "passerelle"
    result = subprocess.run([str(command), "import_hsds", str(path)], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2],
                            env={**os.environ, "DEBUG": "true",
                                 "DJANGO_SETTINGS_MODULE": "portal.settings"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "nested 50000 levels deep" in result.stderr
