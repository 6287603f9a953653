"""Wagtail page serving without re-reading, on every request, what the content version already fixes.

Wagtail finds a page in five to seven queries before it serves it: the Site for the host, the Locale of the
active language, the root's translation, then for each slug of the path a child and its specific row, then
the page's view restrictions and its ancestors (to resolve aliases). None of that changes until content is
written, and every such write replaces the content version (portal/page_cache.py). So, per content version:

- the Site for a host and port is kept in the cache (a pickled row with its root page, a few hundred bytes);
- the route of a path (site, language, path) → (page type, page id, how many path components the page took)
  is kept, and a later request reads that one page in one query, then lets the page route the rest of the
  path itself (a routable page's sub-routes, the live check) exactly as Wagtail would;
- `SitePage.get_view_restrictions` answers "none" without a query when no restricted page and no alias is
  the page or one of its ancestors (`restriction_scope`).

Anything unexpected (no cached route, the page gone, its route refusing the rest of the path, the cache
down) falls back to Wagtail's own routing. Only page ids and paths are cached: nothing about the visitor.
"""

import contextlib
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from portal.page_cache import cached_part, content_version, database_tag, restricted_paths


def _site(request) -> Site | None:
    # As Wagtail's Site.find_for_request: the raw host (ALLOWED_HOSTS was checked before any view) and port.
    hostname = split_domain_port(request._get_raw_host())[0]
    return cached_part("site", (hostname, request.get_port()), lambda: Site._find_for_request(request))


def _route_key(version: str, site: Site, path: str) -> str:
    # The database too, as in `cached_part`'s keys: two sites on two databases may share one cache.
    digest = hashlib.sha256(f"{database_tag()}#{path}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"part:{version}:route:{site.pk}:{get_language()}:{digest}"


def _cached_route(request, key: str, components: list[str]):
    try:
        entry = cache.get(key)
    except Exception:  # noqa: BLE001 — unreachable cache: Wagtail routes as usual
        return None
    if not entry:
        return None
    content_type_id, page_id, consumed = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    try:
        page = model.objects.get(pk=page_id)
        return page.route(request, components[consumed:])
    except (model.DoesNotExist, Http404):
        return None  # gone or no longer live since: let Wagtail say so


def _remember_route(request, key: str, site: Site, path: str) -> None:
    result = Page.route_for_request(request, path)
    if result is None:
        return  # a 404: not worth a cache entry per mistyped address
    page = result[0]
    root = site.root_page.localized
    consumed = page.depth - root.depth
    if consumed < 0 or not page.path.startswith(root.path):
        return
    with contextlib.suppress(Exception):  # unreachable cache: nothing remembered
        cache.set(key, (page.content_type_id, page.pk, consumed), _ttl())


def _ttl():
    return settings.PAGE_CACHE_SECONDS


class CachedRouteMiddleware:
    """Hands Wagtail's serve view its Site and its route from the cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not _ttl():
            return None
        version = content_version()
        if not version:
            return None
        site = _site(request)
        if site is None:
            return None
        request._wagtail_site = site
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = _route_key(version, site, path)
        result = _cached_route(request, key, [component for component in path.split("/") if component])
        if result is not None:
            request._wagtail_route_for_request = result
        else:
            _remember_route(request, key, site, path)
        return None


def restriction_scope() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tree paths of the pages that carry a view restriction (the part public listings read too), and of
    the alias pages (whose restrictions are their source's), once per content version."""
    return restricted_paths(), cached_part("alias-paths", (), lambda: tuple(
        Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)))


def may_be_restricted(page) -> bool:
    """Whether a restriction may apply to `page`: one of the restricted pages or of the aliases is the page
    itself or one of its ancestors (a tree path is its ancestors' paths plus its own step)."""
    restricted, aliases = restriction_scope()
    return page.alias_of_id is not None or any(page.path.startswith(path) for path in (*restricted, *aliases))
