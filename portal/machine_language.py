"""The interfaces named after English standards (FHIR at /fhir/, HSDS at /api/hsds/) answer in English,
whatever the request's Accept-Language: their own messages are English, and so are DRF's and Django's
(a 404, a 405, a missing token). The rest of the site, /api/v1/ included, stays French by default
(docs/standards.md)."""

import contextlib

from django.utils import translation

ENGLISH_PREFIXES = ("/fhir/", "/api/hsds/")


def is_english_standard(request) -> bool:
    return request.path.startswith(ENGLISH_PREFIXES) or request.path in ("/fhir", "/api/hsds")


def standards_language(request):
    """For the guards that answer before LocaleMiddleware: English for the standards, else as it is."""
    return translation.override("en") if is_english_standard(request) else contextlib.nullcontext()


class EnglishStandardsMiddleware:
    """After LocaleMiddleware, which chose the site's language: English for the standards' paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_english_standard(request):
            return self.get_response(request)
        request.LANGUAGE_CODE = "en"
        with translation.override("en"):  # restored afterwards: nothing leaks to what runs next in the thread
            response = self.get_response(request)
        response.headers["Content-Language"] = "en"
        return response
