import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_documents_meetings_and_actions():
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/documents/", "/api/v1/documents/{id}/", "/api/v1/meetings/", "/api/v1/actions/{id}/"):
        assert path in schema["paths"], path
    assert "patch" in schema["paths"]["/api/v1/actions/{id}/"]
    assert "DocumentVisibilityEnum" in schema["components"]["schemas"]
