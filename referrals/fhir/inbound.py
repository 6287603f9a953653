"""What a partner system sends to /fhir/, turned into calls of the referral services.

A new referral arrives as a transaction Bundle holding a Task, its ServiceRequest, the Consent and the
person (a Patient entry, or contained in the ServiceRequest). A status change arrives as the Task, PUT back
with its new `status`: each FHIR status is mapped onto Passerelle's actions (`TASK_STATUS_PATHS`), and every
step is an action of `referrals.actions.ACTIONS` — the table the workspace and the REST API use — validated
by its serializer and run by its service, so the rule table, the timeline, the access log, the permissions
and the notifications are exactly those of the pages and the REST API. Creation calls `referral_create`,
as the REST API's create does.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from directory.models import Language, Organization, PathwayStep
from referrals import services
from referrals.actions import ACTIONS
from referrals.models import ConsentMethod, Referral, ReferralState, Urgency
from referrals.outcomes import Outcome

from .resources import PRIORITY_TO_URGENCY, TASK_STATUSES, fhir_model, system, task_status


class FHIRInputError(Exception):
    """The request cannot be processed as sent; `status` is the HTTP status of the OperationOutcome."""

    def __init__(self, message: str, *, status: int = 400, expression: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.expression = expression


def parse(model, data, what: str):
    """Validate with the FHIR model (or its resource type's name); the model's complaints become one 400
    OperationOutcome."""
    from pydantic import ValidationError as PydanticValidationError

    if not isinstance(data, dict):
        raise FHIRInputError(f"{what}: a JSON object is expected.")
    if isinstance(model, str):
        model = fhir_model(model)
    try:
        return model.model_validate(data)
    except PydanticValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise FHIRInputError(f"{what}: {where}: {first.get('msg')}", expression=where or None) from None


def organization_from(reference: dict | None, field: str) -> Organization:
    value = (reference or {}).get("reference") or ""
    if not value.startswith("Organization/"):
        raise FHIRInputError(f"{field}: a reference to Organization/<id> is expected.", expression=field)
    organization = Organization.objects.active().filter(slug=value.removeprefix("Organization/")).first()
    if organization is None:
        raise FHIRInputError(f"{field}: unknown organisation {value}.", status=422, expression=field)
    return organization


# --- the transaction Bundle ---------------------------------------------------------------------------------
def _entries(bundle: dict) -> tuple[dict, dict]:
    """{resourceType: resource} (one each) and {fullUrl: resource}."""
    by_type, by_url = {}, {}
    for index, entry in enumerate(bundle.get("entry") or []):
        resource = entry.get("resource") or {}
        kind = resource.get("resourceType")
        if kind in by_type:
            raise FHIRInputError(f"Bundle.entry[{index}]: one {kind} per referral.",
                                 expression=f"Bundle.entry[{index}]")
        by_type[kind] = resource
        if entry.get("fullUrl"):
            by_url[entry["fullUrl"]] = resource
    return by_type, by_url


def _resolve(reference: dict | None, container: dict, by_url: dict) -> dict | None:
    ref = (reference or {}).get("reference") or ""
    if ref.startswith("#"):
        return next((r for r in container.get("contained") or [] if r.get("id") == ref[1:]), None)
    if ref in by_url:
        return by_url[ref]
    return next((r for r in by_url.values() if f"{r.get('resourceType')}/{r.get('id')}" == ref), None)


def _person(patient: dict | None) -> dict:
    if not patient or patient.get("resourceType") != "Patient":
        raise FHIRInputError("ServiceRequest.subject: the Patient referred is required (an entry or contained).",
                             expression="ServiceRequest.subject")
    name = (patient.get("name") or [{}])[0]
    full_name = name.get("text") or " ".join([*name.get("given", []), name.get("family", "")]).strip()
    person = {"full_name": full_name[:200]}
    birth = patient.get("birthDate") or ""
    if len(birth) == 4:
        person["birth_year"] = int(birth)
    elif len(birth) >= 10:
        person["birth_date"] = datetime.date.fromisoformat(birth[:10])
        person["birth_year"] = person["birth_date"].year
    telecom = [t.get("value") for t in patient.get("telecom") or [] if t.get("value")]
    if telecom:
        person["contact"] = telecom[0][:200]
    codes = [coding.get("code") for c in patient.get("communication") or []
             for coding in (c.get("language") or {}).get("coding") or [] if coding.get("code")]
    if codes:
        person["languages"] = list(Language.objects.filter(code__in=[code.split("-")[0] for code in codes]))
    return person


def _consent(consent: dict | None, user) -> dict:
    if not consent:
        raise FHIRInputError("Bundle: a Consent is required: no referral is sent without consent.",
                             status=422, expression="Consent")
    if consent.get("status") != "active":
        raise FHIRInputError("Consent.status: only an active consent allows a referral.", status=422,
                             expression="Consent.status")
    method = next((coding.get("code") for category in consent.get("category") or []
                   for coding in category.get("coding") or [] if coding.get("system") == system("consent-method")),
                  ConsentMethod.VERBAL)
    if method not in ConsentMethod.values:
        raise FHIRInputError(f"Consent.category: method must be one of {', '.join(ConsentMethod.values)}.",
                             expression="Consent.category")
    obtained_at = parse_datetime(consent.get("dateTime") or "")
    if obtained_at is None:
        raise FHIRInputError("Consent.dateTime: when consent was given is required.", expression="Consent.dateTime")
    if timezone.is_naive(obtained_at):
        obtained_at = timezone.make_aware(obtained_at)
    purposes = (consent.get("provision") or {}).get("purpose") or []
    purpose = next((p.get("display") or p.get("code") for p in purposes if p.get("display") or p.get("code")), "")
    return {"obtained_by": user, "obtained_at": obtained_at, "method": method, "purpose": purpose[:300]}


@transaction.atomic
def referral_from_bundle(data: dict, *, user) -> Referral:
    """Create (and, when the Task says `requested`, send) the referral a transaction Bundle describes."""
    parse("Bundle", data, "Bundle")
    if data.get("type") != "transaction":
        raise FHIRInputError("Bundle.type: a transaction Bundle is expected.", expression="Bundle.type")
    by_type, by_url = _entries(data)
    task, request = by_type.get("Task"), by_type.get("ServiceRequest")
    if not task or not request:
        raise FHIRInputError("Bundle: a Task and its ServiceRequest are required.", expression="Bundle.entry")
    if task.get("intent") != "order" or task.get("status") not in ("draft", "requested"):
        raise FHIRInputError("Task: a new referral is an order in status draft or requested.",
                             expression="Task.status")
    if _resolve(task.get("focus"), task, by_url) is not request:
        raise FHIRInputError("Task.focus: must point to the ServiceRequest of the Bundle.", expression="Task.focus")
    sender = organization_from(task.get("requester"), "Task.requester")
    receiver = organization_from(task.get("owner"), "Task.owner")
    step_code = next((coding.get("code") for coding in (request.get("code") or {}).get("coding") or []
                      if coding.get("system") == system("pathway-step")), None)
    step = PathwayStep.objects.filter(slug=step_code).first() if step_code else None
    if step_code and step is None:
        raise FHIRInputError(f"ServiceRequest.code: unknown pathway step {step_code}.", status=422,
                             expression="ServiceRequest.code")
    reasons = [r.get("text") for r in request.get("reasonCode") or [] if r.get("text")]
    reasons += [n.get("text") for n in request.get("note") or [] if n.get("text")]
    urgency = PRIORITY_TO_URGENCY.get(task.get("priority") or request.get("priority") or "routine", Urgency.ROUTINE)
    person = _person(_resolve(request.get("subject"), request, by_url))
    consent = _consent(by_type.get("Consent"), user)
    referral = services.referral_create(user=user, sender=sender, receiver=receiver, pathway_step=step,
                                        reason="\n".join(reasons), urgency=urgency, person=person, consent=consent)
    if task["status"] == "requested":
        referral = run_action("send", referral, user, {}, status="requested")
    return referral


# --- a Task's status, set by the receiver (or the requester) --------------------------------------------------
# From Passerelle's state, the actions that reach each FHIR status (several are made one by one, each checked
# by its service as if clicked on the page).
TASK_STATUS_PATHS = {
    "requested": {ReferralState.DRAFT: ("send",)},
    "accepted": {ReferralState.SENT: ("accept",)},
    "rejected": {ReferralState.SENT: ("decline",)},
    "in-progress": {ReferralState.SENT: ("accept", "start"), ReferralState.ACCEPTED: ("start",)},
    "completed": {ReferralState.SENT: ("accept", "start", "complete"),
                  ReferralState.ACCEPTED: ("start", "complete"), ReferralState.IN_PROGRESS: ("complete",)},
    "failed": {ReferralState.SENT: ("accept", "start", "complete"),
               ReferralState.ACCEPTED: ("start", "complete"), ReferralState.IN_PROGRESS: ("complete",)},
    "cancelled": dict.fromkeys((ReferralState.DRAFT, ReferralState.SENT, ReferralState.ACCEPTED,
                                ReferralState.IN_PROGRESS), ("withdraw",)),
}


def _texts(task: dict) -> tuple[str, str]:
    """(status reason, outcome) from the Task: statusReason.text, output texts, notes."""
    reason = (task.get("statusReason") or {}).get("text") or ""
    outputs = [o.get("valueString") or "" for o in task.get("output") or []]
    notes = [n.get("text") or "" for n in task.get("note") or []]
    outcome = "\n".join(text for text in [*outputs, *notes] if text)
    return reason, outcome or reason


def _outcome_reason_code(task: dict) -> str | None:
    """The code of the reason a referral did not succeed (the admins' list), from statusReason."""
    return next((coding.get("code") for coding in (task.get("statusReason") or {}).get("coding") or []
                 if coding.get("system") == system("outcome-reason")), None)


def _payload(step: str, status: str, task: dict) -> dict:
    """What the action's serializer receives, in the REST API's words, from the Task."""
    reason, outcome = _texts(task)
    if step == "accept":
        return {"note": reason if status == "accepted" else ""}
    if step == "decline":
        return {"reason": reason}
    if step == "complete":
        if status == "failed":
            return {"outcome_status": Outcome.UNSUCCESSFUL, "outcome_reason": _outcome_reason_code(task),
                    "outcome": outcome}
        return {"outcome_status": Outcome.SUCCESSFUL, "outcome": outcome}
    if step in ("withdraw", "close"):
        return {"note": reason}
    return {}


def run_action(name: str, referral: Referral, user, payload: dict, *, status: str) -> Referral:
    """One action of the referral action table (`referrals.actions`), validated by its serializer and run by
    its service, exactly as the REST API's `POST …/<id>/<action>/` does."""
    spec = ACTIONS[name]
    data = {}
    if spec.serializer is not None:
        serializer = spec.serializer(data=payload, context={"referral": referral})
        if not serializer.is_valid():
            field, messages = next(iter(serializer.errors.items()))
            where = {"reason": "Task.statusReason", "outcome_reason": "Task.statusReason",
                     "outcome": "Task.output", "note": "Task.statusReason"}.get(field, "Task")
            raise FHIRInputError(f"{where}: {' '.join(str(m) for m in messages)} (Task.status {status}).",
                                 expression=where)
        data = serializer.validated_data
    result = spec.run(referral, user, data, None)
    return result if isinstance(result, Referral) else referral


@transaction.atomic
def task_update(referral: Referral, data: dict, *, user) -> Referral:
    """Apply the Task's new status to the referral through the services."""
    parse("Task", data, "Task")
    if data.get("id") and data["id"] != str(referral.public_id):
        raise FHIRInputError("Task.id: does not match the URL.", expression="Task.id")
    status = data.get("status")
    if status not in TASK_STATUSES:
        raise FHIRInputError(f"Task.status: {status!r} is not a referral task status.", expression="Task.status")
    business = next((coding.get("code") for coding in (data.get("businessStatus") or {}).get("coding") or []
                     if coding.get("system") == system("referral-state")), None)
    if status == task_status(referral):
        # Same FHIR status: only the requester's "closed" (loop closed after completion) changes anything.
        if business == ReferralState.CLOSED and referral.state == ReferralState.COMPLETED:
            return run_action("close", referral, user, _payload("close", status, data), status=status)
        return referral
    steps = TASK_STATUS_PATHS.get(status, {}).get(referral.state)
    if steps is None:
        if status in TASK_STATUS_PATHS:
            raise FHIRInputError(
                f"Task.status: this referral is {task_status(referral)} "
                f"({referral.state}); it cannot become {status}.", status=409, expression="Task.status")
        raise FHIRInputError(f"Task.status: Passerelle does not use {status} for referrals.", status=422,
                             expression="Task.status")
    for step in steps:
        referral.refresh_from_db()
        referral = run_action(step, referral, user, _payload(step, status, data), status=status)
    return referral
