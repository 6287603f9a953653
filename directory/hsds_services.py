"""Open Referral HSDS 3.0 services, service-at-locations and taxonomies, for the HSDS API (`/api/hsds/`).

Passerelle keeps an organisation's services as lines of text, so an HSDS service is derived: one per line,
its id a UUIDv5 of the organisation's HSDS id and the service's name (stable across exports), its
`last_modified` the organisation's. Each service is offered at the organisation's main location (one
service_at_location each).

Two taxonomies classify services: the integration pathway (stages as top terms, steps under them) and the
sectors. A service carries an attribute for each sector of its organisation and each pathway step the
organisation leads or supports publicly, so `taxonomy_term_id` and `taxonomy_id` filter as the spec says.
Only active organisations are published; private responsibilities never are.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone, translation

from directory.hsds import _child_id, _lines, export_queryset, organization_to_hsds
from directory.models import (
    Organization,
    PathwayStage,
    PathwayStep,
    Responsibility,
    ResponsibilityLevel,
    Sector,
)

# A fixed namespace, so taxonomy and term ids are the same on every server and in every export.
NAMESPACE = uuid.UUID("7f1c1f3e-5a0b-4d8e-9a55-2f5b0a8c3d11")
PATHWAY_TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:pathway"))
SECTOR_TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:sectors"))
PUBLISHED_LEVELS = (ResponsibilityLevel.LEAD, ResponsibilityLevel.SUPPORT)


def stage_term_id(stage: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"pathway-stage:{stage}"))


def step_term_id(slug: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"pathway-step:{slug}"))


def sector_term_id(slug: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"sector:{slug}"))


def hsds_datetime(value: datetime.datetime) -> str:
    """RFC 3339 in UTC with milliseconds, as HSDS's `last_modified` asks."""
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- taxonomies ----------------------------------------------------------------------------------------------
def taxonomies() -> list[dict]:
    base = settings.SITE_URL
    with translation.override(settings.LANGUAGE_CODE):
        return [
            {"id": PATHWAY_TAXONOMY_ID, "name": "Parcours d'intégration Passerelle",
             "description": "Les étapes du parcours d'intégration d'une personne réfugiée, par phase.",
             "uri": f"{base}/api/hsds/taxonomies/{PATHWAY_TAXONOMY_ID}", "version": "1"},
            {"id": SECTOR_TAXONOMY_ID, "name": "Secteurs Passerelle",
             "description": "Les secteurs d'activité des organismes partenaires.",
             "uri": f"{base}/api/hsds/taxonomies/{SECTOR_TAXONOMY_ID}", "version": "1"},
        ]


def taxonomy_terms() -> list[dict]:
    """Every term: pathway stages, their steps (children of their stage), sectors. French names."""
    details = {t["id"]: t for t in taxonomies()}
    terms = []

    def term(term_id, code, name, description, taxonomy_id, parent_id=None):
        record = {"id": term_id, "code": code, "name": name, "description": description or name,
                  "taxonomy": details[taxonomy_id]["name"], "taxonomy_id": taxonomy_id,
                  "taxonomy_detail": details[taxonomy_id], "language": "fr"}
        if parent_id:
            record["parent_id"] = parent_id
        terms.append(record)

    with translation.override(settings.LANGUAGE_CODE):
        for stage, label in PathwayStage.choices:
            term(stage_term_id(stage), stage, str(label), "", PATHWAY_TAXONOMY_ID)
    for step in PathwayStep.objects.in_pathway_order():
        term(step_term_id(step.slug), step.slug, step.name_fr, step.description_fr, PATHWAY_TAXONOMY_ID,
             stage_term_id(step.stage))
    for sector in Sector.objects.order_by("slug"):
        term(sector_term_id(sector.slug), sector.slug, sector.name_fr, "", SECTOR_TAXONOMY_ID)
    return terms


# --- services ------------------------------------------------------------------------------------------------
def service_queryset():
    """Active organisations with what their services need, in one query per relation."""
    published = Responsibility.objects.filter(is_public=True, level__in=PUBLISHED_LEVELS).select_related("step")
    return export_queryset().prefetch_related(
        "sectors", Prefetch("responsibilities", queryset=published, to_attr="published_responsibilities"))


@dataclass(frozen=True)
class Service:
    organization: Organization
    name: str

    @property
    def id(self) -> str:
        return _child_id(self.organization.hsds_id, f"service:{self.name}")

    @property
    def location_id(self) -> str:
        return _child_id(self.organization.hsds_id, "location:main")

    @property
    def service_at_location_id(self) -> str:
        return _child_id(self.organization.hsds_id, f"service_at_location:{self.name}")

    def term_ids(self) -> list[str]:
        return [term_id for term_id, _taxonomy in self.terms()]

    def terms(self) -> list[tuple[str, str]]:
        """(term id, taxonomy id) of the organisation's sectors and publicly held pathway steps."""
        org = self.organization
        terms = [(sector_term_id(s.slug), SECTOR_TAXONOMY_ID) for s in sorted(org.sectors.all(), key=lambda s: s.slug)]
        steps = sorted({r.step.slug for r in getattr(org, "published_responsibilities", [])})
        return terms + [(step_term_id(slug), PATHWAY_TAXONOMY_ID) for slug in steps]


