"""Open Referral HSDS 3.0: the directory as HSDS organisations, and back.

Mapping (HSDS is one-language; the French original is exported, French being the default language):
organisation → id (our stored `hsds_id`), name, alternate_name (acronym), description (mandate), email,
website, uri (public role page), organization_identifiers (our slug, so an import keeps the page address),
phones (main phone), locations[0] (address, languages spoken, opening hours as a schedule description),
services (one per line of the services text), contacts (the referral intake contact). Child ids are UUIDv5
derived from the organisation's id, so an export is stable and export → import → export is identical.
"""

import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db import transaction
from django.utils import translation

from directory import services
from directory.models import Language, Organization, OrganizationKind
from portal.input_guards import nesting_depth

SLUG_IDENTIFIER_TYPE = "passerelle_slug"
# HSDS 3.0 is one-language: the English texts travel as attributes (HSDS's own extension point: a value
# classified by a taxonomy term), one per translated field, in a "Passerelle translations" taxonomy whose
# terms say their language. Another HSDS reader ignores them; our import reads them back.
_TRANSLATION_NAMESPACE = uuid.UUID("5d1f6c4e-2b8a-4f0e-9c7d-3a2e1b0c9d8f")
TRANSLATIONS = {  # model field → (term code, term name)
    "name_en": ("name:en", "Name in English"),
    "mandate_en": ("description:en", "Description in English"),
}
TOLL_FREE_DESCRIPTION = "Sans frais / Toll-free"
INTAKE_CONTACT_NAME = "Accueil des références / Referral intake"


