"""Refuse NUL characters at the edge, before they reach a query.

PostgreSQL text cannot hold a NUL (0x00) character: a lookup such as `slug="\\x00"` raises a DataError, which
Django, DRF's relational fields (SlugRelatedField…) and Wagtail's search all let through as a 500 — found by
fuzzing the API on PostgreSQL (SQLite's full-text search fails the same way on the site search). Text
fields already refuse NUL (Django's and DRF's CharField validators); what is left are URL paths, query
strings and the slugs inside API bodies. No legitimate request carries a NUL, so it is a 400.
"""

import io
import re

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from portal.machine_language import standards_language

NUL = "\x00"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


def nesting_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text go (brackets inside strings ignored). Python's JSON
    parser recurses once per level: a body nested thousands of levels deep raises RecursionError (a 500)."""
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", _JSON_STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def api_error(detail: str, code: str, status: int) -> JsonResponse:
    """The API's one error shape, for the answers given before DRF is reached."""
    return JsonResponse({"detail": detail, "code": code, "fields": {}}, status=status)


class ApiBodyLimitMiddleware:
    """An API body over API_MAX_BODY_BYTES is a JSON 413 before it is read (Django's own limit,
    DATA_UPLOAD_MAX_MEMORY_SIZE, only answers an HTML 400 once the body is being parsed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            with standards_language(request):  # before LocaleMiddleware: HSDS still answers in English
                try:
                    length = int(request.META.get("CONTENT_LENGTH") or 0)
                except ValueError:
                    return api_error(_("Invalid Content-Length."), "invalid", 400)
                if length > settings.API_MAX_BODY_BYTES:
                    return api_error(_("The request body is larger than %(limit)d bytes.")
                                     % {"limit": settings.API_MAX_BODY_BYTES}, "too_large", 413)
        return self.get_response(request)


def contains_nul(value) -> bool:
    """Whether a parsed value (str, list, dict, QueryDict…) holds a NUL anywhere, keys included."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if hasattr(value, "lists"):  # QueryDict: every value of every key
        return any(contains_nul(key) or contains_nul(items) for key, items in value.lists())
    if isinstance(value, (list, tuple)):
        return any(contains_nul(item) for item in value)
    return False


class RejectNulMiddleware:
    """A NUL in the path or the query string is a 400 for every page and endpoint."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or contains_nul(request.GET):
            with standards_language(request):  # before LocaleMiddleware: FHIR and HSDS still answer in English
                message = _("Null characters are not allowed in a request.")
            if request.path.startswith("/api/"):
                return api_error(message, "invalid", 400)
            if request.path.startswith("/fhir/"):
                from referrals.fhir.views import fhir_outcome

                return fhir_outcome(message, 400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class _RejectNulMixin:
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        data = getattr(parsed, "data", parsed)  # multipart returns DataAndFiles
        if contains_nul(data):
            raise ParseError(_("Null characters are not allowed in a request."))
        return parsed


class NulSafeJSONParser(_RejectNulMixin, JSONParser):
    """JSON bodies without NUL characters and nested at most API_MAX_JSON_DEPTH levels (400 otherwise)."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError(_("The request body is not UTF-8.")) from None
        if nesting_depth(text) > settings.API_MAX_JSON_DEPTH:
            raise ParseError(_("The JSON body is nested more than %(depth)d levels deep.")
                             % {"depth": settings.API_MAX_JSON_DEPTH})
        return super().parse(io.BytesIO(raw), media_type, parser_context)
