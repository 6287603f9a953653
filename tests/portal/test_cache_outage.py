"""Redis down must not take the site down: pages and the API are served without cache, the outage logged once.

The app is pointed at a port where nothing listens (a real connection refused, not a mock); the same
requests with Django's own RedisCache answer 500, which is what this backend exists to prevent.
"""

import logging
import socket

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_directory_page, make_member, make_organization


def _dead_port() -> int:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": f"redis://127.0.0.1:{_dead_port()}/0"}
    }
    # The throttle reads the cache on every anonymous API call: keep it on, at a real rate.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute"}}
    yield


PUBLIC_URLS = [
    "/",
    "/en/",
    "/connexion/",
    "/repertoire/",
    "/reseau/",
    "/api/v1/organizations/",
    "/api/v1/pathway-steps/",
    "/api/v1/matrix/",
    "/api/v1/network/graph/",
    "/api/hsds/organizations/",
]


@pytest.mark.django_db
def test_pages_and_api_are_served_when_redis_is_down(dead_redis, caplog):
    from network.pages import NetworkPage

    directory = make_directory_page()
    directory.get_parent().add_child(instance=NetworkPage(title="Réseau", slug="reseau", locale=directory.locale))
    organization = make_organization("aibsl")
    caseworker = make_member(organization)
    assert directory.live
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(2):  # twice: the second round must not log the outage again
            for url in PUBLIC_URLS:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
        client.force_login(caseworker)
        assert client.get("/references/").status_code == 200
        assert client.get("/api/v1/referrals/").status_code == 200
    outage_lines = [r for r in caplog.records if r.name == "portal.cache" and "unavailable" in r.getMessage()]
    assert len(outage_lines) == 1


def test_cache_calls_degrade_to_misses(dead_redis):
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")


def test_ping_reports_the_outage(dead_redis):
    from portal.cache import CacheUnavailable

    with pytest.raises(CacheUnavailable):
        cache.ping()
