"""The anonymous full-page cache: hits for visitors, fresh after a change, never for a signed-in person,
nothing personal in it, and no harm when the cache is down."""

import pytest
from django.core.cache import cache
from django.test import Client

from portal.page_cache import HEADER, content_version
from portal.pages import StandardPage
from tests.factories import add_page, make_directory_page, make_home, make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def make_home_with_footer():
    """The home page, and its footer settings row (created on the first page ever rendered)."""
    from wagtail.models import Site

    from portal.models import FooterSettings

    home = make_home()
    FooterSettings.for_site(Site.objects.get(is_default_site=True))
    return home


def test_second_anonymous_request_is_a_hit_with_the_same_page(page_cache):
    make_home_with_footer()
    first, second = Client().get("/"), Client().get("/")
    assert first[HEADER] == "miss" and second[HEADER] == "hit"
    assert first.content == second.content
    assert second["Content-Type"].startswith("text/html") and "Set-Cookie" not in second


def test_publishing_a_page_shows_on_the_next_request(page_cache):
    home, _ = make_home_with_footer()
    page = add_page(home, StandardPage, title="La ville", slug="la-ville", show_in_menus=True)
    assert "La ville" in Client().get("/la-ville/").content.decode()
    assert Client().get("/la-ville/")[HEADER] == "hit"
    page.title = "La ville accueillante"
    page.save_revision().publish()
    response = Client().get("/la-ville/")
    assert response[HEADER] == "miss" and "La ville accueillante" in response.content.decode()
    # The menu of every other page follows too (the frame's parts share the version).
    assert "La ville accueillante" in Client().get("/").content.decode()


def test_editing_an_organisation_shows_on_the_next_request(page_cache):
    make_directory_page()
    organization = make_organization("aibsl", name="Accueil et Intégration")
    client = Client()
    assert "Accueil et Intégration" in client.get("/repertoire/").content.decode()
    version = content_version()
    organization.name = "Accueil et Intégration BSL"
    organization.save()
    assert content_version() != version
    assert "Accueil et Intégration BSL" in client.get("/repertoire/").content.decode()


def test_signed_in_pages_are_never_served_from_or_stored_in_the_cache(page_cache):
    make_home_with_footer()
    organization = make_organization("aibsl")
    member = make_member(organization, username="intervenante-secrete")
    anonymous = Client().get("/")
    assert anonymous[HEADER] == "miss"
    signed_in = Client()
    signed_in.force_login(member)
    for _ in range(2):
        response = signed_in.get("/")
        assert HEADER not in response  # neither served from the cache nor stored in it
        assert "intervenante-secrete" in response.content.decode() or response.status_code == 200
    hit = Client().get("/")
    assert hit[HEADER] == "hit" and b"intervenante-secrete" not in hit.content
    assert b"sessionid" not in hit.content and "Set-Cookie" not in hit


def test_a_signed_in_first_visit_leaves_nothing_for_visitors(page_cache):
    make_home_with_footer()
    member = make_member(make_organization("aibsl"), username="intervenante-secrete")
    signed_in = Client()
    signed_in.force_login(member)
    signed_in.get("/")
    assert Client().get("/")[HEADER] == "miss"


def test_pages_with_a_form_token_or_a_cookie_are_not_stored(page_cache):
    make_home_with_footer()
    sign_in = Client().get("/connexion/")
    assert sign_in.status_code == 200 and HEADER not in sign_in
    assert HEADER not in Client().get("/connexion/")


def test_workspace_and_api_are_never_cached(page_cache):
    make_home_with_footer()
    assert HEADER not in Client().get("/references/")
    assert HEADER not in Client().get("/api/v1/organizations/")


def test_a_cache_outage_serves_pages_uncached(page_cache, settings):
    from tests.portal.test_cache_outage import _dead_port

    make_home_with_footer()
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": f"redis://127.0.0.1:{_dead_port()}/0"}
    }
    for _ in range(2):
        response = Client(raise_request_exception=False).get("/")
        assert response.status_code == 200 and HEADER not in response


