"""The page cache's WSGI layer (portal/wsgi.py): a hit is answered before Django builds a request, with the
same page, the same headers, its own request id and its log line; everything it may not answer (a cookie'd,
signed-in or authorised request, a stale page, the cache down) goes to Django untouched."""

import io
import json
import logging

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from portal import page_cache
from portal.page_cache import HEADER, PageCacheApplication, bump_content_version
from tests.factories import make_home, make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


class CountingDjango:
    """Django's WSGI handler, counting the requests that reached it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def app():
    """Django's WSGI handler closes the database connection when a request ends (`close_old_connections`);
    the test client holds that back so the test's transaction survives, and so must a test that calls the
    handler as gunicorn does (on PostgreSQL the next query would find the connection closed)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield PageCacheApplication(CountingDjango())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(app, path="/", method="GET", **extra):
    """One request through the WSGI application, as gunicorn makes it: (status, headers, body)."""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO(), **extra,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    body = app(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer["status"], answer["headers"], content


def header(headers, name):
    values = [value for key, value in headers if key.lower() == name.lower()]
    assert len(values) <= 1, name
    return values[0] if values else None


def make_home_with_footer():
    from wagtail.models import Site

    from portal.models import FooterSettings

    home = make_home()
    FooterSettings.for_site(Site.objects.get(is_default_site=True))
    return home


def test_portal_wsgi_application_answers_hits_before_django():
    from portal import wsgi

    assert isinstance(wsgi.application, PageCacheApplication)


def test_a_hit_is_answered_without_django_with_the_page_and_headers_the_chain_gave_it(page_cache_on, app):
    make_home_with_footer()
    status, miss_headers, miss_body = call(app)
    assert status == "200 OK" and header(miss_headers, HEADER) == "miss" and app.application.calls == 1
    status, hit_headers, hit_body = call(app)
    assert status == "200 OK" and header(hit_headers, HEADER) == "hit"
    assert app.application.calls == 1  # Django never saw the second request
    assert hit_body == miss_body
    # Every header the chain gave the page, in the same order; its own request id; no cookie.
    ignored = {HEADER.lower(), "x-request-id"}
    assert [pair for pair in hit_headers if pair[0].lower() not in ignored] == \
        [pair for pair in miss_headers if pair[0].lower() not in ignored]
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Permissions-Policy", "Content-Language", "Content-Type", "Content-Length"):
        assert header(hit_headers, name), name
    assert header(hit_headers, "Set-Cookie") is None
    assert header(hit_headers, "X-Request-ID") != header(miss_headers, "X-Request-ID")
    assert header(call(app, HTTP_X_REQUEST_ID="proxy-given-id-1")[1], "X-Request-ID") == "proxy-given-id-1"
    assert len(header(call(app, HTTP_X_REQUEST_ID="bad id")[1], "X-Request-ID")) == 32  # forged: replaced


def test_a_hit_through_the_middleware_has_the_same_headers(page_cache_on, app):
    """Where Django is called directly (the test client, runserver) the middleware serves the hit: same page."""
    make_home_with_footer()
    call(app)
    _, layer_headers, layer_body = call(app)
    through_django = Client().get("/", HTTP_HOST="testserver")  # the same Host header, so the same key
    assert through_django[HEADER] == "hit" and through_django.content == layer_body
    ignored = {"x-request-id"}
    assert {(name.lower(), value) for name, value in layer_headers if name.lower() not in ignored} == \
        {(name.lower(), value) for name, value in through_django.items() if name.lower() not in ignored}


@pytest.mark.parametrize("extra", [
    {"HTTP_COOKIE": "sessionid=anything"},
    {"HTTP_COOKIE": "django_language=en; sessionid=anything"},
    {"HTTP_COOKIE": "messages=anything"},
    {"HTTP_AUTHORIZATION": "Token abc"},
    {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
])
def test_a_cookied_or_authorised_request_never_gets_the_shared_page(page_cache_on, app, extra):
    make_home_with_footer()
    call(app)
    assert header(call(app)[1], HEADER) == "hit"
    calls = app.application.calls
    status, headers, _ = call(app, **extra)
    assert app.application.calls == calls + 1  # Django rendered it
    assert header(headers, HEADER) is None  # neither served from the cache nor stored in it


def test_a_signed_in_person_never_gets_the_shared_page_and_leaves_nothing_in_it(page_cache_on, app):
    make_home_with_footer()
    member = make_member(make_organization("aibsl"), username="intervenante-secrete")
    signed_in = Client()
    signed_in.force_login(member)
    cookie = f"sessionid={signed_in.cookies['sessionid'].value}"
    for _ in range(2):
        _, headers, body = call(app, HTTP_COOKIE=cookie)
        assert header(headers, HEADER) is None
    _, headers, body = call(app)
    assert header(headers, HEADER) == "miss" and b"intervenante-secrete" not in body
    _, headers, body = call(app)
    assert header(headers, HEADER) == "hit" and b"intervenante-secrete" not in body


def test_other_cookies_still_get_the_shared_page(page_cache_on, app):
    make_home_with_footer()
    call(app)
    assert header(call(app, HTTP_COOKIE="django_language=en; csrftoken=abc")[1], HEADER) == "hit"


def test_a_change_shows_on_the_next_request(page_cache_on, app):
    make_home_with_footer()
    call(app)
    assert header(call(app)[1], HEADER) == "hit"
    bump_content_version()  # what a publication or an organisation's save does
    calls = app.application.calls
    assert header(call(app)[1], HEADER) == "miss" and app.application.calls == calls + 1
    assert header(call(app)[1], HEADER) == "hit"


def test_get_and_head_hosts_and_queries_are_different_pages(page_cache_on, app):
    make_home_with_footer()
    call(app)
    assert header(call(app, method="HEAD")[1], HEADER) == "miss"
    assert header(call(app, QUERY_STRING="a=1")[1], HEADER) == "miss"
    assert header(call(app, HTTP_HOST="localhost")[1], HEADER) == "miss"
    assert call(app, HTTP_HOST="evil.example")[0].startswith("400")


def test_a_miss_reads_the_cache_once_for_the_page(page_cache_on, app):
    """The layer hands its look-up to the middleware: a miss does not ask Redis for the page twice."""
    from unittest import mock

    make_home_with_footer()
    call(app)
    bump_content_version()
    with mock.patch.object(page_cache.cache, "get_many", wraps=page_cache.cache.get_many) as get_many:
        assert header(call(app)[1], HEADER) == "miss"
    assert get_many.call_count == 1


def test_with_redis_down_every_request_is_rendered(page_cache_on, app, settings):
    from tests.portal.test_cache_outage import _dead_port

    make_home_with_footer()
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": f"redis://127.0.0.1:{_dead_port()}/0"}
    }
    for _ in range(2):
        status, headers, body = call(app)
        assert status == "200 OK" and header(headers, HEADER) is None and b"<html" in body
    assert app.application.calls == 2


def test_a_hit_writes_the_same_log_line_with_its_request_id(page_cache_on, app):
    from portal.observability import JsonFormatter, RequestContextFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("passerelle.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        make_home_with_footer()
        call(app, QUERY_STRING="q=secret")
        _, headers, _ = call(app, QUERY_STRING="q=secret")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    miss, hit = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert hit["request_id"] == header(headers, "X-Request-ID")
    assert {key: hit[key] for key in ("message", "method", "path", "status", "level", "logger")} == \
        {key: miss[key] for key in ("message", "method", "path", "status", "level", "logger")}
    assert "user_id" not in hit and "secret" not in json.dumps(hit)
