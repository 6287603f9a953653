"""Passerelle's referrals as HL7 FHIR R4 resources, shaped after the Gravity Project's SDOH Clinical Care
implementation guide (closed-loop referral): a Task (TaskForReferralManagement: intent `order`, code
`fulfill`, focus the ServiceRequest, requester the sending organisation, owner the receiving one), the
ServiceRequest (what is asked, for whom, how urgently, with the Consent as supporting information), the
Consent (category IDSCL, the person, the date, the organisation that obtained it, the receiver it covers)
and the Organizations. Every resource is validated with the `fhir.resources` R4B models before it leaves.

A referral's public id is the id of its Task, ServiceRequest and Consent. Organisations are identified by
their slug. Personal data (the person, reason, answers' free text) appear only in full reads, which are
recorded in the access log; search results carry none.
"""

import importlib
import json
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from referrals.models import ReferralState, Urgency
from referrals.outcomes import Outcome

FHIR_VERSION = "4.0.1"
SDOHCC = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/"
TASK_PROFILE = SDOHCC + "SDOHCC-TaskForReferralManagement"
SERVICE_REQUEST_PROFILE = SDOHCC + "SDOHCC-ServiceRequest"
CONSENT_PROFILE = SDOHCC + "SDOHCC-Consent"
TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"


def system(name: str) -> str:
    """Passerelle's own code systems and identifiers, under the site's address."""
    return f"{settings.SITE_URL}/fhir/CodeSystem/{name}"


# Passerelle state → FHIR Task.status. `businessStatus` keeps Passerelle's own state (closed vs completed,
# redirected vs declined), so nothing is lost in the mapping.
STATE_TO_TASK_STATUS = {
    ReferralState.DRAFT: "draft",
    ReferralState.SENT: "requested",
    ReferralState.ACCEPTED: "accepted",
    ReferralState.DECLINED: "rejected",
    ReferralState.REDIRECTED: "rejected",
    ReferralState.IN_PROGRESS: "in-progress",
    ReferralState.COMPLETED: "completed",
    ReferralState.CLOSED: "completed",
    ReferralState.WITHDRAWN: "cancelled",
}
# The IG's referral task statuses (FHIR TaskStatus less `ready` and `received`).
UNSUCCESSFUL_TASK_STATUS = "failed"  # a completed (or closed) referral whose outcome was not successful
TASK_STATUSES = ("draft", "requested", "accepted", "rejected", "cancelled", "in-progress", "on-hold", "failed",
                 "completed", "entered-in-error")
URGENCY_TO_PRIORITY = {Urgency.ROUTINE: "routine", Urgency.URGENT: "urgent", Urgency.CRITICAL: "asap"}
PRIORITY_TO_URGENCY = {"routine": Urgency.ROUTINE, "urgent": Urgency.URGENT, "asap": Urgency.CRITICAL,
                       "stat": Urgency.CRITICAL}


def fhir_instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def fhir_model(name: str):
    """The fhir.resources R4B model of a resource type, imported on first use: the models (pydantic) weigh
    7 MB in every worker, and only the FHIR endpoints need them."""
    return getattr(importlib.import_module(f"fhir.resources.R4B.{name.lower()}"), name)


def validated(model, data: dict) -> dict:
    """The resource checked against its FHIR R4 model (a model or its resource type's name), as JSON-ready
    data (empty elements dropped)."""
    if isinstance(model, str):
        model = fhir_model(model)
    return json.loads(model.model_validate(data).model_dump_json(exclude_none=True))


def organization_reference(organization) -> dict:
    return {"reference": f"Organization/{organization.slug}", "display": organization.name}


def organization_resource(organization) -> dict:
    data = {
        "resourceType": "Organization",
        "id": organization.slug,
        "meta": {"lastUpdated": fhir_instant(organization.updated_at)},
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{organization.hsds_id}"},
                       {"system": system("organization"), "value": organization.slug}],
        "active": organization.is_active,
        "name": organization.name,
    }
    if organization.acronym:
        data["alias"] = [organization.acronym]
    telecom = [{"system": kind, "value": value} for kind, value in
               (("phone", organization.phone), ("email", organization.email), ("url", organization.website)) if value]
    if telecom:
        data["telecom"] = telecom
    if organization.street_address:
        data["address"] = [{"line": [organization.street_address], "city": organization.city,
                            "state": organization.region, "postalCode": organization.postal_code, "country": "CA"}]
    return validated("Organization", data)


