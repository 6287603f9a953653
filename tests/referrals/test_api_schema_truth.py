"""The referrals API accepts what its OpenAPI schema says and nothing else (schemathesis found each)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import World, make_referral

pytestmark = pytest.mark.django_db
LIST = "/api/v1/referrals/"


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def schema(db):
    return Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def api_as(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("value", ["null", "yes", "2"])
def test_overdue_is_true_or_false_nothing_else(world, value):
    """django-filter read `overdue=null` as "no filter": the schema says boolean."""
    response = api_as(world.sender_cw).get(LIST, {"overdue": value})
    assert response.status_code == 400
    assert "overdue" in response.json()["fields"]
    assert api_as(world.sender_cw).get(LIST, {"overdue": "false"}).status_code == 200


def test_the_comment_thread_declares_no_listing_filters(schema, world):
    parameters = schema["paths"]["/api/v1/referrals/{id}/comments/"]["get"].get("parameters", [])
    assert {p["name"] for p in parameters} == {"id"}


@pytest.mark.parametrize("body", [0, 1.5, True, ["texte"], {"a": "b"}])
def test_a_comment_body_is_a_string(world, body):
    """DRF's CharField saved `{"body": 0}` as the comment "0"."""
    sent = make_referral(world.sender_cw, world.sender, world.receiver)
    response = api_as(world.sender_cw).post(f"{LIST}{sent.public_id}/comments/", {"body": body}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["fields"]
    assert not sent.comments.exists()


def test_an_action_note_is_a_string(world):
    sent = make_referral(world.sender_cw, world.sender, world.receiver)
    api = api_as(world.receiver_intake)
    response = api.post(f"{LIST}{sent.public_id}/accept/", {"note": 0}, format="json")
    assert response.status_code == 400 and "note" in response.json()["fields"]
    sent.refresh_from_db()
    assert sent.state == "sent"


def test_a_blank_reason_is_declared_as_such(schema, world):
    """Input is trimmed, so " " is blank: the schema says "something other than white space"."""
    reason = schema["components"]["schemas"]["DeclineRequest"]["properties"]["reason"]
    assert reason["minLength"] == 1 and reason["pattern"] == r"\S"
    sent = make_referral(world.sender_cw, world.sender, world.receiver)
    response = api_as(world.receiver_intake).post(f"{LIST}{sent.public_id}/decline/", {"reason": " "},
                                                  format="json")
    assert response.status_code == 400


def test_someone_elses_inbox_is_a_403(world):
    response = api_as(world.sender_cw).get(LIST, {"organization": world.third.slug, "box": "inbox"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_request_bodies_are_json_only_as_declared(schema, world):
    """Form encodings cannot carry the nested person nor a null: the schema offered them, every such
    request with a person failed; now they are a documented 415."""
    for methods in schema["paths"].values():
        for operation in methods.values():
            if "requestBody" in operation:
                assert set(operation["requestBody"]["content"]) == {"application/json"}
                assert "415" in operation["responses"]
    sent = make_referral(world.sender_cw, world.sender, world.receiver)
    api = api_as(world.sender_cw)
    for fmt in ("multipart", None):
        data = {"body": "Bonjour"}
        response = (api.post(f"{LIST}{sent.public_id}/comments/", data, format=fmt) if fmt else
                    api.post(f"{LIST}{sent.public_id}/comments/", "body=Bonjour",
                             content_type="application/x-www-form-urlencoded"))
        assert response.status_code == 415
        assert response.json()["code"] == "unsupported_media_type"
    assert not sent.comments.exists()
