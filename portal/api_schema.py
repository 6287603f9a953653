"""OpenAPI schema: what is documented, who may call it, and the errors every operation can answer."""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS


def only_passerelle_api(endpoints):
    """Document our API only, not the Wagtail admin's internal one."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class PasserelleAutoSchema(AutoSchema):
    """drf-spectacular only knows AllowAny and IsAuthenticatedOrReadOnly as open to anonymous callers; our
    own read-only rules (`CanManageOrganizationOrReadOnly`, an empty permission list…) are asked directly:
    a read they let an anonymous caller make is declared with the empty security requirement `{}`."""

    def get_auth(self):
        auths = super().get_auth()
        if {} not in auths and self._anonymous_may_read():
            auths.append({})
        return auths

    def _anonymous_may_read(self) -> bool:
        if self.method not in SAFE_METHODS:
            return False
        request = SimpleNamespace(method=self.method, user=AnonymousUser(), auth=None)
        try:
            return all(permission.has_permission(request, self.view) for permission in self.view.get_permissions())
        except Exception:  # a rule that needs more of the request than this: not declared public
            return False


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every API error: a message, a machine-readable code, and the messages by input field.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "invalid, not_authenticated, authentication_failed, forbidden, "
                                                  "not_found, conflict, too_large, throttled…"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["detail", "code", "fields"],
}

ERROR_DESCRIPTIONS = {
    "400": "Invalid input (by field in `fields`), or JSON nested too deeply.",
    "401": "Not authenticated, or an invalid or expired token.",
    "403": "Signed in but not allowed.",
    "404": "No such object, or not one you may see.",
    "409": "The object is no longer in a state that allows this (someone else was faster).",
    "413": "Request body over the API's size limit.",
    "415": "The request body is not JSON (the API takes application/json only).",
    "429": "Too many anonymous requests from this address.",
}


# Input strings are trimmed (DRF's trim_whitespace) before the "may not be blank" rule: " " is blank. The
# schema's `minLength: 1` alone would call it valid, so a required non-blank string also declares that it
# holds something other than white space (Python's and ECMAScript's `\S`).
NOT_BLANK = r"\S"


def _declare_not_blank(schema):
    if isinstance(schema, list):
        for item in schema:
            _declare_not_blank(item)
        return
    if not isinstance(schema, dict):
        return
    if (schema.get("type") == "string" and schema.get("minLength", 0) >= 1
            and not {"enum", "format", "pattern"} & schema.keys()):
        schema["pattern"] = NOT_BLANK
    for value in schema.values():
        if isinstance(value, dict | list):
            _declare_not_blank(value)


def declare_not_blank(result, generator, request, public):
    """Request bodies' non-blank strings: `pattern: \\S` beside `minLength: 1` (see NOT_BLANK)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):  # COMPONENT_SPLIT_REQUEST: what clients send
            _declare_not_blank(component)
    return result


def document_errors(result, generator, request, public):
    """Declare, on every operation, the error responses it can give, all in the one error shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            security = operation.get("security", [])
            anonymous = {} in security
            authenticated = any(requirement for requirement in security)
            writes = method.upper() not in SAFE_METHODS
            statuses = []
            if writes or operation.get("parameters") or operation.get("requestBody"):
                statuses.append("400")
            if authenticated:
                statuses.append("401")
            if writes or not anonymous:
                statuses.append("403")
            page = False
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") == "page":
                    page = True  # a page past the last (or page 0) is a 404
                    if path.startswith("/api/hsds/"):  # HSDS pages count from 1: page 0 is a 400 there
                        parameter.setdefault("schema", {})["minimum"] = 1
                if parameter.get("in") == "query" and parameter.get("name") == "per_page":
                    parameter.setdefault("schema", {})["minimum"] = 1  # per_page 0 is a 400
            if "{" in path or page:  # an unknown id, or a page past the last one
                statuses.append("404")
            if writes:
                statuses += ["409", "413"]
            if "requestBody" in operation:
                statuses.append("415")
            if anonymous:
                statuses.append("429")
            for status in statuses:
                content = {"application/json": {"schema": ref}}
                response = {"description": ERROR_DESCRIPTIONS[status], "content": content}
                operation["responses"].setdefault(status, response)
            operation["responses"] = dict(sorted(operation["responses"].items()))
    return result
