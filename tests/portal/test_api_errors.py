"""Every error under /api/ is JSON in the one shape, with the right status, whatever the request looks like."""

import pytest
from django.test import Client

from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "code", "fields"} and body["code"] == code, body
    return body


@pytest.fixture
def member():
    return make_member(make_organization("aibsl"))


@pytest.mark.parametrize("method,url", [
    ("get", "/api/v1/referrals/x/"),
    ("get", "/api/v1/referrals/not-a-uuid-at-all/comments/"),
    ("post", "/api/v1/referrals/x/accept/"),
    ("get", "/api/v1/nothing-here/"),
    ("delete", "/api/hsds/organizations/123/"),
])
def test_unknown_ids_of_any_shape_are_json_404(method, url, member):
    for client in (Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)):
        assert_error(getattr(client, method)(url), 404, "not_found")
        client.force_login(member)


def test_anonymous_writes_are_401_with_www_authenticate():
    for url in ("/api/v1/referrals/", "/api/v1/organizations/", "/api/v1/responsibilities/"):
        response = Client().post(url, {}, content_type="application/json")
        assert_error(response, 401, "not_authenticated")
        assert response["WWW-Authenticate"].startswith("Token")


def test_an_invalid_token_is_401():
    response = Client().get("/api/v1/referrals/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(response, 401, "authentication_failed")


def test_a_body_over_the_limit_is_413(settings, member):
    settings.API_MAX_BODY_BYTES = 10_000
    client = Client()
    client.force_login(member)
    body = '{"reason": "' + "x" * 20_000 + '"}'
    assert_error(client.post("/api/v1/referrals/", body, content_type="application/json"), 413, "too_large")
    # Anonymous too, before anything reads the body.
    assert_error(Client().post("/api/v1/referrals/", body, content_type="application/json"), 413, "too_large")


def test_json_nested_beyond_the_limit_is_400(member):
    client = Client()
    client.force_login(member)
    for body in ("[" * 100_000 + "]" * 100_000, '{"person": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"):
        body_ = assert_error(client.post("/api/v1/referrals/", body, content_type="application/json"), 400, "invalid")
        assert "32" in body_["detail"]  # the limit, in the reader's language


@pytest.mark.parametrize("value,status", [("142283", 400), ("yes-please", 400), ("true", 200), ("0", 200)])
def test_booleans_are_validated(value, status):
    response = Client().get(f"/api/v1/organizations/?active={value}")
    assert response.status_code == status
    if status == 400:
        assert_error(response, 400, "invalid")
        assert "active" in response.json()["fields"]