class HSDSError(services.DirectoryError):
    """An HSDS document cannot be imported; `problems` lists each invalid record by id and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class HSDSSchemaMissing(HSDSError):
    pass


def schema_dir() -> Path:
    return Path(settings.HSDS_SCHEMA_DIR)


def load_compiled_schema(name: str = "organization"):
    path = schema_dir() / "schema" / "compiled" / f"{name}.json"
    if not path.is_file():
        raise HSDSSchemaMissing([f"HSDS 3.0 schema not found at {path} (set HSDS_SCHEMA_DIR)."])
    return json.loads(path.read_text(encoding="utf-8"))


def organization_validator():
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(load_compiled_schema("organization"), format_checker=FormatChecker())


def _child_id(organization_id, name: str) -> str:
    return str(uuid.uuid5(uuid.UUID(str(organization_id)), name))


# --- export ------------------------------------------------------------------------------------------------
def organization_to_hsds(organization: Organization) -> dict:
    """One organisation as an HSDS 3.0 organization object (empty values left out)."""
    oid = str(organization.hsds_id)
    with translation.override(settings.LANGUAGE_CODE):
        uri = settings.SITE_URL + organization.get_absolute_url()
    record = {
        "id": oid,
        "name": organization.name,
        "alternate_name": organization.acronym,
        "description": organization.mandate_fr,
        "email": organization.email,
        "website": organization.website,
        "uri": uri,
        "organization_identifiers": [
            {
                "id": _child_id(oid, "identifier:slug"),
                "organization_id": oid,
                "identifier_scheme": "Passerelle",
                "identifier_type": SLUG_IDENTIFIER_TYPE,
                "identifier": organization.slug,
            }
        ],
    }
    record["phones"] = []
    if organization.phone:
        record["phones"].append({"id": _child_id(oid, "phone:main"), "organization_id": oid,
                                 "number": organization.phone})
    if organization.toll_free_phone:
        record["phones"].append({"id": _child_id(oid, "phone:toll-free"), "organization_id": oid,
                                 "number": organization.toll_free_phone, "description": TOLL_FREE_DESCRIPTION})
    record["attributes"] = [
        {"id": _child_id(oid, f"attribute:{code}"), "link_id": oid, "link_entity": "organization",
         "link_type": "translation", "value": getattr(organization, name),
         "taxonomy_term": {"id": str(uuid.uuid5(_TRANSLATION_NAMESPACE, code)), "code": code, "name": label,
                           "description": f"{label} (Passerelle)", "language": "en",
                           "taxonomy": "Passerelle translations"}}
        for name, (code, label) in TRANSLATIONS.items() if getattr(organization, name)
    ]
    location_id = _child_id(oid, "location:main")
    location = {"id": location_id, "location_type": "physical", "organization_id": oid, "name": organization.name}
    if organization.latitude is not None and organization.longitude is not None:
        location["latitude"], location["longitude"] = float(organization.latitude), float(organization.longitude)
    if organization.accessibility_fr:
        location["accessibility"] = [{"id": _child_id(oid, "accessibility:main"), "location_id": location_id,
                                      "description": organization.accessibility_fr}]
    if organization.street_address:
        location["addresses"] = [
            {
                "id": _child_id(oid, "address:main"),
                "location_id": location_id,
                "address_1": organization.street_address,
                "city": organization.city,
                "state_province": organization.region,
                "postal_code": organization.postal_code,
                "country": "CA",
                "address_type": "physical",
            }
        ]
    languages = sorted(organization.languages.all(), key=lambda language: language.code)
    if languages:
        location["languages"] = [
            {"id": _child_id(oid, f"language:{language.code}"), "location_id": location_id,
             "name": language.name_en, "code": language.code}
            for language in languages
        ]
    if organization.opening_hours_fr:
        location["schedules"] = [
            {"id": _child_id(oid, "schedule:main"), "location_id": location_id,
             "description": organization.opening_hours_fr}
        ]
    record["locations"] = [location]
    status = "active" if organization.is_active else "inactive"
    record["services"] = [
        {"id": _child_id(oid, f"service:{name}"), "organization_id": oid, "name": name, "status": status}
        for name in _lines(organization.services_fr)
    ]
    if organization.referral_intake_email or organization.referral_intake_phone:
        contact_id = _child_id(oid, "contact:intake")
        contact = {"id": contact_id, "organization_id": oid, "name": INTAKE_CONTACT_NAME}
        if organization.referral_intake_email:
            contact["email"] = organization.referral_intake_email
        if organization.referral_intake_phone:
            contact["phones"] = [
                {"id": _child_id(oid, "phone:intake"), "contact_id": contact_id,
                 "number": organization.referral_intake_phone}
            ]
        record["contacts"] = [contact]
    return {key: value for key, value in record.items() if value not in ("", None, [])}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def export_queryset():
    return Organization.objects.active().prefetch_related("languages").order_by("name", "hsds_id")


def export_document(organizations=None, *, page_number: int = 1, size: int | None = None) -> dict:
    """An HSDS API page of organisations ("contents" plus the paging fields), all on one page by default."""
    organizations = list(export_queryset() if organizations is None else organizations)
    total = len(organizations)
    size = size or max(total, 1)
    total_pages = max((total + size - 1) // size, 1)
    contents = organizations[(page_number - 1) * size : page_number * size]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": size,
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": [organization_to_hsds(organization) for organization in contents],
    }


# --- import ------------------------------------------------------------------------------------------------
# No real HSDS organisation is nested this deep (an organisation → services → schedules → … is under 10);
# Python's JSON parser and jsonschema recurse, so a file nested a thousand levels would raise RecursionError.
MAX_NESTING = 64
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def read_file(path) -> object:
    """The parsed document of an HSDS file, or HSDSError with the file's one problem: too large
    (HSDS_IMPORT_MAX_BYTES), not UTF-8, not JSON or ndjson, nested too deep. Never a traceback."""
    path = Path(path)
    limit = settings.HSDS_IMPORT_MAX_BYTES
    size = path.stat().st_size
    if size > limit:
        raise HSDSError([f"file: {size} bytes, over the limit of {limit} (HSDS_IMPORT_MAX_BYTES)"])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HSDSError([f"file: not UTF-8 (byte {error.start}: {raw[error.start:error.start + 1]!r})"]) from None
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise HSDSError([f"file: nested {depth} levels deep, more than {MAX_NESTING}"])
    try:
        return parse_text(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as error:
        raise HSDSError([f"file: not valid JSON or ndjson: {error}"]) from None


def _nul_paths(value, path=""):
    """Where a NUL character hides in a record (PostgreSQL text cannot hold one)."""
    if isinstance(value, str):
        return [path or "(record)"] if "\x00" in value else []
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in
                (["(key)"] if "\x00" in str(key) else []) + _nul_paths(item, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _nul_paths(item, f"{path}.{index}")]
    return []


def _model_problems(record: dict, label: str) -> list[str]:
    """What the schema lets through but our tables refuse: NUL characters, language codes, our slug."""
    problems = [f"organization {label}: {where}: contains a null character" for where in _nul_paths(record)]
    max_code = Language._meta.get_field("code").max_length
    max_name = Language._meta.get_field("name_fr").max_length
    for i, location in enumerate(record.get("locations") or []):
        for j, language in enumerate(location.get("languages") or [] if isinstance(location, dict) else []):
            if not isinstance(language, dict):
                continue
            code, name = language.get("code"), language.get("name")
            if code and (not isinstance(code, str) or len(code) > max_code or not _LANGUAGE_CODE.match(code)):
                problems.append(f"organization {label}: locations.{i}.languages.{j}.code: not a language code "
                                f"(ISO 639, at most {max_code} characters)")
            if isinstance(name, str) and len(name) > max_name:
                problems.append(f"organization {label}: locations.{i}.languages.{j}.name: longer than {max_name} "
                                "characters")
    max_slug = Organization._meta.get_field("slug").max_length
    for i, identifier in enumerate(record.get("organization_identifiers") or []):
        if isinstance(identifier, dict) and identifier.get("identifier_type") == SLUG_IDENTIFIER_TYPE:
            value = identifier.get("identifier")
            if not isinstance(value, str) or not slug_re.match(value) or len(value) > max_slug:
                problems.append(f"organization {label}: organization_identifiers.{i}.identifier: not a slug "
                                f"(letters, digits, hyphens, underscores; at most {max_slug} characters)")
    return problems

@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def parse_text(text: str):
    """A JSON document, or an ndjson stream (`format=ndjson` of an HSDS API: one record a line) as a list.
    Raises json.JSONDecodeError for the whole text when it is neither."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2:
            raise
        try:
            return [json.loads(line) for line in lines]
        except json.JSONDecodeError:
            raise error from None