def last_change(org: Organization) -> datetime.datetime:
    """When anything a service shows last changed: the organisation or a responsibility it publishes."""
    return max([org.updated_at, *(r.updated_at for r in getattr(org, "published_responsibilities", []))])


def services_of(organizations) -> list[Service]:
    return [Service(org, name) for org in organizations for name in _lines(org.services_fr)]


def service_record(service: Service, *, full: bool = False, with_organization: bool = True) -> dict:
    """A service with its one-to-one fields (list) or fully nested (`full`)."""
    org = service.organization
    record = {
        "id": service.id,
        "organization_id": str(org.hsds_id),
        "name": service.name,
        "status": "active" if org.is_active else "inactive",
        "last_modified": hsds_datetime(last_change(org)),
    }
    if org.referral_intake_email or org.email:
        record["email"] = org.referral_intake_email or org.email
    if org.referral_instructions_fr:
        record["application_process"] = org.referral_instructions_fr
    if with_organization:
        record["organization"] = organization_list_record(org)
    if full:
        record["attributes"] = [
            {"id": _child_id(service.id, f"attribute:{term_id}"), "link_id": service.id, "link_type": "service",
             "link_entity": "service", "taxonomy_term_id": term_id}
            for term_id in service.term_ids()
        ]
        record["service_at_locations"] = [service_at_location_record(service, with_service=False)]
        languages = sorted(org.languages.all(), key=lambda language: language.code)
        if languages:
            record["languages"] = [{"id": _child_id(service.id, f"language:{language.code}"),
                                    "service_id": service.id, "name": language.name_en, "code": language.code}
                                   for language in languages]
    return record


def service_minimal(service: Service) -> dict:
    return {"id": service.id, "last_modified": hsds_datetime(last_change(service.organization))}


def location_record(org: Organization) -> dict:
    full = organization_to_hsds(org)
    location = dict(full["locations"][0])
    return {key: value for key, value in location.items() if not isinstance(value, list)}


def service_at_location_record(service: Service, *, with_service: bool = True) -> dict:
    record = {"id": service.service_at_location_id, "service_id": service.id, "location_id": service.location_id,
              "location": location_record(service.organization)}
    if with_service:
        record["service"] = service_record(service, with_organization=False)
    return record


# --- organisations -------------------------------------------------------------------------------------------
ONE_TO_ONE = ("id", "name", "alternate_name", "description", "email", "website", "uri")


def organization_list_record(org: Organization) -> dict:
    record = organization_to_hsds(org)
    return {key: record[key] for key in ONE_TO_ONE if key in record}


def organization_full_record(org: Organization, *, full_service: bool = False) -> dict:
    record = organization_to_hsds(org)
    if full_service:
        record["services"] = [service_record(s, full=True, with_organization=False) for s in services_of([org])]
    return record


# --- filters -------------------------------------------------------------------------------------------------
def filter_organizations(queryset, *, organization_id: str = "", modified_after: datetime.datetime | None = None,
                         taxonomy_term_id: str = "", taxonomy_id: str = ""):
    """The organisations whose services match the HSDS API's filters (services inherit them)."""
    if organization_id:
        try:
            queryset = queryset.filter(hsds_id=uuid.UUID(organization_id))
        except ValueError:
            return queryset.none()
    if modified_after is not None:
        queryset = queryset.filter(Q(updated_at__gte=modified_after)
                                   | Q(responsibilities__updated_at__gte=modified_after)).distinct()
    public_steps = Q(responsibilities__is_public=True, responsibilities__level__in=PUBLISHED_LEVELS)
    if taxonomy_term_id:
        sectors = [s for s in Sector.objects.values_list("slug", flat=True) if sector_term_id(s) == taxonomy_term_id]
        steps = [s for s in PathwayStep.objects.values_list("slug", flat=True) if step_term_id(s) == taxonomy_term_id]
        stages = [s for s in PathwayStage.values if stage_term_id(s) == taxonomy_term_id]
        queryset = queryset.filter(
            Q(sectors__slug__in=sectors)
            | (public_steps & (Q(responsibilities__step__slug__in=steps) | Q(responsibilities__step__stage__in=stages)))
        ).distinct()
    if taxonomy_id == SECTOR_TAXONOMY_ID:
        queryset = queryset.filter(sectors__isnull=False).distinct()
    elif taxonomy_id == PATHWAY_TAXONOMY_ID:
        queryset = queryset.filter(public_steps).distinct()
    elif taxonomy_id:
        queryset = queryset.none()
    return queryset


def search_services(services: list[Service], query: str) -> list[Service]:
    """Services whose name, or whose organisation's names or mandate, contain the words searched."""
    query = (query or "").strip()
    if not query:
        return services
    matching_orgs = set(Organization.objects.search(query).values_list("pk", flat=True))
    folded = query.casefold()
    return [s for s in services if folded in s.name.casefold() or s.organization.pk in matching_orgs]


def parse_datetime_param(raw: str) -> datetime.datetime | None:
    """`modified_after`: an ISO 8601 date or date-time (a date means its midnight, local time)."""
    raw = raw.strip().replace(" ", "+")  # a "+" left unencoded in a query string arrives as a space
    try:
        value = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