def _provenance(referral, event, index: int) -> dict:
    """Who set a status, and when: one contained Provenance per timeline event (Task.relevantHistory)."""
    agent = {"who": {"display": event.actor.get_username() if event.actor else "—"}}
    if event.organization is not None:
        agent["onBehalfOf"] = organization_reference(event.organization)
    return {
        "resourceType": "Provenance",
        "id": f"event-{index}",
        "target": [{"reference": f"Task/{referral.public_id}"}],
        "recorded": fhir_instant(event.at),
        "activity": {"coding": [{"system": system("referral-state"), "code": event.to_state}],
                     "text": STATE_TO_TASK_STATUS.get(event.to_state, event.to_state)},
        "agent": [agent],
    }


def task_status(referral) -> str:
    if referral.state in (ReferralState.COMPLETED, ReferralState.CLOSED) and \
            referral.outcome_status == Outcome.UNSUCCESSFUL:
        return UNSUCCESSFUL_TASK_STATUS
    return STATE_TO_TASK_STATUS[referral.state]


def task_resource(referral, *, full: bool) -> dict:
    """The referral as a TaskForReferralManagement. `full` adds what carries personal data (the answers'
    free text, the outcome) and the history of who set each status."""
    status = task_status(referral)
    data = {
        "resourceType": "Task",
        "id": str(referral.public_id),
        "meta": {"profile": [TASK_PROFILE], "lastUpdated": fhir_instant(referral.updated_at)},
        "identifier": [{"system": system("referral"), "value": str(referral.public_id)}],
        "status": status,
        "businessStatus": {"coding": [{"system": system("referral-state"), "code": referral.state}],
                           "text": referral.get_state_display()},
        "intent": "order",
        "priority": URGENCY_TO_PRIORITY.get(referral.urgency, "routine"),
        "code": {"coding": [{"system": TASK_CODE_SYSTEM, "code": "fulfill"}]},
        "focus": {"reference": f"ServiceRequest/{referral.public_id}"},
        "for": {"identifier": {"system": system("referral-person"), "value": str(referral.public_id)}},
        "authoredOn": fhir_instant(referral.created_at),
        "lastModified": fhir_instant(referral.updated_at),
        "requester": organization_reference(referral.sender),
        "owner": organization_reference(referral.receiver),
    }
    if referral.sent_at:
        end = referral.completed_at or referral.closed_at or referral.withdrawn_at
        data["executionPeriod"] = {"start": fhir_instant(referral.sent_at), "end": fhir_instant(end)}
    if referral.reference:
        data["identifier"].append({"system": system("referral-reference"), "value": referral.reference})
    if referral.redirected_from_id:
        data["partOf"] = [{"reference": f"Task/{referral.redirected_from.public_id}"}]
    if status in ("rejected", "cancelled"):
        text = referral.get_state_display()
        if full:
            text = referral.decline_reason or _last_note(referral) or text
        data["statusReason"] = {"text": text}
    if status == UNSUCCESSFUL_TASK_STATUS and referral.outcome_reason_id:
        reason = referral.outcome_reason
        data["statusReason"] = {"coding": [{"system": system("outcome-reason"), "code": reason.slug,
                                            "display": reason.label_fr}], "text": reason.label_fr}
    if referral.outcome_status:
        data["output"] = [{"type": {"coding": [{"system": system("task-output"), "code": "outcome-status"}]},
                           "valueCodeableConcept": {"coding": [{"system": system("outcome-status"),
                                                                "code": referral.outcome_status}]}}]
    if full and referral.outcome:
        data.setdefault("output", []).append(
            {"type": {"coding": [{"system": system("task-output"), "code": "outcome"}], "text": "Outcome"},
             "valueString": referral.outcome})
    if full:
        events = list(referral.events.all())
        data["contained"] = [_provenance(referral, event, index) for index, event in enumerate(events, start=1)]
        data["relevantHistory"] = [{"reference": f"#event-{index}"} for index in range(1, len(events) + 1)]
    return validated("Task", data)


def _last_note(referral) -> str:
    notes = [event.note for event in referral.events.all() if event.to_state == referral.state and event.note]
    return notes[-1] if notes else ""


