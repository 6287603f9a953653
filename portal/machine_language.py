"""The interfaces named after English standards (FHIR at /fhir/, HSDS at /api/hsds/) answer in English,
whatever the request's Accept-Language: their own messages are English, and so are DRF's and Django's
(a 404, a 405, a missing token). Our own API (/api/v1/, its OpenAPI schema and docs) answers in the language
the client asks for (Accept-Language), French by default: its field titles and messages are English source
strings translated per request. The pages take their language from the path (docs/standards.md)."""

import contextlib

from django.utils import translation
from django.utils.cache import patch_vary_headers

ENGLISH_PREFIXES = ("/fhir/", "/api/hsds/")
NEGOTIATED_PREFIX = "/api/"


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
            if request.path.startswith(NEGOTIATED_PREFIX):
                return self._negotiated(request)
            return self.get_response(request)
        request.LANGUAGE_CODE = "en"
        with translation.override("en"):  # restored afterwards: nothing leaks to what runs next in the thread
            response = self.get_response(request)
        response.headers["Content-Language"] = "en"
        return response

    def _negotiated(self, request):
        """/api/ has no language prefix, so LocaleMiddleware chose French: read the client's Accept-Language."""
        language = translation.get_language_from_request(request, check_path=False)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response
