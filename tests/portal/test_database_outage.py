"""The database unreachable is a 503 with Retry-After: JSON under /api/, the bilingual page elsewhere.

Every query raises the OperationalError a refused connection raises; the real outage (PostgreSQL stopped
under load, then restarted) is the fault test in tests/faults/.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.factories import make_directory_page, make_member, make_organization


@pytest.fixture
def database_down():
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", refuse), \
            mock.patch("django.db.backends.utils.CursorWrapper.executemany", refuse):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/en/", "/repertoire/", "/connexion/"])
def test_pages_answer_503_with_the_bilingual_page(url, database_down):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Service momentanément indisponible" in body and "Service temporarily unavailable" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method,url",
    [("get", "/api/v1/organizations/"), ("get", "/api/v1/pathway-steps/"), ("get", "/api/v1/matrix/"),
     ("get", "/api/hsds/organizations/")],
)
def test_api_answers_503_in_json(method, url, database_down):
    response = getattr(Client(raise_request_exception=False), method)(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "unavailable"


@pytest.mark.django_db
def test_signed_in_request_and_recovery():
    make_directory_page()
    user = make_member(make_organization("aibsl"))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute",
                    side_effect=OperationalError("server closed the connection unexpectedly")):
        assert client.get("/references/").status_code == 503
        assert client.get("/api/v1/referrals/").status_code == 503
        response = client.post("/api/v1/referrals/", {}, content_type="application/json")
        assert (response.status_code, response.json()["code"]) == (503, "unavailable")
    # The database back: the same session is served again, nothing to restart.
    assert client.get("/references/").status_code == 200
    assert client.get("/api/v1/referrals/").status_code == 200


@pytest.mark.django_db
def test_other_errors_under_the_api_are_json_500(monkeypatch):
    from directory import api

    monkeypatch.setattr(api.OrganizationViewSet, "list", lambda *a, **k: 1 / 0)
    response = Client(raise_request_exception=False).get("/api/v1/organizations/")
    assert response.status_code == 500
    assert response.json()["code"] == "error"
