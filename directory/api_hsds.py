"""The Open Referral HSDS 3.0 API, mounted under /api/hsds/: the endpoints, envelope and parameters of the
specification's `openapi.json`. Public, read-only, anonymous: only active organisations and public
responsibilities are published. Paths answer with or without a trailing slash.

Lists use the spec's page envelope and `search`, `page`, `per_page`, `format` (`json`, or `ndjson`: every
record of the whole directory streamed one per line, no envelope), plus the filters each endpoint declares.
"""

import json
import uuid

from django.http import Http404, StreamingHttpResponse
from django.urls import re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from directory import hsds_services as records
from directory.hsds import export_queryset

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://docs.openreferral.org/en/v3.0/"
HSDS_OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
# Services may come 10,000 to a page: the spec asks for every service in one call with `minimal`, and the
# ndjson format streams them all anyway. One limit per endpoint, declared in the schema as it is enforced.
SERVICES_PER_PAGE_MAX = 10_000
PAGE_MAX = 10**6
NDJSON = "application/x-ndjson"


class JSONOnly(BaseContentNegotiation):
    """The HSDS API's own `format` parameter (json|ndjson) is not DRF's renderer override: always JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


def _flag(params, name: str, errors: dict) -> bool:
    if name not in params:
        return False
    raw = params[name].strip().lower()  # present but empty (`full=`) is no boolean: a 400, as the schema says
    if raw in ("false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    errors[name] = ["true or false."]
    return False


class HSDSView(APIView):
    permission_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly


class HSDSListView(HSDSView):
    """A paged list in the spec's envelope, or the whole list as ndjson."""

    filters = ()  # which of the spec's filters this endpoint takes
    per_page_max = PER_PAGE_MAX

    def items(self, params) -> list:
        raise NotImplementedError

    def record(self, item, params) -> dict:
        raise NotImplementedError

    def parse(self, request) -> dict:
        query = request.query_params
        errors, params = {}, {"search": query.get("search", "")[:200]}
        params["format"] = query.get("format", "json")  # `format=` is neither: a 400
        if params["format"] not in ("json", "ndjson"):
            errors["format"] = ["json or ndjson."]
        for name in ("minimal", "full", "full_service"):
            params[name] = _flag(query, name, errors)
        for name, default, top in (("page", 1, PAGE_MAX), ("per_page", PER_PAGE_DEFAULT, self.per_page_max)):
            raw = query.get(name, str(default))
            try:
                params[name] = int(raw)
            except ValueError:
                errors[name] = ["A whole number is required."]
                continue
            if not 1 <= params[name] <= top:
                errors[name] = [f"Between 1 and {top}."]
        for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
            params[name] = query.get(name, "").strip()[:100] if name in self.filters else ""
        params["modified_after"] = None
        if "modified_after" in self.filters and "modified_after" in query:  # present but empty: a 400 too
            params["modified_after"] = records.parse_datetime_param(query["modified_after"])
            if params["modified_after"] is None:
                errors["modified_after"] = ["An ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z."]
        if errors:
            raise ValidationError(errors)
        return params

    def get(self, request):
        params = self.parse(request)
        items = self.items(params)
        if params["format"] == "ndjson":
            lines = (json.dumps(self.record(item, params), ensure_ascii=False) + "\n" for item in items)
            return StreamingHttpResponse(lines, content_type=NDJSON)
        total = len(items)
        size = params["per_page"]
        total_pages = max((total + size - 1) // size, 1)
        page = params["page"]
        contents = items[(page - 1) * size : page * size]
        return Response({
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": [self.record(item, params) for item in contents],
        })


def list_parameters(per_page_max: int = PER_PAGE_MAX) -> list[OpenApiParameter]:
    """`page` and `per_page` with the bounds `HSDSListView.parse` enforces (the schema's minimum and maximum)."""
    return [
        OpenApiParameter("search", OpenApiTypes.STR, required=False),
        OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": PAGE_MAX}, required=False),
        OpenApiParameter("per_page", {"type": "integer", "minimum": 1, "maximum": per_page_max}, required=False,
                         description=f"1 to {per_page_max}."),
        OpenApiParameter("format", OpenApiTypes.STR, required=False, enum=["json", "ndjson"],
                         description="`ndjson`: every record, one JSON object per line, no envelope."),
    ]


# A list answers JSON (the page envelope) or, with format=ndjson, application/x-ndjson.
LIST_RESPONSES = {(200, "application/json"): OpenApiTypes.OBJECT, (200, NDJSON): OpenApiTypes.OBJECT}
LIST_PARAMETERS = list_parameters()
SERVICE_FILTERS = [
    OpenApiParameter("taxonomy_term_id", OpenApiTypes.STR, required=False),
    OpenApiParameter("taxonomy_id", OpenApiTypes.STR, required=False),
    OpenApiParameter("organization_id", OpenApiTypes.STR, required=False),
    OpenApiParameter("modified_after", OpenApiTypes.DATETIME, required=False),
]


class HSDSRootView(HSDSView):
    """Which HSDS version and profile this API follows, and where its OpenAPI description is."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="hsds_root")
    def get(self, request):
        return Response({"version": HSDS_VERSION, "profile": HSDS_PROFILE, "openapi_url": HSDS_OPENAPI_URL})


class HSDSServiceListView(HSDSListView):
    filters = ("taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after")
    per_page_max = SERVICES_PER_PAGE_MAX

    @extend_schema(parameters=[*list_parameters(SERVICES_PER_PAGE_MAX), *SERVICE_FILTERS,
                               OpenApiParameter("minimal", OpenApiTypes.BOOL, required=False),
                               OpenApiParameter("full", OpenApiTypes.BOOL, required=False)],
                   responses=LIST_RESPONSES, operation_id="hsds_services_list")
    def get(self, request):
        return super().get(request)

    def items(self, params):
        organizations = records.filter_organizations(
            records.service_queryset(), organization_id=params["organization_id"],
            modified_after=params["modified_after"], taxonomy_term_id=params["taxonomy_term_id"],
            taxonomy_id=params["taxonomy_id"])
        return records.search_services(records.services_of(organizations), params["search"])

    def record(self, item, params):
        if params["minimal"]:
            return records.service_minimal(item)
        return records.service_record(item, full=params["full"])


def _service(service_id: str) -> records.Service:
    for service in records.services_of(records.service_queryset()):
        if service.id == service_id:
            return service
    raise Http404


class HSDSServiceDetailView(HSDSView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="hsds_services_detail")
    def get(self, request, pk):
        return Response(records.service_record(_service(pk), full=True))


class HSDSServiceAtLocationListView(HSDSServiceListView):
    @extend_schema(parameters=[*list_parameters(SERVICES_PER_PAGE_MAX), *SERVICE_FILTERS,
                               OpenApiParameter("full", OpenApiTypes.BOOL, required=False)],
                   responses=LIST_RESPONSES, operation_id="hsds_service_at_locations_list")
    def get(self, request):
        return HSDSListView.get(self, request)

    def record(self, item, params):
        return records.service_at_location_record(item)


class HSDSServiceAtLocationDetailView(HSDSView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="hsds_service_at_locations_detail")
    def get(self, request, pk):
        for service in records.services_of(records.service_queryset()):
            if service.service_at_location_id == pk:
                return Response(records.service_at_location_record(service))
        raise Http404


class HSDSOrganizationListView(HSDSListView):
    """Organisations' one-to-one fields; `full=true` nests everything, `full_service=true` full services."""

    @extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("full", OpenApiTypes.BOOL, required=False),
                               OpenApiParameter("full_service", OpenApiTypes.BOOL, required=False)],
                   responses=LIST_RESPONSES, operation_id="hsds_organizations_list")
    def get(self, request):
        return super().get(request)

    def items(self, params):
        organizations = records.service_queryset() if params["full_service"] else export_queryset()
        return list(organizations.search(params["search"]))

    def record(self, item, params):
        if params["full"] or params["full_service"]:
            return records.organization_full_record(item, full_service=params["full_service"])
        return records.organization_list_record(item)


