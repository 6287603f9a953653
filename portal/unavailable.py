"""A dependency that is down is a 503 with Retry-After, not a 500.

Django turns any exception a view (or a middleware: the session save, the authentication lookup) raises into
the `handler500` response; `portal.views.server_error` asks `is_dependency_failure` whether the exception is the
database being unreachable and, if so, answers with `unavailable_response`: JSON under `/api/` (the one error
shape), the bilingual 503 page elsewhere. Both are built without the database, templates' context processors or
the cache. Nothing is retried here: each request is its own transaction (or none), so a request that failed
wrote nothing, and the next one after the outage reconnects (`conn_health_checks`).
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30
# Operational errors are the database being unreachable, restarting, out of connections, or refusing a
# transaction it could not serialise: all transient, all worth a retry by the client.
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_dependency_failure(exc: BaseException | None) -> bool:
    """Whether the exception, or one it was raised from, is the database being unavailable."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def unavailable_response(request) -> HttpResponse:
    if is_api(request):
        response = JsonResponse(
            {"detail": "Service temporarily unavailable; try again later.", "code": "unavailable", "fields": {}},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
