"""The anonymous full-page cache, and the content version its keys (and the frame's parts) are made of.

Public pages are the same for every visitor who is not signed in, so a rendered page is kept in the shared
cache and served from there on the next request, before sessions, authentication, templates or the
database are touched.

Freshness: every entry carries the *content version*, a random token kept in the cache and replaced
whenever content a public page shows is written (a page published, moved or deleted; an organisation,
responsibility, partnership, footer… saved or deleted: any model outside the private apps listed in
`PRIVATE_APPS`). A page stored under an older version is a miss and is replaced, so a change shows on the
next request on every app server sharing the cache; a hit costs one round trip (version and page read
together). If the token is lost (eviction, a Redis restart) a new one is drawn: never a stale page, at
worst a cold one. Entries also expire after `PAGE_CACHE_SECONDS`, which bounds staleness if a write
happened while the cache was unreachable.

Privacy: only anonymous GET/HEAD requests without a session or messages cookie are served from or stored
in it; a response is stored only if it is a 200 that sets no cookie, used no CSRF token, and is not marked
private or no-store (the workspace, the admin and the API are never_cache or private). Nothing that
depends on who asks enters it.

Outage: every cache call is guarded; with the cache down, pages are rendered as if the cache did not exist.
"""

import contextlib
import contextvars
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:content-version"
HEADER = "X-Page-Cache"
# Apps whose rows never show on a public page: writing them must not empty the public cache (a referral
# changes many times a day; a sign-in updates `last_login`).
PRIVATE_APPS = frozenset({
    "referrals", "sessions", "auth", "admin", "contenttypes", "accounts", "axes", "knox", "django_tasks",
    "django_tasks_db", "guardian", "wagtailusers", "arrivals", "concertation",
})
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/static/", "/media/", "/documents/", "/health")


# The version read once per request: the page cache's own read, or the first frame part's (a dict per
# request, set by the middleware; None outside a request, where every call reads the cache).
_request_version = contextvars.ContextVar("portal_content_version", default=None)


def content_version() -> str:
    """The current content version ("" when the cache is unreachable: then nothing is cached)."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = _read_content_version()
    if memo is not None:
        memo["version"] = version
    return version


def _read_content_version() -> str:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex[:12]
            if not cache.add(VERSION_KEY, version, None):
                version = cache.get(VERSION_KEY) or ""
        return version
    except Exception:  # noqa: BLE001 — a cache is an optimisation: down means "no cache"
        return ""


def bump_content_version() -> None:
    """Make every page and frame part cached so far unreachable: now, and again when the writing
    transaction commits (a page rendered from the old rows in between must not stay cached)."""
    def bump():
        memo = _request_version.get()
        if memo is not None:
            memo.pop("version", None)  # this request's later parts read the new version
        try:
            cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)
        except Exception:  # noqa: BLE001
            logger.warning("content version not bumped: cache unreachable")
    bump()
    transaction.on_commit(bump)


def _public_write(sender, **kwargs) -> None:
    if getattr(kwargs.get("instance"), "_meta", None) is not None and kwargs.get("raw"):
        return  # fixtures being loaded
    if sender._meta.app_label not in PRIVATE_APPS:
        bump_content_version()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_public_write, dispatch_uid=f"portal.page_cache.{signal!r}")
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(lambda **kwargs: bump_content_version(), weak=False, dispatch_uid="portal.pc.pub")
    page_unpublished.connect(lambda **kwargs: bump_content_version(), weak=False, dispatch_uid="portal.pc.unpub")


def _get(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 — unreachable cache: a miss
        return None


def _set(key: str, value) -> None:
    with contextlib.suppress(Exception):  # unreachable cache: nothing stored
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)


def cached_part(name: str, parts: tuple, build):
    """A small rendered part of the frame (menu, footer…) keyed by the content version and `parts`
    (language, site…); `build()` makes it on a miss or when the cache is down."""
    version = content_version() if settings.PAGE_CACHE_SECONDS else ""
    if not version:
        return build()
    key = f"part:{version}:{name}:" + ":".join(str(part) for part in parts)
    value = _get(key)
    if value is None:
        value = build()
        _set(key, value)
    return value


def do_not_store(request) -> None:
    """Keep this response out of the page cache (a placeholder such as "being computed, reload")."""
    if request is not None:
        request.page_cache_skip = True


def _key(request) -> str:
    """Scheme, host and path with its query string, as the client sent them. The host is not validated
    here (that costs a hit more than the rest): an entry is only ever stored for a host Django accepted,
    so another host is a miss and Django refuses it as usual. The language is part of the path: every
    page is under `i18n_patterns` with the French unprefixed (`prefix_default_language=False`), so
    LocaleMiddleware takes it from the path alone, never from a cookie or Accept-Language."""
    meta = request.META
    host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
    raw = f"{request.scheme}|{host}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"page:{request.method == 'HEAD'}:{digest}"


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False  # maybe signed in, or a message waiting: never from the shared cache
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(SKIP_PREFIXES)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "page_cache_skip", False):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page carries a CSRF token: it belongs to one visitor
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0"))


class AnonymousPageCacheMiddleware:
    """Serve anonymous public pages from the shared cache. Second in MIDDLEWARE, right after the request
    log (which gives every response its own X-Request-ID): a hit skips every other middleware and the
    view, and carries the headers the whole chain gave the page when it was built (the security
    headers, CSP, X-Frame-Options…). HTTPS redirects, NUL refusals and static files never reach the
    store: only a 200 is kept, under a key that holds the scheme."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = {}
        token = _request_version.set(memo)
        try:
            return self._serve(request, memo)
        finally:
            _request_version.reset(token)

    def _serve(self, request, memo):
        if not _cacheable_request(request):
            return self.get_response(request)
        # One round trip on a hit: the version and the page (stored with the version it was made under).
        key = _key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception:  # noqa: BLE001 — unreachable cache: render as if there were none
            return self.get_response(request)
        version = found.get(VERSION_KEY) or content_version()
        if not version:
            return self.get_response(request)
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return _rebuild(stored[1])
        memo["version"] = version  # the frame's parts read the same version
        response = self.get_response(request)
        if _storable(request, response):
            _set(key, (version, _freeze(response)))
            response[HEADER] = "miss"
        return response


_NOT_STORED = frozenset({"set-cookie", "date", "x-request-id", HEADER.lower()})


def _freeze(response) -> tuple:
    headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_STORED]
    return (response.status_code, headers, response.content)


def _rebuild(stored):
    from django.http import HttpResponse

    status, headers, content = stored
    response = HttpResponse(content, status=status)
    # The names and values were checked when the page was first built: put them back as they were
    # (through `response[name] = value` each is encoded and checked again, a tenth of a hit's CPU).
    response.headers._store = {name.lower(): (name, value) for name, value in headers}
    response[HEADER] = "hit"
    return response


def public(pages):
    """`pages` without those behind a view restriction (password, sign-in, groups): what Wagtail's `.public()`
    gives, but `.public()` reads the restrictions table on every call (seven times on one search request);
    this reads their paths once per content version. Every public listing goes through it."""
    return pages.exclude(restricted_q())


def restricted_q():
    """The pages behind a view restriction, as a Q to exclude (a restriction's save replaces the content
    version, so the cached paths follow it)."""
    from django.db.models import Q
    from wagtail.models import PageViewRestriction

    paths = cached_part("restricted-paths", (), lambda: sorted(
        PageViewRestriction.objects.values_list("page__path", flat=True).distinct()))
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)  # the page and its descendants, as Wagtail's inclusive descendant_of
    return q if q else Q(pk__in=[])