class HSDSOrganizationDetailView(HSDSView):
    """One organisation fully nested, by its HSDS id; its services in full with `full_service=true`."""

    @extend_schema(parameters=[OpenApiParameter("full_service", OpenApiTypes.BOOL, required=False)],
                   responses={200: OpenApiTypes.OBJECT}, operation_id="hsds_organizations_detail")
    def get(self, request, pk):
        errors = {}
        full_service = _flag(request.query_params, "full_service", errors)
        if errors:
            raise ValidationError(errors)
        try:
            organization = records.service_queryset().filter(hsds_id=uuid.UUID(pk)).first()
        except ValueError:
            organization = None
        if organization is None:
            raise Http404
        return Response(records.organization_full_record(organization, full_service=full_service))


class HSDSTaxonomyListView(HSDSListView):
    @extend_schema(parameters=LIST_PARAMETERS, responses=LIST_RESPONSES,
                   operation_id="hsds_taxonomies_list")
    def get(self, request):
        return super().get(request)

    def items(self, params):
        folded = params["search"].strip().casefold()
        return [t for t in records.taxonomies() if folded in t["name"].casefold()]

    def record(self, item, params):
        return item


class HSDSTaxonomyDetailView(HSDSView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="hsds_taxonomies_detail")
    def get(self, request, pk):
        for taxonomy in records.taxonomies():
            if taxonomy["id"] == pk:
                return Response(taxonomy)
        raise Http404