def test_a_hit_keeps_the_security_headers_and_gets_its_own_request_id(page_cache):
    make_home_with_footer()
    miss, hit = Client().get("/"), Client().get("/")
    assert miss[HEADER] == "miss" and hit[HEADER] == "hit"
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Permissions-Policy", "Content-Language", "Content-Type"):
        assert hit[name] == miss[name], name
    assert hit["X-Request-ID"] and hit["X-Request-ID"] != miss["X-Request-ID"]


def test_an_authorization_header_or_a_session_cookie_never_gets_the_shared_page(page_cache):
    make_home_with_footer()
    assert Client().get("/")[HEADER] == "miss"
    assert Client().get("/")[HEADER] == "hit"
    assert HEADER not in Client().get("/", HTTP_AUTHORIZATION="Token abc")
    client = Client()
    client.cookies["sessionid"] = "anything"
    assert HEADER not in client.get("/")


def test_the_language_comes_from_the_path_not_from_the_visitor(page_cache):
    """The key is the host and the path: that is enough because the language is the path's (French
    unprefixed, English under /en/), whatever Accept-Language or the language cookie say."""
    make_home_with_footer()
    french = Client().get("/")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    same = client.get("/")
    assert same[HEADER] == "hit" and same["Content-Language"] == "fr" and same.content == french.content
    english = Client().get("/en/")
    assert english["Content-Language"] == "en" and english.content != french.content


def test_the_host_is_part_of_the_key(page_cache, settings):
    make_home_with_footer()
    assert Client().get("/")[HEADER] == "miss"
    assert Client().get("/", HTTP_HOST="localhost")[HEADER] == "miss"
    assert Client().get("/", HTTP_HOST="localhost")[HEADER] == "hit"
    assert Client().get("/", HTTP_HOST="evil.example").status_code == 400


def test_the_frame_reads_the_content_version_once_per_request(page_cache):
    from unittest import mock

    from portal import page_cache as module

    make_home_with_footer()
    Client().get("/")
    module.bump_content_version()
    with mock.patch.object(module, "_read_content_version", wraps=module._read_content_version) as read:
        response = Client().get("/")
    assert response[HEADER] == "miss" and read.call_count == 0  # the frame takes the version the cache read


def test_redis_client_is_built_once_per_pool():
    from portal.cache import TolerantRedisCache

    backend = TolerantRedisCache("redis://127.0.0.1:9/0", {})
    assert backend._cache.get_client() is backend._cache.get_client()
    assert backend._cache.get_client(write=True) is backend._cache.get_client()


def test_the_home_page_leaves_out_pages_behind_a_view_restriction_and_follows_a_new_one(page_cache):
    from wagtail.models import PageViewRestriction

    from portal.page_cache import restricted_q

    home, _ = make_home_with_footer()
    open_page = add_page(home, StandardPage, title="La ville", slug="la-ville", show_in_menus=True)
    closed = add_page(home, StandardPage, title="Coulisses", slug="coulisses", show_in_menus=True)
    assert set(home.entry_points()) == {open_page.page_ptr, closed.page_ptr}
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert list(home.entry_points()) == [open_page.page_ptr]
    assert set(StandardPage.objects.exclude(restricted_q())) == set(StandardPage.objects.public())


def test_the_footer_phone_with_an_extension_dials_the_number_and_the_extension():
    """`tel:{{ phone|cut:' ' }}` made "tel:418724-3111poste2" of "418 724-3111 poste 2": no phone dials that."""
    from wagtail.models import Site

    from portal.models import FooterSettings

    make_home()
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.phone = "418 724-3111 poste 2"
    footer.save()
    html = Client().get("/").content.decode()
    assert 'href="tel:+14187243111;ext=2"' in html and "418 724-3111, poste 2" in html
    assert '<a href="tel:+14187243111;ext=2">418-724-3111, ext. 2</a>' in Client().get("/en/").content.decode()


