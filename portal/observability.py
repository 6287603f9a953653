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


class RequestLogMiddleware:
    """First in the chain: gives each request an id (X-Request-ID from the proxy if well-formed), times it,
    logs it once, and adds the headers every response carries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        token = _request.set(request)
        start = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
            if request.path not in ("/healthz", "/readyz") or response.status_code >= 400:
                access_log.info(
                    "%s %s %s", request.method, request.path, response.status_code,
                    extra={"method": request.method, "status": response.status_code,
                           "duration_ms": round((time.monotonic() - start) * 1000, 1)},
                )
            return response
        finally:
            _request.reset(token)