class HSDSTaxonomyTermListView(HSDSListView):
    filters = ("taxonomy_id",)

    @extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("taxonomy_id", OpenApiTypes.STR, required=False),
                               OpenApiParameter("parent_id", OpenApiTypes.STR, required=False),
                               OpenApiParameter("top_only", OpenApiTypes.BOOL, required=False)],
                   responses=LIST_RESPONSES, operation_id="hsds_taxonomy_terms_list")
    def get(self, request):
        return super().get(request)

    def items(self, params):
        query = self.request.query_params
        errors = {}
        top_only = _flag(query, "top_only", errors)
        if errors:
            raise ValidationError(errors)
        parent_id = query.get("parent_id", "").strip()
        folded = params["search"].strip().casefold()
        terms = records.taxonomy_terms()
        if params["taxonomy_id"]:
            terms = [t for t in terms if t["taxonomy_id"] == params["taxonomy_id"]]
        if parent_id:
            terms = [t for t in terms if t.get("parent_id") == parent_id]
        if top_only:
            terms = [t for t in terms if not t.get("parent_id")]
        return [t for t in terms if folded in t["name"].casefold() or folded in t["code"].casefold()]

    def record(self, item, params):
        return item


class HSDSTaxonomyTermDetailView(HSDSView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="hsds_taxonomy_terms_detail")
    def get(self, request, pk):
        for term in records.taxonomy_terms():
            if term["id"] == pk:
                return Response(term)
        raise Http404


ID = r"(?P<pk>[0-9a-fA-F-]{36})"
app_name = "hsds"
urlpatterns = [
    re_path(r"^$", HSDSRootView.as_view(), name="root"),
    re_path(r"^services/?$", HSDSServiceListView.as_view(), name="services"),
    re_path(rf"^services/{ID}/?$", HSDSServiceDetailView.as_view(), name="service"),
    re_path(r"^service_at_locations/?$", HSDSServiceAtLocationListView.as_view(), name="service_at_locations"),
    re_path(rf"^service_at_locations/{ID}/?$", HSDSServiceAtLocationDetailView.as_view(),
            name="service_at_location"),
    re_path(r"^organizations/?$", HSDSOrganizationListView.as_view(), name="organizations"),
    re_path(rf"^organizations/{ID}/?$", HSDSOrganizationDetailView.as_view(), name="organization"),
    re_path(r"^taxonomies/?$", HSDSTaxonomyListView.as_view(), name="taxonomies"),
    re_path(rf"^taxonomies/{ID}/?$", HSDSTaxonomyDetailView.as_view(), name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", HSDSTaxonomyTermListView.as_view(), name="taxonomy_terms"),
    re_path(rf"^taxonomy_terms/{ID}/?$", HSDSTaxonomyTermDetailView.as_view(), name="taxonomy_term"),
]
