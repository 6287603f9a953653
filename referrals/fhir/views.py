"""The FHIR R4 endpoint at /fhir/: HTTP only. Reads start from `Referral.objects.visible_to(user)` (the one
access rule, a third organisation gets 404), full reads are written to the access log like the pages',
writes go through `inbound` to the referral services. Errors are OperationOutcome resources."""

import datetime
import logging
import uuid

from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.dateparse import parse_date, parse_datetime
from knox.auth import TokenAuthentication
from rest_framework import status as http
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from directory.models import Organization
from portal.errors import ServiceError
from portal.input_guards import NulSafeJSONParser
from portal.unavailable import RETRY_AFTER_SECONDS, is_dependency_failure
from referrals import services
from referrals.models import Referral

from . import resources
from .inbound import FHIRInputError, referral_from_bundle, task_update

logger = logging.getLogger(__name__)
FHIR_JSON = "application/fhir+json"
COUNT_DEFAULT, COUNT_MAX = 50, 200
TASK_STATUS_FILTERS = {}
for _state, _status in resources.STATE_TO_TASK_STATUS.items():
    TASK_STATUS_FILTERS.setdefault(_status, []).append(_state)


class FHIRRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir"


class FHIRParser(NulSafeJSONParser):
    media_type = FHIR_JSON


def base_url(request) -> str:
    return request.build_absolute_uri("/fhir").rstrip("/")


def fhir_exception_handler(exc, context):
    """Every error as an OperationOutcome, with the status DRF (or the services) chose."""
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = getattr(exc, "detail", None)
        message = detail if isinstance(detail, str) else str(detail or exc)
        response.data = resources.operation_outcome(message, status=response.status_code)
        return response
    return None


class FHIRView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [FHIRRenderer, JSONRenderer]
    parser_classes = [FHIRParser, NulSafeJSONParser]

    def get_exception_handler(self):
        return fhir_exception_handler

    def handle_exception(self, exc):
        if isinstance(exc, FHIRInputError):
            return self.outcome(exc.message, exc.status, exc.expression)
        if isinstance(exc, ServiceError):  # the services' business errors, with their status
            return self.outcome(exc.message, exc.status, exc.field)
        try:
            return super().handle_exception(exc)
        except Exception as error:  # noqa: BLE001 - nothing under /fhir/ answers Django's HTML page
            return unexpected_error_outcome(error)

    def outcome(self, message: str, status: int, expression: str | None = None) -> Response:
        return Response(resources.operation_outcome(str(message), status=status, expression=expression),
                        status=status)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)  # referrals carry personal data: no copy in any cache
        return response