def test_a_part_that_time_outdated_is_built_again_and_stored(page_parts, db):
    """`cached_part(fresh=…)`: a stored value it refuses (an event shown has ended) is built and stored again,
    so the next request reads the new one instead of rebuilding it until the entry expires."""
    from portal.page_cache import cached_part

    builds = []

    def build(valid_until):
        builds.append(valid_until)
        return (valid_until, f"list {len(builds)}")

    assert cached_part("timed-test", ("fr",), lambda: build(10), fresh=lambda entry: entry[0] > 5) == (10, "list 1")
    assert cached_part("timed-test", ("fr",), lambda: build(20), fresh=lambda entry: entry[0] > 5) == (10, "list 1")
    # Time has passed: the stored list is refused, built again and stored; the next request reads it.
    assert cached_part("timed-test", ("fr",), lambda: build(20), fresh=lambda entry: entry[0] > 15) == (20, "list 2")
    assert cached_part("timed-test", ("fr",), lambda: build(30), fresh=lambda entry: entry[0] > 15) == (20, "list 2")
    assert builds == [10, 20]


def test_small_frame_parts_are_kept_in_the_process_until_the_content_changes(page_parts, db):
    """The menu, footer and home address are read from this process's copy (no round trip to the shared cache
    per part); the copy's key holds the content version, so a change is seen on the next request."""
    from unittest import mock

    from portal import page_cache as module

    home, _english = make_home_with_footer()
    add_page(home, StandardPage, title="Section one", show_in_menus=True)
    Client().get("/")
    with mock.patch.object(module, "_get", wraps=module._get) as get:
        response = Client().get("/")
    assert response.status_code == 200 and "Section one" in response.content.decode()
    assert [call.args[0] for call in get.call_args_list if ":menu:" in call.args[0] or ":footer:" in call.args[0]] == []
    add_page(home, StandardPage, title="Section two", show_in_menus=True)  # publishing draws a new version
    assert "Section two" in Client().get("/").content.decode()


def test_the_process_copy_of_frame_parts_is_bounded(page_parts, db, monkeypatch):
    from portal import page_cache as module

    monkeypatch.setattr(module, "LOCAL_PART_LIMIT", 3)
    for index in range(10):
        assert module.cached_part("menu", (f"host-{index}",), lambda index=index: [index]) == [index]
    assert len(module._local_parts) <= 3
    assert module.cached_part("menu", ("host-9",), lambda: ["rebuilt"]) == [9]


def test_the_process_copy_of_a_part_expires_with_the_shared_entry(page_parts, db, monkeypatch, settings):
    """A write that drew no new version (a fixture loaded raw) is outdated in the process no later than in the
    shared cache."""
    from portal import page_cache as module

    now = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: now[0])
    assert module.cached_part("menu", ("expiry",), lambda: ["first"]) == ["first"]
    module.cache.delete(next(key for key in module._local_parts if key.endswith(":menu:expiry")))
    assert module.cached_part("menu", ("expiry",), lambda: ["second"]) == ["first"]  # the process's copy
    now[0] += settings.PAGE_CACHE_SECONDS + 1
    assert module.cached_part("menu", ("expiry",), lambda: ["second"]) == ["second"]


def test_two_databases_sharing_one_cache_never_read_each_others_parts(page_parts, monkeypatch):
    """Parts are keyed by primary keys, hosts and languages; two sites on two databases with one cache share the
    content token. `cached_part` keys every part by the database itself: the restricted pages' paths (keyed by
    nothing else) of one site were read by the other, so its restricted page could be listed."""
    from django.db import connection
    from wagtail.models import PageViewRestriction

    from portal.page_cache import cached_part, restricted_q

    monkeypatch.setitem(connection.settings_dict, "NAME", "site-a")
    assert cached_part("restricted-paths", (), lambda: ["0001"]) == ["0001"]
    monkeypatch.setitem(connection.settings_dict, "NAME", "site-b")
    assert not PageViewRestriction.objects.exists()
    assert restricted_q().children == [("pk__in", [])]  # this site restricts nothing, whatever site-a keeps
    assert cached_part("directory-vocabulary", ("fr",), lambda: "b") == "b"
    monkeypatch.setitem(connection.settings_dict, "NAME", "site-a")
    assert cached_part("directory-vocabulary", ("fr",), lambda: "a") == "a"
    assert cached_part("restricted-paths", (), lambda: []) == ["0001"]
