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

import collections
import contextlib
import contextvars
import functools
import hashlib
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal import observability

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


# Small parts every page reads (the menu, the footer, the home page's address…), also kept in this process:
# their key holds the content version, read from the shared cache once per request, so a copy here is never
# older than the shared one — a write draws a new version and every process's copies stop matching. Only the
# names listed are kept here: plain strings, tuples and lists of a few kilobytes (never model instances, which
# a request could change), at most LOCAL_PART_LIMIT of them (least recently used dropped first), each for
# PAGE_CACHE_SECONDS as in the shared cache, so memory stays bounded. It spares the frame a round trip per part:
# five on a workspace page, about a millisecond.
LOCAL_PARTS = frozenset({
    "home-url", "menu", "footer", "crumbs", "translation-url", "alias-paths", "restricted-paths",
    "referrals-step-options", "directory-vocabulary", "network-sectors",
})
LOCAL_PART_LIMIT = 256
_local_parts: "collections.OrderedDict[str, object]" = collections.OrderedDict()
_local_lock = threading.Lock()  # runserver and the in-process task runner use threads


def cached_part(name: str, parts: tuple, build, *, fresh=None):
    """A small rendered part of the frame (menu, footer…) keyed by the content version and `parts`
    (language, site…); `build()` makes it on a miss or when the cache is down. `fresh(value)`, for a part
    that time alone outdates (a list of upcoming events): a stored value it refuses is built and stored again.
    Parts named in LOCAL_PARTS are also kept in this process."""
    version = content_version() if settings.PAGE_CACHE_SECONDS else ""
    if not version:
        return build()
    key = f"part:{version}:{database_tag()}:{name}:" + ":".join(str(part) for part in parts)
    local = name in LOCAL_PARTS
    if local:
        with _local_lock:
            expires, value = _local_parts.get(key, (0, None))
            if value is not None and expires > time.monotonic():
                _local_parts.move_to_end(key)
            else:
                value = None
        if value is not None and (fresh is None or fresh(value)):
            return value
    value = _get(key)
    if value is None or (fresh is not None and not fresh(value)):
        value = build()
        _set(key, value)
    if local:
        with _local_lock:
            # Expiring with the shared entry's lifetime: a write that drew no new version (a fixture loaded raw)
            # is outdated here no later than there.
            _local_parts[key] = (time.monotonic() + settings.PAGE_CACHE_SECONDS, value)
            while len(_local_parts) > LOCAL_PART_LIMIT:
                _local_parts.popitem(last=False)
    return value


def do_not_store(request) -> None:
    """Keep this response out of the page cache (a placeholder such as "being computed, reload")."""
    if request is not None:
        request.page_cache_skip = True


# Where the WSGI layer leaves its look-up for the middleware when it cannot answer (a miss): the same key
# and the same reply, so a miss costs one round trip too. Not an HTTP_ name: no client can set it.
PROBE = "passerelle.page_cache.probe"
_NOT_PROBED = object()


def _scheme(meta) -> str:
    """`HttpRequest.scheme`, from the WSGI environ (the proxy's header when SECURE_PROXY_SSL_HEADER says so)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = meta.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return meta.get("wsgi.url_scheme", "http")


def _wsgi_path(environ) -> str:
    """`request.path` as Django's WSGIRequest will make it from this environ."""
    from django.core.handlers.wsgi import get_path_info, get_script_name

    script_name = get_script_name(environ)
    path_info = get_path_info(environ) or "/"
    return f"{script_name.rstrip('/')}/{path_info.replace('/', '', 1)}"


def _key(request) -> str:
    """Scheme, host and path with its query string, as the client sent them. The host is not validated
    here (that costs a hit more than the rest): an entry is only ever stored for a host Django accepted,
    so another host is a miss and Django refuses it as usual. The language is part of the path: every
    page is under `i18n_patterns` with the French unprefixed (`prefix_default_language=False`), so
    LocaleMiddleware takes it from the path alone, never from a cookie or Accept-Language."""
    meta = request.META
    host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
    raw = f"{_scheme(meta)}|{host}|{request.path}?{meta.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"page:{request.method}:{digest}"  # GET or HEAD (not the True/False of entries made before)


class _BeforeDjango:
    """What the decision and the key read of a request (its environ, method and path), for the WSGI layer,
    which answers before Django makes the request itself."""

    __slots__ = ("META", "method", "path")

    def __init__(self, environ):
        self.META = environ
        self.method = environ.get("REQUEST_METHOD", "").upper()
        self.path = _wsgi_path(environ)


def _cacheable_request(request) -> bool:
    """The one place that decides whether a request may be answered from (or its page stored in) the shared
    cache: the WSGI layer and the middleware both ask it (the same environ, method and path)."""
    meta = request.META
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if "HTTP_AUTHORIZATION" in meta:
        return False
    raw_cookies = meta.get("HTTP_COOKIE")
    if raw_cookies:
        from django.http.cookie import parse_cookie

        cookies = parse_cookie(raw_cookies)  # as `request.COOKIES` reads them
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False  # maybe signed in, or a message waiting: never from the shared cache
    return not request.path.startswith(SKIP_PREFIXES)


