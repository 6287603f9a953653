"""Our API answers in the language the client asks for (issue 13: the schema's field titles were French on
every request, e.g. "Identifiant d'URL (slug)")."""

import json

import pytest

pytestmark = pytest.mark.django_db


def _organization_titles(client, **headers) -> tuple[dict, object]:
    response = client.get("/api/schema/?format=json", **headers)
    assert response.status_code == 200
    properties = json.loads(response.content)["components"]["schemas"]["Organization"]["properties"]
    return {name: field.get("title") for name, field in properties.items()}, response


def test_the_openapi_schema_speaks_the_clients_language(client):
    english, response = _organization_titles(client, HTTP_ACCEPT_LANGUAGE="en")
    # drf-spectacular leaves out a title equal to the field's name ("slug" → "Slug"): absent, not French.
    assert english["slug"] in (None, "Slug") and english["name_en"] == "Name (English)"
    assert english["toll_free_phone"] in (None, "Toll-free phone")
    assert response["Content-Language"] == "en" and "Accept-Language" in response["Vary"]
    french, response = _organization_titles(client, HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert french["slug"] == "Identifiant d’URL (slug)" and response["Content-Language"] == "fr"
    default, _response = _organization_titles(client)
    assert default == french  # French by default


def test_api_messages_follow_the_same_language(client):
    response = client.get("/api/v1/organizations/nobody/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response["Content-Language"] == "en"
    assert "Non trouvé" not in response.content.decode()


def test_the_standards_stay_english(client):
    response = client.get("/api/hsds/organizations/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "en"
