"""The one business error type, and the two places that turn it into an HTTP answer.

Services raise `ServiceError(message, code=…, field=…)` (or an app's subclass: `ReferralError`,
`DirectoryError`). Nothing else catches it to pick a status:

- the API: `api_exception_handler` (settings `REST_FRAMEWORK["EXCEPTION_HANDLER"]`) answers every error —
  a service's, a serializer's validation, DRF's own (401, 403, 404, 405, 429…) — as the same JSON shape
  `{"detail": str, "code": str, "fields": {field: [messages]}}`;
- the pages: `ServiceErrorMiddleware` shows the message (a message and the page again after a POST, an
  error page with the status otherwise). A form view that wants the message by its field calls
  `add_to_form(form, error)` and re-renders with `error.status`; a class-based form view takes
  `ServiceErrorFormMixin`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

NON_FIELD = "non_field_errors"


class ServiceError(Exception):
    """A business rule refused the operation. `code` says which kind, hence the HTTP status:

    invalid → 400 (bad input), forbidden → 403 (a party without the role for it), not_found → 404,
    conflict → 409 (the object is no longer in a state that allows it — typically someone else was faster).
    `field` names the input at fault, if one is.
    """

    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    STATUS = {INVALID: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409}

    def __init__(self, message: str, *, code: str = INVALID, field: str | None = None):
        if code not in self.STATUS:
            raise ValueError(f"Unknown ServiceError code: {code!r}")
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.field = field

    @property
    def status(self) -> int:
        return self.STATUS[self.code]

    def __str__(self) -> str:
        return self.message


# --- API --------------------------------------------------------------------------------------------------

# DRF's codes renamed where they mean one of ours, so a client tests one vocabulary.
_CODE_ALIASES = {"permission_denied": ServiceError.FORBIDDEN, "parse_error": ServiceError.INVALID}


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure → {"person.full_name": [...], "items.1.code": [...]}."""
    if isinstance(errors, dict):
        flat = {}
        for key, value in errors.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(errors, list) and any(isinstance(item, (dict, list)) for item in errors):
        flat = {}
        for index, item in enumerate(errors):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages_ = [str(item) for item in (errors if isinstance(errors, list) else [errors])]
    return {prefix or NON_FIELD: messages_} if messages_ else {}


def _as_api_exception(exc):
    if isinstance(exc, ServiceError):
        if exc.code == ServiceError.INVALID:
            return exceptions.ValidationError({exc.field or NON_FIELD: [exc.message]})
        api_error = exceptions.APIException(exc.message, code=exc.code)
        api_error.status_code = exc.status
        return api_error
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def api_exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:  # not an API error: Django's 500 handling applies
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(response.data)
        general = fields.pop(NON_FIELD, [])
        first = general or next(iter(fields.values()), [])
        detail = " ".join(general) if general else (first[0] if len(fields) == 1 and first else
                                                     _("Some fields are invalid."))
        code = ServiceError.INVALID
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else str(response.data)
        codes = exc.get_codes()
        code = codes.get("detail", "error") if isinstance(codes, dict) else str(codes)
        code = _CODE_ALIASES.get(code, code)
        fields = {}
    response.data = {"detail": str(detail), "code": code, "fields": fields}
    return response


# --- pages ------------------------------------------------------------------------------------------------


def add_to_form(form, error: ServiceError) -> None:
    """Show a service's refusal on the form: by its field if the form has it, above the form otherwise."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class ServiceErrorFormMixin:
    """For class-based form views (the Wagtail admin's create and edit views): a service's refusal while
    saving shows on the form, which is rendered again."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ServiceError as error:
            add_to_form(form, error)
            return self.form_invalid(form)


class ServiceErrorMiddleware:
    """A `ServiceError` no page view handled: after a POST, the message and the page again (its form stays
    as it was, nothing was saved); on a read, an error page with the message and the status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError):
            return None
        if request.method == "POST":
            messages.error(request, exception.message)
            return HttpResponseRedirect(request.get_full_path())
        return render(request, "service_error.html", {"error": exception}, status=exception.status)
