"""The OpenAPI schema says what the API returns: fields that can be null are declared nullable."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_pathway_step_and_redirected_from_are_nullable(schema):
    components = schema["components"]["schemas"]
    referral_schemas = [name for name in components if name.startswith("Referral")
                        and "pathway_step" in components[name].get("properties", {})]
    assert referral_schemas
    for name in referral_schemas:
        assert components[name]["properties"]["pathway_step"].get("nullable") is True, name
    detail = [name for name in components if "redirected_from" in components[name].get("properties", {})]
    assert detail
    for name in detail:
        assert components[name]["properties"]["redirected_from"].get("nullable") is True, name