def records_of(document) -> list:
    """The organisation records of an HSDS document (see `normalise`)."""
    return normalise(document)[0]


def _is_service(record) -> bool:
    """A service record (HSDS organisations have no `status`; services always do)."""
    return isinstance(record, dict) and "status" in record and (
        isinstance(record.get("organization"), dict) or bool(record.get("organization_id")))


def normalise(document) -> tuple[list, list[str]]:
    """What another HSDS API or export produces, as organisation records, and the problems of doing so.

    Accepted: one organization, a list, an API page ("contents"), or the lines of an ndjson stream (a list);
    organisations with or without nested services; and service records (a `/services` page or
    `/services/{id}`, from any HSDS 3.0 API), which are gathered under their organisation — the nested
    `organization`, or an organisation of the same file named by `organization_id`.
    """
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        records = document["contents"]
    elif isinstance(document, list):
        records = document
    else:
        records = [document]
    organizations, order, services, problems = {}, [], [], []
    for record in records:
        if _is_service(record):
            services.append(record)
        elif isinstance(record, dict) and isinstance(record.get("id"), str):
            if record["id"] not in organizations:
                order.append(record["id"])
                organizations[record["id"]] = dict(record)
            else:
                order.append(record)  # a duplicate: validation reports it
        else:
            order.append(record)
    for service in services:
        nested = service.get("organization") if isinstance(service.get("organization"), dict) else None
        organization_id = (nested or {}).get("id") or service.get("organization_id")
        if organization_id not in organizations:
            if nested is None:
                problems.append(f"service {service.get('id')}: organization_id: its organisation is neither "
                                "nested nor in the file")
                continue
            organizations[organization_id] = {key: value for key, value in nested.items() if key != "services"}
            order.append(organization_id)
        target = organizations[organization_id]
        known = {existing.get("id") for existing in target.get("services") or []}
        if service.get("id") not in known:
            flat = {key: value for key, value in service.items() if key != "organization"}
            target["services"] = [*(target.get("services") or []), flat]
    return [organizations[item] if isinstance(item, str) else item for item in order], problems


