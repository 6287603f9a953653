"""Logs a machine can read, and the response headers every page gets.

`LOG_FORMAT=json` (the default with DEBUG off) writes one JSON object per line: time, level, logger, message,
and for a line written while a request is served its request id, user id, organisation id and path. The
`RequestLogMiddleware` writes one `passerelle.request` line per request with the method, the path (never the
query string: a name search or a token could be in it), the status and the duration. No personal data: users
and organisations by id only, no IP address, no user agent, no parameter; messages elsewhere follow the same
rule (referral notifications log ids and error types, never an address or a name).
`LOG_FORMAT=text` gives the same lines as plain text for a developer's terminal.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from django.utils.functional import empty

_request = contextvars.ContextVar("passerelle_request", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
access_log = logging.getLogger("passerelle.request")


def _user_id(request):
    """The signed-in user's id if something already looked the user up (no query made just to log it)."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if getattr(user, "is_authenticated", False) else None


def _organization_id(request):
    from referrals.permissions import SESSION_KEY

    session = request.__dict__.get("session")
    if session is None or not getattr(session, "_session_cache", None):
        return None
    return session.get(SESSION_KEY)


class RequestContextFilter(logging.Filter):
    """Adds the current request's id, user, organisation and path to every record (None outside a request)."""

    def filter(self, record):
        request = _request.get()
        record.request_id = getattr(request, "request_id", None) if request is not None else None
        if request is not None and not hasattr(record, "path"):
            record.path = request.path
        if request is not None:
            record.user_id = getattr(record, "user_id", None) or _user_id(request)
            record.organization_id = _organization_id(request)
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "user_id", "organization_id", "method", "path", "status", "duration_ms")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_id(meta) -> str:
    """The id this request's log lines and its X-Request-ID carry: the proxy's if well-formed, else a new one."""
    given = meta.get("HTTP_X_REQUEST_ID", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def log_request(method: str, path: str, status: int, start: float) -> None:
    """The request's one `passerelle.request` line (health probes only when they fail)."""
    if path not in ("/healthz", "/readyz") or status >= 400:
        access_log.info(
            "%s %s %s", method, path, status,
            extra={"method": method, "status": status, "duration_ms": round((time.monotonic() - start) * 1000, 1)},
        )


class _AnsweredBeforeDjango:
    """What the log filter reads of a request answered before Django built one (a page-cache hit): its id
    and path; no user, no session (a hit is anonymous by construction)."""

    def __init__(self, request_id, path):
        self.request_id = request_id
        self.path = path


def log_answered_before_django(method: str, path: str, request_id_: str, status: int, start: float) -> None:
    """`log_request` for a response the WSGI layer gave without Django (portal/page_cache.py): the same
    line, with the same request id and path, at the same level."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    token = _request.set(_AnsweredBeforeDjango(request_id_, path))
    try:
        log_request(method, path, status, start)
    finally:
        _request.reset(token)


class RequestLogMiddleware:
    """First in the chain: gives each request an id (X-Request-ID from the proxy if well-formed), times it,
    logs it once, and adds the headers every response carries. A page-cache hit answered before Django
    (portal/page_cache.py, `PageCacheApplication`) gets the same from `request_id`,
    `log_answered_before_django` and `PERMISSIONS_POLICY`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id(request.META)
        token = _request.set(request)
        start = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
            log_request(request.method, request.path, response.status_code, start)
            return response
        finally:
            _request.reset(token)
