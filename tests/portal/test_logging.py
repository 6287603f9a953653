"""Structured logs: one JSON object per line, with the request's id, user, path and status, no personal data."""

import io
import json
import logging

import pytest
from django.test import Client

from portal.observability import JsonFormatter, RequestContextFilter
from tests.factories import make_member, make_organization


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("passerelle.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.mark.django_db
def test_one_json_line_per_request_without_query_string_or_personal_data(json_lines):
    user = make_member(make_organization("aibsl"), email="marie.tremblay@example.org")
    client = Client()
    client.force_login(user)
    response = client.get("/api/v1/referrals/?search=Marie+Tremblay", HTTP_X_REQUEST_ID="abcdef0123456789")
    assert response.status_code == 200
    [line] = [entry for entry in json_lines() if entry["logger"] == "passerelle.request"]
    assert line["path"] == "/api/v1/referrals/" and line["status"] == 200 and line["method"] == "GET"
    assert line["request_id"] == response["X-Request-ID"] == "abcdef0123456789"
    assert line["user_id"] == user.pk and line["level"] == "info" and line["duration_ms"] >= 0
    assert set(line) <= {"time", "level", "logger", "message", "request_id", "user_id", "organization_id",
                         "method", "path", "status", "duration_ms"}
    raw = json.dumps(line)
    assert "Marie" not in raw and "Tremblay" not in raw and "marie.tremblay" not in raw and "search" not in raw


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(json_lines):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/healthz", "/api/v1/organizations/", "/connexion/"])
def test_permissions_policy_on_every_response(url):
    response = Client().get(url)
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_text_format_is_available(settings):
    assert settings.LOGGING["formatters"]["text"]["format"].startswith("%(asctime)s")