def _fields_from_record(record: dict) -> dict:
    location = (record.get("locations") or [{}])[0]
    address = (location.get("addresses") or [{}])[0]
    intake = next((c for c in record.get("contacts") or [] if c.get("name") == INTAKE_CONTACT_NAME), {})
    slug = next(
        (i.get("identifier") for i in record.get("organization_identifiers") or []
         if i.get("identifier_type") == SLUG_IDENTIFIER_TYPE),
        "",
    )
    phones = [phone for phone in record.get("phones") or [] if isinstance(phone, dict)]
    toll_free = next((p for p in phones if p.get("description") == TOLL_FREE_DESCRIPTION), None)
    main_phone = next((p for p in phones if p is not toll_free), {})
    translated = {}
    for attribute in record.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        code = term.get("code") if isinstance(term, dict) else None
        for name, (term_code, _label) in TRANSLATIONS.items():
            if code == term_code and isinstance(attribute.get("value"), str):
                translated[name] = attribute["value"]
    coordinates = {}
    if isinstance(location.get("latitude"), (int, float)) and isinstance(location.get("longitude"), (int, float)):
        coordinates = {"latitude": round(Decimal(str(location["latitude"])), 6),
                       "longitude": round(Decimal(str(location["longitude"])), 6)}
    return {
        "name": record.get("name", ""),
        **{name: translated.get(name, "") for name in TRANSLATIONS},
        **coordinates,
        "toll_free_phone": (toll_free or {}).get("number", ""),
        "accessibility_fr": ((location.get("accessibility") or [{}])[0]).get("description") or "",
        "acronym": record.get("alternate_name") or "",
        "mandate_fr": record.get("description") or "",
        "email": record.get("email") or "",
        "website": record.get("website") or "",
        "phone": main_phone.get("number", ""),
        "street_address": address.get("address_1", ""),
        "city": address.get("city", "") if address else "",
        "postal_code": address.get("postal_code", ""),
        "region": (address.get("state_province") or "")[:2],
        "opening_hours_fr": ((location.get("schedules") or [{}])[0]).get("description") or "",
        "services_fr": "\n".join(s.get("name", "") for s in record.get("services") or [] if s.get("name")),
        "referral_intake_email": intake.get("email") or "",
        "referral_intake_phone": ((intake.get("phones") or [{}])[0]).get("number", ""),
        "_slug": slug,
        "_languages": [
            (language["code"], language.get("name") or language["code"])
            for language in location.get("languages") or []
            if language.get("code")
        ],
    }


def validate_document(document) -> list[str]:
    """Every problem of every record (schema first, then our model's own rules), without writing anything."""
    validator = organization_validator()
    known_fields = set(validator.schema["properties"])
    records, problems = normalise(document)
    seen = set()
    for index, record in enumerate(records):
        label = record.get("id") if isinstance(record, dict) and record.get("id") else f"#{index + 1}"
        for error in sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path)):
            where = ".".join(str(part) for part in error.absolute_path) or "(record)"
            problems.append(f"organization {label}: {where}: {error.message}")
        if isinstance(record, dict):
            # The schema allows any extra property, so a service or a location would pass as an organisation:
            # fields outside the organisation object mean the file holds something else.
            for name in sorted(set(record) - known_fields):
                problems.append(f"organization {label}: {name}: not a field of an HSDS organization")
        if isinstance(record, dict):
            problems += _model_problems(record, label)
        if not isinstance(record, dict) or any(p.startswith(f"organization {label}:") for p in problems):
            continue
        if label in seen:
            problems.append(f"organization {label}: id: appears more than once in the file")
        seen.add(label)
        fields = _fields_from_record(record)
        candidate = Organization(
            slug="placeholder", kind=OrganizationKind.COMMUNITY,
            **{k: v for k, v in fields.items() if not k.startswith("_")},
        )
        try:
            candidate.full_clean(exclude=["group", "slug", "hsds_id"], validate_unique=False)
        except ValidationError as error:
            hsds_names = {"mandate_fr": "description", "acronym": "alternate_name", "phone": "phones.0.number",
                          "street_address": "locations.0.addresses.0.address_1"}
            for name, messages in error.message_dict.items():
                for message in messages:
                    problems.append(f"organization {label}: {hsds_names.get(name, name)}: {message}")
    return problems


@transaction.atomic
def import_document(document) -> ImportReport:
    """Load a whole HSDS document, or nothing: all records are validated before the first write."""
    problems = validate_document(document)
    if problems:
        raise HSDSError(problems)
    report = ImportReport()
    for record in records_of(document):
        fields = _fields_from_record(record)
        slug, languages = fields.pop("_slug"), fields.pop("_languages")
        language_rows = []
        for code, name in languages:
            language, _created = Language.objects.get_or_create(code=code, defaults={"name_fr": name, "name_en": name})
            language_rows.append(language)
        organization = Organization.objects.filter(hsds_id=record["id"]).first()
        if organization is None:
            if slug and Organization.objects.filter(slug=slug).exists():
                slug = ""
            organization = services.organization_create(
                slug=slug, kind=OrganizationKind.COMMUNITY, hsds_id=uuid.UUID(record["id"]),
                languages=language_rows, **fields,
            )
            report.created.append(record["id"])
        else:
            for name, value in fields.items():
                setattr(organization, name, value)
            organization.full_clean(exclude=["group"])
            organization.save()
            organization.languages.set(language_rows)
            report.updated.append(record["id"])
    return report
