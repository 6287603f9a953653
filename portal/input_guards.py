"""Refuse NUL characters at the edge, before they reach a query.

PostgreSQL text cannot hold a NUL (0x00) character: a lookup such as `slug="\\x00"` raises a DataError, which
Django, DRF's relational fields (SlugRelatedField…) and Wagtail's search all let through as a 500 — found by
fuzzing the API on PostgreSQL (SQLite's full-text search fails the same way on the site search). Text
fields already refuse NUL (Django's and DRF's CharField validators); what is left are URL paths, query
strings and the slugs inside API bodies. No legitimate request carries a NUL, so it is a 400.
"""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

NUL = "\x00"


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
            return HttpResponseBadRequest(_("Null characters are not allowed in a request."))
        return self.get_response(request)


class _RejectNulMixin:
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        data = getattr(parsed, "data", parsed)  # multipart returns DataAndFiles
        if contains_nul(data):
            raise ParseError(_("Null characters are not allowed in a request."))
        return parsed


class NulSafeJSONParser(_RejectNulMixin, JSONParser):
    pass


class NulSafeFormParser(_RejectNulMixin, FormParser):
    pass


class NulSafeMultiPartParser(_RejectNulMixin, MultiPartParser):
    pass