def _probe(request):
    """None if the request may not use the cache; else (key, reply): the reply to one round trip reading the
    content version and the page together ({} when the cache is unreachable)."""
    if not _cacheable_request(request):
        return None
    key = _key(request)
    try:
        return key, cache.get_many([VERSION_KEY, key])
    except Exception:  # noqa: BLE001 — unreachable cache: render as if there were none
        return key, {}


def _fresh(probe):
    """The stored page if it was made under the current content version, else None."""
    key, found = probe
    stored = found.get(key)
    version = found.get(VERSION_KEY)
    if stored is not None and version and stored[0] == version:
        return stored[1]
    return None


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


class PageCacheApplication:
    """The WSGI application in front of Django's (portal/wsgi.py): a hit is answered here, before Django
    builds a request, sends `request_started`/`request_finished` (which only close database connections a
    hit never opens) or runs a middleware. Same decision (`_cacheable_request`), same key, same freshness
    check and same response as the middleware below: the stored status, headers (Permissions-Policy
    included) and body, plus X-Page-Cache, the request's own X-Request-ID and its log line
    (portal/observability.py). Anything else (not cacheable, a miss, the cache down) goes to Django with
    the look-up attached, so the middleware does not read the cache a second time."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        start = time.monotonic()
        request = _BeforeDjango(environ)
        probe = _probe(request)
        if probe is not None:
            entry = _fresh(probe)
            if entry is not None:
                return self._answer(environ, start_response, request.method, request.path, entry, start)
        environ[PROBE] = probe
        return self.application(environ, start_response)

    @staticmethod
    def _answer(environ, start_response, method, path, entry, start):
        status, reason, headers, content = entry
        request_id = observability.request_id(environ)
        start_response(f"{status} {reason}", [*headers, (HEADER, "hit"), ("X-Request-ID", request_id)])
        observability.log_answered_before_django(method, path, request_id, status, start)
        return [content]


class AnonymousPageCacheMiddleware:
    """Serve anonymous public pages from the shared cache, and store them. Second in MIDDLEWARE, right
    after the request log (which gives every response its own X-Request-ID): the response it stores
    carries the headers the whole chain gave the page when it was built (the security headers, CSP,
    X-Frame-Options…). HTTPS redirects, NUL refusals and static files never reach the store: only a 200
    is kept, under a key that holds the scheme. Under gunicorn, hits are answered earlier by
    `PageCacheApplication`; this serves them where Django is called directly (the test client, runserver)."""

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
        probe = request.META.pop(PROBE, _NOT_PROBED)
        if probe is _NOT_PROBED:
            probe = _probe(request)
        if probe is None:
            return self.get_response(request)
        entry = _fresh(probe)
        if entry is not None:
            return _rebuild(entry)
        key, found = probe
        version = found.get(VERSION_KEY) or content_version()
        if not version:
            return self.get_response(request)
        memo["version"] = version  # the frame's parts read the same version
        response = self.get_response(request)
        if _storable(request, response):
            _set(key, (version, _freeze(response)))
            response[HEADER] = "miss"
        return response


_NOT_STORED = frozenset({"set-cookie", "date", "x-request-id", HEADER.lower()})


def _freeze(response) -> tuple:
    """Status, reason, headers and body, as the client gets them less what is the request's own (its id, the
    date, cookies). Permissions-Policy is stored as the request log will set it on the way out, so a hit
    does not look for it."""
    headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_STORED]
    if "permissions-policy" not in response.headers:
        headers.append(("Permissions-Policy", observability.PERMISSIONS_POLICY))
    return (response.status_code, response.reason_phrase, headers, response.content)


def _rebuild(stored):
    from django.http import HttpResponse

    status, _reason, headers, content = stored
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


def database_tag() -> str:
    """A short digest of the database's name, in every part's key (`cached_part`): parts are keyed by primary
    keys, hosts and languages, and two sites served from two databases with one cache (a staging copy beside
    production, two cities on one Redis) share the content token. One namespace here rather than the name
    added by hand at each call site, where a forgotten one (the restricted paths) would let one site read
    another's."""
    from django.db import connection

    return _name_digest(str(connection.settings_dict.get("NAME") or ""))


@functools.lru_cache(maxsize=16)
def _name_digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def restricted_paths() -> tuple[str, ...]:
    """The tree paths of the pages that carry a view restriction, once per content version (a restriction's
    save replaces it): what public listings exclude (`restricted_q`) and what the serve view checks a page
    against (`portal.routing.may_be_restricted`)."""
    from wagtail.models import PageViewRestriction

    return cached_part("restricted-paths", (), lambda: tuple(sorted(
        PageViewRestriction.objects.values_list("page__path", flat=True).distinct())))


def restricted_q():
    """The pages behind a view restriction, as a Q to exclude."""
    from django.db.models import Q

    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)  # the page and its descendants, as Wagtail's inclusive descendant_of
    return q if q else Q(pk__in=[])