def unexpected_error_outcome(error: BaseException) -> Response:
    """A dependency down is a 503 with Retry-After; anything else a bug, logged, and a 500 that tells nothing."""
    if is_dependency_failure(error):
        response = Response(resources.operation_outcome("Service temporarily unavailable; try again later.",
                                                        status=503), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.error("FHIR request failed", exc_info=(type(error), error, error.__traceback__))
    return Response(resources.operation_outcome("Internal server error.", status=500), status=500)


class NotFound(APIException):
    status_code = http.HTTP_404_NOT_FOUND
    default_detail = "No such resource, or not one you may see."


class CapabilityStatementView(FHIRView):
    """What this server does (`GET /fhir/metadata`), open to anyone like every FHIR server's."""

    permission_classes = [AllowAny]

    def get(self, request):
        def resource(kind, profile, params, interactions=("read", "search-type")):
            data = {"type": kind, "interaction": [{"code": code} for code in interactions],
                    "searchParam": [{"name": name, "type": kind_} for name, kind_ in params]}
            if profile:
                data["supportedProfile"] = [profile]
            return data

        last_updated = ("_lastUpdated", "date")
        statement = {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": timezone.localdate().isoformat(),
            "publisher": "Passerelle",
            "kind": "instance",
            "software": {"name": "Passerelle"},
            "implementation": {"description": "Passerelle closed-loop referrals", "url": base_url(request)},
            "fhirVersion": resources.FHIR_VERSION,
            "format": [FHIR_JSON, "json"],
            "instantiates": ["http://hl7.org/fhir/us/sdoh-clinicalcare/CapabilityStatement/SDOHCC-ReferralRecipient"],
            "rest": [{
                "mode": "server",
                "documentation": "Token authentication: send 'Authorization: Token <key>'. A user sees the referrals "
                                 "of the organisations they belong to; every full read is recorded.",
                "security": {"service": [{"text": "Token"}], "description": "Authorization: Token <key>"},
                "resource": [
                    resource("Task", resources.TASK_PROFILE,
                             [("owner", "reference"), ("requester", "reference"), ("status", "token"), last_updated],
                             ("read", "search-type", "update")),
                    resource("ServiceRequest", resources.SERVICE_REQUEST_PROFILE,
                             [("requester", "reference"), ("performer", "reference"), last_updated]),
                    resource("Consent", resources.CONSENT_PROFILE, [last_updated]),
                    resource("Organization", None, [("name", "string"), last_updated]),
                ],
                "interaction": [{"code": "transaction"}],
            }],
        }
        from fhir.resources.R4B.capabilitystatement import CapabilityStatement

        return Response(resources.validated(CapabilityStatement, statement))


# --- search helpers ---------------------------------------------------------------------------------------
def last_updated_filter(values: list[str], field: str) -> Q:
    """FHIR date search on `field`: prefixes eq (default), gt, ge, lt, le; a date means the whole day."""
    query = Q()
    for raw in values:
        prefix, value = (raw[:2], raw[2:]) if raw[:2] in ("eq", "gt", "ge", "lt", "le") else ("eq", raw)
        value = value.replace(" ", "+")
        try:  # well shaped but impossible (2026-13-45, 2026-02-30) raises ValueError
            moment = parse_datetime(value)
            day = parse_date(value) if moment is None and len(value) == 10 else None
        except ValueError:
            moment = day = None
        if moment is not None:
            start = moment if not timezone.is_naive(moment) else timezone.make_aware(moment)
            end = start + datetime.timedelta(seconds=1)
        else:
            if day is None:
                raise FHIRInputError(f"_lastUpdated: {raw!r} is not a FHIR date.", expression="_lastUpdated")
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
            end = start + datetime.timedelta(days=1)
        query &= {"eq": Q(**{f"{field}__gte": start, f"{field}__lt": end}), "gt": Q(**{f"{field}__gte": end}),
                  "ge": Q(**{f"{field}__gte": start}), "lt": Q(**{f"{field}__lt": start}),
                  "le": Q(**{f"{field}__lt": end})}[prefix]
    return query


def organization_slug(value: str, name: str) -> str:
    slug = value.removeprefix("Organization/")
    if not slug or "/" in slug:
        raise FHIRInputError(f"{name}: Organization/<id> or <id> expected.", expression=name)
    return slug


def public_id(pk: str) -> uuid.UUID:
    """A referral's FHIR id is its public UUID: any other id names nothing (404, not a 500)."""
    try:
        return uuid.UUID(pk)
    except ValueError:
        raise NotFound from None


def paged(request, queryset):
    """`_count` (1–200, default 50) and `_offset`: a slice of the queryset and the total."""
    try:
        count = int(request.query_params.get("_count", COUNT_DEFAULT))
        offset = int(request.query_params.get("_offset", 0))
    except ValueError:
        raise FHIRInputError("_count and _offset are whole numbers.") from None
    if not 1 <= count <= COUNT_MAX or offset < 0:
        raise FHIRInputError(f"_count is between 1 and {COUNT_MAX}; _offset is not negative.")
    return list(queryset[offset: offset + count]), queryset.count()


class ReferralResourceView(FHIRView):
    """Read and search one kind of referral resource."""

    kind = ""
    search_params = ("_lastUpdated", "_count", "_offset", "_format")

    def build(self, referral, *, full: bool) -> dict:
        raise NotImplementedError

    def visible(self):
        return (Referral.objects.visible_to(self.request.user)
                .select_related("sender", "receiver", "pathway_step", "redirected_from", "consent__receiver",
                                "outcome_reason"))

    def get(self, request, pk=None):
        if pk is not None:
            return self.read(request, pk)
        unknown = sorted(set(request.query_params) - set(self.search_params))
        if unknown:
            raise FHIRInputError(f"Unsupported search parameter: {', '.join(unknown)}.", expression=unknown[0])
        queryset = self.search(request, self.visible()).order_by("-updated_at", "-pk")
        rows, total = paged(request, queryset)
        return Response(resources.searchset([self.build(r, full=False) for r in rows], base=base_url(request),
                                            total=total))

    def search(self, request, queryset):
        if "_lastUpdated" in request.query_params:
            queryset = queryset.filter(last_updated_filter(request.query_params.getlist("_lastUpdated"),
                                                           "updated_at"))
        return queryset

    def read(self, request, pk):
        referral = self.visible().prefetch_related("events__actor", "events__organization",
                                                   "person__languages").filter(public_id=public_id(pk)).first()
        if referral is None or not self.exists(referral):
            raise NotFound
        services.referral_log_view(referral=referral, user=request.user)
        return Response(self.build(referral, full=True))

    def exists(self, referral) -> bool:
        return True


class TaskView(ReferralResourceView):
    search_params = (*ReferralResourceView.search_params, "owner", "requester", "status")

    def build(self, referral, *, full):
        return resources.task_resource(referral, full=full)

    def search(self, request, queryset):
        queryset = super().search(request, queryset)
        params = request.query_params
        if params.get("owner"):
            queryset = queryset.filter(receiver__slug=organization_slug(params["owner"], "owner"))
        if params.get("requester"):
            queryset = queryset.filter(sender__slug=organization_slug(params["requester"], "requester"))
        if params.get("status"):
            statuses = [s.strip() for s in params["status"].split(",")]
            unknown = [s for s in statuses if s not in resources.TASK_STATUSES]
            if unknown:
                raise FHIRInputError(f"status: {unknown[0]!r} is not a referral task status.", expression="status")
            queryset = queryset.filter(state__in=[state for s in statuses for state in TASK_STATUS_FILTERS.get(s, [])])
        return queryset

    def put(self, request, pk=None):
        if pk is None:
            return self.outcome("PUT needs a Task id.", 405)
        referral = self.visible().filter(public_id=public_id(pk)).first()
        if referral is None:
            raise NotFound
        referral = task_update(referral, request.data, user=request.user)
        referral = self.visible().prefetch_related("events__actor", "events__organization").get(pk=referral.pk)
        services.referral_log_view(referral=referral, user=request.user)
        return Response(resources.task_resource(referral, full=True))


class ServiceRequestView(ReferralResourceView):
    search_params = (*ReferralResourceView.search_params, "requester", "performer")

    def build(self, referral, *, full):
        return resources.service_request_resource(referral, full=full)

    def search(self, request, queryset):
        queryset = super().search(request, queryset)
        params = request.query_params
        if params.get("requester"):
            queryset = queryset.filter(sender__slug=organization_slug(params["requester"], "requester"))
        if params.get("performer"):
            queryset = queryset.filter(receiver__slug=organization_slug(params["performer"], "performer"))
        return queryset


class ConsentView(ReferralResourceView):
    def build(self, referral, *, full):
        return resources.consent_resource(referral, full=full)

    def visible(self):
        return super().visible().filter(consent__isnull=False)


class OrganizationView(FHIRView):
    """The directory's active organisations (no personal data; signed-in partners, like the rest of /fhir/)."""

    def get(self, request, pk=None):
        organizations = Organization.objects.active().order_by("name", "pk")
        if pk is not None:
            organization = organizations.filter(slug=pk).first()
            if organization is None:
                raise NotFound
            return Response(resources.organization_resource(organization))
        params = request.query_params
        unknown = sorted(set(params) - {"name", "_lastUpdated", "_count", "_offset", "_format"})
        if unknown:
            raise FHIRInputError(f"Unsupported search parameter: {', '.join(unknown)}.", expression=unknown[0])
        if params.get("name"):
            name = params["name"]
            organizations = organizations.filter(Q(name__icontains=name) | Q(acronym__icontains=name))
        if "_lastUpdated" in params:
            organizations = organizations.filter(last_updated_filter(params.getlist("_lastUpdated"), "updated_at"))
        rows, total = paged(request, organizations)
        return Response(resources.searchset([resources.organization_resource(o) for o in rows],
                                            base=base_url(request), total=total))


class TransactionView(FHIRView):
    """`POST /fhir/` with a transaction Bundle: Task + ServiceRequest + Consent (+ Patient) → one referral."""

    def post(self, request):
        referral = referral_from_bundle(request.data, user=request.user)
        location = f"{base_url(request)}/Task/{referral.public_id}"
        data = {
            "resourceType": "Bundle",
            "type": "transaction-response",
            "entry": [{"response": {"status": "201 Created", "location": f"{kind}/{referral.public_id}",
                                    "lastModified": resources.fhir_instant(referral.updated_at)}}
                      for kind in ("Task", "ServiceRequest", "Consent")],
        }
        response = Response(resources.validated("Bundle", data), status=http.HTTP_200_OK)
        response["Location"] = location
        return response


def fhir_outcome(message: str, status: int) -> JsonResponse:
    """An OperationOutcome outside the FHIR views: Django's 500 handler, the NUL guard (portal)."""
    return JsonResponse(resources.operation_outcome(str(message), status=status), status=status,
                        content_type=FHIR_JSON)


def fhir_server_error():
    """Django's 500 handler under /fhir/ (portal.views.server_error)."""
    return fhir_outcome("Internal server error.", 500)


def fhir_not_found(request, *args, **kwargs):
    return JsonResponse(resources.operation_outcome("Unknown FHIR endpoint.", status=404), status=404,
                        content_type=FHIR_JSON)

