"""Security review of the edge: NUL characters are a 400, never a 500 (fuzzing found 500s on PostgreSQL and in
the site search); the API is closed by default and throttles anonymous reads; sign-ins do not last weeks."""

import secrets

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from tests.factories import World
from tests.portal.test_settings import load_settings


@pytest.fixture
def world(db):
    return World()


@pytest.mark.parametrize("url", [
    "/recherche/?q=%00",  # Wagtail search: 500 on SQLite's full-text search before the guard
    "/en/recherche/?q=a%00b",
    "/api/v1/organizations/?search=%00",
    "/api/v1/organizations/a%00b/",  # a lookup in the path: 500 on PostgreSQL before the guard
    "/api/v1/referrals/?step=%00",
    "/api/v1/network/graph/?sectors=%00",
])
def test_nul_in_the_path_or_query_string_is_400(client, db, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("field", ["sender", "receiver", "pathway_step"])
def test_nul_in_an_api_body_is_400(world, field):
    api = APIClient()
    api.force_authenticate(world.sender_cw)
    body = {"sender": world.sender.slug, "receiver": world.receiver.slug, "reason": "Évaluation.",
            "person": {"full_name": "Personne Fictive"},
            "consent": {"obtained_at": "2026-01-01T10:00:00Z", "method": "verbal", "purpose": "Santé"}}
    body[field] = "a\x00b"  # a slug lookup: 500 on PostgreSQL before the guard
    response = api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    response = api.post("/api/v1/referrals/", {"sender": "a\x00b"})  # form-encoded as well
    assert response.status_code == 400


def test_nul_in_a_redirect_receiver_is_400(world):
    from tests.factories import make_referral

    sent = make_referral(world.sender_cw, world.sender, world.receiver)
    api = APIClient()
    api.force_authenticate(world.receiver_intake)
    response = api.post(f"/api/v1/referrals/{sent.public_id}/redirect/",
                        {"receiver": "\x00", "consent": {"obtained_at": "2026-01-01T10:00:00Z", "method": "verbal",
                                                         "purpose": "Santé"}}, format="json")
    assert response.status_code == 400


def test_anonymous_api_reads_are_throttled_signed_in_ones_are_not(world, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()
    statuses = [api.get("/api/v1/organizations/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    api.force_authenticate(world.sender_cw)
    assert [api.get("/api/v1/organizations/").status_code for _ in range(4)] == [200] * 4
    cache.clear()


def test_a_forged_forwarded_header_does_not_escape_the_throttle(world, monkeypatch):
    """Without a proxy (API_NUM_PROXIES=0), X-Forwarded-For is the client's own words: a new one per request
    must not read as a new client."""
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()
    statuses = [api.get("/api/v1/organizations/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    cache.clear()


def test_a_malformed_throttle_rate_refuses_to_start():
    code, output = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org", SECRET_KEY=secrets.token_urlsafe(50),
                                 API_ANON_RATE="lots")
    assert code != 0
    assert "API_ANON_RATE must look like 300/minute" in output


def test_an_api_view_that_forgets_its_permissions_is_closed_to_anonymous_callers(db):
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Forgetful(APIView):
        def post(self, request):
            return Response({"changed": True})

    response = Forgetful.as_view()(APIRequestFactory().post("/x/", {}, format="json"))
    assert response.status_code in (401, 403)


def test_a_sign_in_lasts_a_working_day_not_two_weeks(client, world):
    client.force_login(world.sender_cw)
    assert client.session.get_expiry_age() == 12 * 3600


GARBAGE = ["abc", "-1", "9" * 30, "2026-13-45", "x" * 3000, "\x00", "../..", "é"]
FILTERS = {
    "/api/v1/referrals/": ["page", "box", "organization", "state", "urgency", "step", "overdue"],
    "/api/v1/organizations/": ["page", "kind", "sector", "language", "step", "level", "active", "search"],
    "/api/v1/responsibilities/": ["page", "organization", "step", "stage", "level", "kind"],
    "/api/v1/matrix/": ["stage", "kind"],
    "/api/v1/network/graph/": ["layers", "as_of", "kinds", "sectors", "partnership_kinds", "referrals_since"],
    "/api/hsds/organizations/": ["page", "per_page"],
}


def test_garbage_filters_never_give_a_500(world):
    """A quick fuzz of every list endpoint's filters, anonymous and signed in (the review's, kept)."""
    api = APIClient(raise_request_exception=False)
    failures = []
    for user in (None, world.sender_cw):
        api.force_authenticate(user)
        for url, names in FILTERS.items():
            for name in names:
                for value in GARBAGE:
                    status = api.get(url, {name: value}).status_code
                    if status >= 500:
                        failures.append((url, name, value[:10], status))
    assert failures == []