def service_request_resource(referral, *, full: bool) -> dict:
    """What is asked of the receiver. With `full`, the person as a contained Patient and the reason."""
    data = {
        "resourceType": "ServiceRequest",
        "id": str(referral.public_id),
        "meta": {"profile": [SERVICE_REQUEST_PROFILE], "lastUpdated": fhir_instant(referral.updated_at)},
        "identifier": [{"system": system("referral"), "value": str(referral.public_id)}],
        "status": _service_request_status(referral.state),
        "intent": "order",
        "priority": URGENCY_TO_PRIORITY.get(referral.urgency, "routine"),
        "subject": {"identifier": {"system": system("referral-person"), "value": str(referral.public_id)}},
        "authoredOn": fhir_instant(referral.sent_at or referral.created_at),
        "requester": organization_reference(referral.sender),
        "performer": [organization_reference(referral.receiver)],
    }
    if referral.pathway_step_id:
        step = referral.pathway_step
        data["code"] = {"coding": [{"system": system("pathway-step"), "code": step.slug, "display": step.name_fr}],
                        "text": step.name_fr}
    if hasattr(referral, "consent"):
        data["supportingInfo"] = [{"reference": f"Consent/{referral.public_id}"}]
    if full:
        person = getattr(referral, "person", None)
        if person is not None:
            data["contained"] = [patient_resource(person)]
            data["subject"] = {"reference": "#person"}
        if referral.reason:
            data["reasonCode"] = [{"text": referral.reason}]
    return validated("ServiceRequest", data)


def _service_request_status(state: str) -> str:
    if state == ReferralState.DRAFT:
        return "draft"
    if state in (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS):
        return "active"
    if state in (ReferralState.COMPLETED, ReferralState.CLOSED):
        return "completed"
    return "revoked"


def patient_resource(person) -> dict:
    data = {"resourceType": "Patient", "id": "person", "name": [{"text": person.full_name}]}
    if person.birth_date:
        data["birthDate"] = person.birth_date.isoformat()
    elif person.birth_year:
        data["birthDate"] = str(person.birth_year)
    if person.contact:
        data["telecom"] = [{"system": "other", "value": person.contact}]
    languages = list(person.languages.all())
    if languages:
        data["communication"] = [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": language.code}],
                                               "text": language.name_fr},
                                  "preferred": index == 0} for index, language in enumerate(languages)]
    return data


def consent_resource(referral, *, full: bool) -> dict:
    consent = referral.consent
    data = {
        "resourceType": "Consent",
        "id": str(referral.public_id),
        "meta": {"profile": [CONSENT_PROFILE], "lastUpdated": fhir_instant(consent.recorded_at)},
        "status": "active",
        "scope": {"coding": [{"system": CONSENT_SCOPE_SYSTEM, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": ACT_CODE_SYSTEM, "code": "IDSCL"}]},
                     {"coding": [{"system": system("consent-method"), "code": consent.method}]}],
        "patient": {"identifier": {"system": system("referral-person"), "value": str(referral.public_id)}},
        "dateTime": fhir_instant(consent.obtained_at),
        "organization": [organization_reference(referral.sender)],
        "sourceAttachment": {"title": consent.get_method_display()},
        "provision": {
            "type": "permit",
            "actor": [{"role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                            "code": "IRCP"}]},
                       "reference": organization_reference(consent.receiver)}],
        },
    }
    if full and consent.purpose:
        data["provision"]["purpose"] = [{"system": system("consent-purpose"), "code": "referral",
                                         "display": consent.purpose}]
    return validated("Consent", data)


def searchset(resources: list[dict], *, base: str, total: int | None = None) -> dict:
    data = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources) if total is None else total,
        "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
                  for r in resources],
    }
    return validated("Bundle", data)


ISSUE_TYPES = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported",
               409: "conflict", 412: "conflict", 415: "not-supported", 422: "processing",
               503: "transient"}


def operation_outcome(message: str, *, status: int, expression: str | None = None) -> dict:
    issue = {"severity": "error", "code": ISSUE_TYPES.get(status, "exception"), "diagnostics": message}
    if expression:
        issue["expression"] = [expression]
    return validated("OperationOutcome", {"resourceType": "OperationOutcome", "issue": [issue]})
