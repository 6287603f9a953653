"""HL7 FHIR R4 at /fhir/: the CapabilityStatement, reads and searches of Task, ServiceRequest, Consent and
Organization for the three personas (anonymous, wrong organisation, right organisation), the access log,
and the closed loop a partner system runs: create (transaction Bundle) → accept → complete, then seen in
the workspace pages. Every resource the server returns is parsed back with the `fhir.resources` models."""

import datetime
import json

import pytest
from django.db import OperationalError
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.organization import Organization as FHIROrganization
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from referrals.fhir.resources import system
from referrals.models import AccessAction, AccessLog, Referral, ReferralState
from referrals.outcomes import OutcomeReason
from tests.factories import make_language, make_referral, make_step

pytestmark = pytest.mark.django_db
FHIR = "application/fhir+json"
MODELS = {"Task": Task, "ServiceRequest": ServiceRequest, "Consent": Consent, "Organization": FHIROrganization,
          "Bundle": Bundle, "OperationOutcome": OperationOutcome, "CapabilityStatement": CapabilityStatement}


def auth(user) -> dict:
    """The partner system's expiring API token (made once per user object, i.e. per test)."""
    from accounts.services import api_token_create

    if not hasattr(user, "_fhir_token"):
        user._fhir_token = api_token_create(user=user, name="fhir")[1]
    return {"HTTP_AUTHORIZATION": f"Token {user._fhir_token}"}


def fhir(response, status=200) -> dict:
    """The body, checked: status, media type, and valid against its FHIR R4 model."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith(FHIR)
    body = response.json()
    MODELS[body["resourceType"]].model_validate(body)
    return body


def test_metadata_is_a_valid_capability_statement_open_to_anyone(client):
    body = fhir(client.get("/fhir/metadata", HTTP_ACCEPT=FHIR))
    assert body["fhirVersion"] == "4.0.1" and body["kind"] == "instance"
    task = next(r for r in body["rest"][0]["resource"] if r["type"] == "Task")
    assert {p["name"] for p in task["searchParam"]} == {"owner", "requester", "status", "_lastUpdated"}
    assert task["supportedProfile"] == [
        "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement"]
    assert {"code": "transaction"} in body["rest"][0]["interaction"]


@pytest.mark.parametrize("path", ["/fhir/Task", "/fhir/ServiceRequest", "/fhir/Consent", "/fhir/Organization"])
def test_anonymous_gets_401_operation_outcome(client, sent, path):
    body = fhir(client.get(path), 401)
    assert body["issue"][0]["code"] == "login"
    assert fhir(client.get(f"{path}/{sent.public_id}"), 401)["resourceType"] == "OperationOutcome"
    assert not AccessLog.objects.filter(action=AccessAction.VIEW).exists()


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest", "Consent"])
def test_wrong_organisation_sees_nothing(client, world, sent, kind):
    headers = auth(world.third_cw)
    body = fhir(client.get(f"/fhir/{kind}", **headers))
    assert body["total"] == 0 and not body.get("entry")
    assert fhir(client.get(f"/fhir/{kind}/{sent.public_id}", **headers), 404)["issue"][0]["code"] == "not-found"
    update = client.put(f"/fhir/Task/{sent.public_id}", data=json.dumps({"resourceType": "Task", "status": "accepted",
                                                                         "intent": "order"}),
                        content_type=FHIR, **headers)
    assert fhir(update, 404) and Referral.objects.get(pk=sent.pk).state == ReferralState.SENT
    assert not AccessLog.objects.filter(action=AccessAction.VIEW, user=world.third_cw).exists()


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest", "Consent"])
def test_right_organisation_reads_and_the_read_is_logged(client, world, sent, kind):
    for user in (world.sender_cw, world.receiver_intake):
        listing = fhir(client.get(f"/fhir/{kind}", **auth(user)))
        assert [e["resource"]["id"] for e in listing["entry"]] == [str(sent.public_id)]
        assert "Personne Fictive" not in json.dumps(listing)  # searches carry no personal data, so no log
        before = AccessLog.objects.filter(action=AccessAction.VIEW, user=user).count()
        body = fhir(client.get(f"/fhir/{kind}/{sent.public_id}", **auth(user)))
        assert body["id"] == str(sent.public_id)
        assert AccessLog.objects.filter(action=AccessAction.VIEW, user=user, referral=sent).count() == before + 1
    request = fhir(client.get(f"/fhir/ServiceRequest/{sent.public_id}", **auth(world.receiver_intake)))
    assert request["contained"][0]["name"][0]["text"] == "Personne Fictive A."
    assert request["subject"] == {"reference": "#person"}
    assert request["supportingInfo"] == [{"reference": f"Consent/{sent.public_id}"}]


def test_task_follows_the_sdoh_referral_profile(client, world, sent):
    task = fhir(client.get(f"/fhir/Task/{sent.public_id}", **auth(world.sender_cw)))
    assert task["status"] == "requested" and task["intent"] == "order"
    assert task["code"]["coding"][0]["code"] == "fulfill"
    assert task["focus"] == {"reference": f"ServiceRequest/{sent.public_id}"}
    assert task["requester"]["reference"] == "Organization/aibsl-t"
    assert task["owner"]["reference"] == "Organization/cisss-t"
    assert task["for"] and task["authoredOn"]
    consent = fhir(client.get(f"/fhir/Consent/{sent.public_id}", **auth(world.sender_cw)))
    assert consent["category"][0]["coding"][0]["code"] == "IDSCL" and consent["dateTime"]
    assert consent["provision"]["actor"][0]["reference"]["reference"] == "Organization/cisss-t"


def test_organizations_read_and_search(client, world):
    headers = auth(world.receiver_cw)
    body = fhir(client.get("/fhir/Organization", {"name": "cisss"}, **headers))
    assert [e["resource"]["id"] for e in body["entry"]] == ["cisss-t"]
    assert fhir(client.get("/fhir/Organization/aibsl-t", **headers))["name"] == world.sender.name
    assert fhir(client.get("/fhir/Organization/nope", **headers), 404)


def test_task_search_by_owner_requester_status_and_last_updated(client, world, sent):
    draft = make_referral(world.sender_cw, world.sender, world.receiver, send=False)
    headers = auth(world.sender_cw)

    def ids(**query):
        body = fhir(client.get("/fhir/Task", query, **headers))
        return sorted(e["resource"]["id"] for e in body.get("entry", []))

    assert ids(owner="Organization/cisss-t") == sorted([str(sent.public_id), str(draft.public_id)])
    assert ids(requester="aibsl-t", status="requested") == [str(sent.public_id)]
    assert ids(status="draft,accepted") == [str(draft.public_id)]
    assert ids(owner="Organization/tiers-t") == []
    future = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    assert ids(_lastUpdated=f"gt{future}") == []
    assert len(ids(_lastUpdated=f"ge{timezone.localdate().isoformat()}")) == 2
    assert fhir(client.get("/fhir/Task", {"status": "bogus"}, **headers), 400)["issue"][0]["code"] == "invalid"
    assert fhir(client.get("/fhir/Task", {"patient": "x"}, **headers), 400)


def referral_bundle(world, step, *, status="requested", consent=True) -> dict:
    entries = [
        {"fullUrl": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000001", "request": {"method": "POST", "url": "Task"},
         "resource": {"resourceType": "Task", "status": status, "intent": "order", "priority": "urgent",
                      "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
                      "focus": {"reference": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000002"},
                      "for": {"reference": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000004"},
                      "authoredOn": timezone.now().isoformat(),
                      "requester": {"reference": "Organization/aibsl-t"},
                      "owner": {"reference": "Organization/cisss-t"}}},
        {"fullUrl": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000002",
         "request": {"method": "POST", "url": "ServiceRequest"},
         "resource": {"resourceType": "ServiceRequest", "status": "active", "intent": "order",
                      "code": {"coding": [{"system": system("pathway-step"), "code": step.slug}]},
                      "reasonCode": [{"text": "Bilan de santé à l'arrivée."}],
                      "subject": {"reference": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000004"},
                      "supportingInfo": [{"reference": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000003"}]}},
        {"fullUrl": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000004", "request": {"method": "POST", "url": "Patient"},
         "resource": {"resourceType": "Patient", "name": [{"given": ["Amani"], "family": "Fictif"}],
                      "birthDate": "1988-04-02", "communication": [{"language": {"coding": [{"code": "sw"}]}}]}},
    ]
    if consent:
        entries.append(
            {"fullUrl": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000003",
             "request": {"method": "POST", "url": "Consent"},
             "resource": {"resourceType": "Consent", "status": "active",
                          "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                                "code": "patient-privacy"}]},
                          "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                                    "code": "IDSCL"}]},
                                       {"coding": [{"system": system("consent-method"), "code": "written"}]}],
                          "patient": {"reference": "urn:uuid:7d1f8a52-7a54-4f0b-9a0a-000000000004"},
                          "dateTime": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
                          "organization": [{"reference": "Organization/aibsl-t"}],
                          "sourceAttachment": {"title": "Formulaire signé"},
                          "provision": {"purpose": [{"display": "Bilan de santé"}]}}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def put_status(client, user, referral_id, status, **fields):
    task = {"resourceType": "Task", "id": str(referral_id), "status": status, "intent": "order", **fields}
    return client.put(f"/fhir/Task/{referral_id}", data=json.dumps(task), content_type=FHIR, **auth(user))


def test_create_accept_complete_through_fhir_then_seen_in_the_pages(client, world):
    step = make_step("bilan-sante")
    make_language("sw", "swahili", "Swahili")
    created = client.post("/fhir/", data=json.dumps(referral_bundle(world, step)), content_type=FHIR,
                          **auth(world.sender_cw))
    response_bundle = fhir(created)
    assert response_bundle["type"] == "transaction-response"
    referral = Referral.objects.get()
    assert created["Location"].endswith(f"/fhir/Task/{referral.public_id}")
    assert (referral.state, referral.sender, referral.receiver, referral.pathway_step) == (
        ReferralState.SENT, world.sender, world.receiver, step)
    assert referral.urgency == "urgent" and referral.reason == "Bilan de santé à l'arrivée."
    assert referral.person.full_name == "Amani Fictif" and referral.person.birth_date == datetime.date(1988, 4, 2)
    assert [language.code for language in referral.person.languages.all()] == ["sw"]
    assert (referral.consent.method, referral.consent.purpose) == ("written", "Bilan de santé")

    # The receiver's system polls for new tasks it owns, accepts one, then completes it with an outcome.
    polled = fhir(client.get("/fhir/Task", {"owner": "cisss-t", "status": "requested"},
                             **auth(world.receiver_intake)))
    assert [e["resource"]["id"] for e in polled["entry"]] == [str(referral.public_id)]
    accepted = fhir(put_status(client, world.receiver_intake, referral.public_id, "accepted"))
    assert accepted["status"] == "accepted"
    completed = fhir(put_status(client, world.receiver_intake, referral.public_id, "completed",
                                output=[{"type": {"text": "Outcome"}, "valueString": "Bilan fait le 3 décembre."}]))
    assert completed["status"] == "completed"
    outputs = {o["type"]["coding"][0]["code"]: o for o in completed["output"]}
    assert outputs["outcome-status"]["valueCodeableConcept"]["coding"][0]["code"] == "successful"
    assert outputs["outcome"]["valueString"] == "Bilan fait le 3 décembre."
    history = [(p["activity"]["coding"][0]["code"], p["agent"][0]["who"]["display"],
                p["agent"][0]["onBehalfOf"]["reference"]) for p in completed["contained"]]
    assert history == [("draft", "alice", "Organization/aibsl-t"), ("sent", "alice", "Organization/aibsl-t"),
                       ("accepted", "bob", "Organization/cisss-t"), ("in_progress", "bob", "Organization/cisss-t"),
                       ("completed", "bob", "Organization/cisss-t")]
    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED and referral.outcome == "Bilan fait le 3 décembre."
    assert referral.outcome_status == "successful"

    # The sender closes the loop (business status "closed", Task status stays completed).
    closed = fhir(put_status(client, world.sender_cw, referral.public_id, "completed",
                             businessStatus={"coding": [{"system": system("referral-state"), "code": "closed"}]}))
    assert closed["businessStatus"]["coding"][0]["code"] == "closed"

    # Seen in the pages: the sender's workspace shows the referral closed with the receiver's outcome.
    client.force_login(world.sender_cw)
    page = client.get(referral.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bilan fait le 3 décembre." in html and "Fermée" in html
    client.force_login(world.receiver_intake)
    assert str(referral.short_id) in client.get("/references/").content.decode()


def test_status_changes_go_through_the_referral_rules(client, world, sent):
    # A caseworker of the receiver is not intake: accepting is refused (403) and nothing changes.
    assert fhir(put_status(client, world.receiver_cw, sent.public_id, "accepted"), 403)["issue"][0]["code"] == \
        "forbidden"
    # Rejecting needs a reason (400 by field), then works with one.
    assert fhir(put_status(client, world.receiver_intake, sent.public_id, "rejected"), 400)
    body = fhir(put_status(client, world.receiver_intake, sent.public_id, "rejected",
                           statusReason={"text": "Hors de notre mandat."}))
    assert body["status"] == "rejected" and body["statusReason"]["text"] == "Hors de notre mandat."
    # A finished referral cannot be accepted any more (409), and statuses Passerelle does not use are 422.
    assert fhir(put_status(client, world.receiver_intake, sent.public_id, "accepted"), 409)["issue"][0]["code"] == \
        "conflict"
    assert fhir(put_status(client, world.receiver_intake, sent.public_id, "on-hold"), 422)
    assert fhir(put_status(client, world.receiver_intake, sent.public_id, "nonsense"), 400)
    # An unsuccessful outcome is the IG's `failed`, with a reason from the admins' list.
    failed = make_referral(world.sender_cw, world.sender, world.receiver)
    reason = OutcomeReason.objects.create(slug="injoignable", label_fr="Personne injoignable",
                                          label_en="Could not be reached")
    assert fhir(put_status(client, world.receiver_intake, failed.public_id, "failed"), 400)
    body = fhir(put_status(client, world.receiver_intake, failed.public_id, "failed",
                           statusReason={"coding": [{"system": system("outcome-reason"), "code": "injoignable"}]}))
    assert body["status"] == "failed" and body["statusReason"]["coding"][0]["code"] == "injoignable"
    failed.refresh_from_db()
    assert (failed.state, failed.outcome_status, failed.outcome_reason) == (ReferralState.COMPLETED, "unsuccessful",
                                                                           reason)
    # The requester cancels another referral: withdrawn.
    other = make_referral(world.sender_cw, world.sender, world.receiver)
    assert fhir(put_status(client, world.sender_cw, other.public_id, "cancelled",
                           statusReason={"text": "La famille a déménagé."}))["status"] == "cancelled"
    assert Referral.objects.get(pk=other.pk).state == ReferralState.WITHDRAWN


def test_bad_bundles_are_operation_outcomes_and_create_nothing(client, world):
    step = make_step("bilan-sante")
    headers = auth(world.sender_cw)

    def post(data):
        return client.post("/fhir/", data=json.dumps(data), content_type=FHIR, **headers)

    assert fhir(post(referral_bundle(world, step, consent=False)), 422)["issue"][0]["diagnostics"].startswith(
        "Bundle: a Consent is required")
    assert fhir(post({"resourceType": "Bundle", "type": "batch", "entry": []}), 400)
    assert fhir(post({"resourceType": "Task"}), 400)
    broken = referral_bundle(world, step)
    broken["entry"][0]["resource"]["owner"] = {"reference": "Organization/inconnu"}
    assert fhir(post(broken), 422)
    assert fhir(client.post("/fhir/", data="{not json", content_type=FHIR, **headers), 400)
    # A user who does not belong to the requesting organisation cannot refer on its behalf.
    assert fhir(client.post("/fhir/", data=json.dumps(referral_bundle(world, step)), content_type=FHIR,
                            **auth(world.third_cw)), 403)
    assert not Referral.objects.exists()
    assert fhir(client.get("/fhir/Patient", **headers), 404)


@pytest.mark.parametrize("kind", ["Task", "ServiceRequest", "Consent"])
def test_search_query_count_does_not_grow_with_the_referrals(client, world, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = auth(world.receiver_intake)

    def count():
        with CaptureQueriesContext(connection) as queries:
            fhir(client.get(f"/fhir/{kind}", **headers))
        return len(queries)

    make_referral(world.sender_cw, world.sender, world.receiver)
    small = count()
    for _ in range(6):
        make_referral(world.sender_cw, world.sender, world.receiver)
    assert count() == small


# --- errors: always an OperationOutcome, never Django's HTML page ---------------------------------------------
@pytest.mark.parametrize("path", ["/fhir/Task/abc", "/fhir/Task/999999", "/fhir/ServiceRequest/abc",
                                  "/fhir/Consent/abc", "/fhir/Organization/abc"])
def test_read_by_an_id_that_is_not_a_uuid_is_a_404_operation_outcome(client, world, path):
    body = fhir(client.get(path, **auth(world.receiver_cw)), 404)
    assert body["issue"][0]["code"] == "not-found"
    update = client.put("/fhir/Task/abc", data=json.dumps({"resourceType": "Task", "status": "accepted",
                                                           "intent": "order"}),
                        content_type=FHIR, **auth(world.receiver_cw))
    assert fhir(update, 404)["issue"][0]["code"] == "not-found"


@pytest.mark.parametrize("path", ["/fhir/Task?_lastUpdated=gt2026-13-45",
                                  "/fhir/ServiceRequest?_lastUpdated=2026-02-30",
                                  "/fhir/Consent?_lastUpdated=ge2026-99-01",
                                  "/fhir/Task?_lastUpdated=2026-11-30T25:61:00Z"])
def test_last_updated_with_an_impossible_date_is_a_400_operation_outcome(client, world, path):
    body = fhir(client.get(path, **auth(world.receiver_cw)), 400)
    assert "_lastUpdated" in body["issue"][0]["diagnostics"]


@pytest.mark.parametrize(("error", "status", "code"), [(RuntimeError("bug"), 500, "exception"),
                                                        (OperationalError("database down"), 503, "transient")])
def test_an_unexpected_error_is_a_500_operation_outcome(client, world, monkeypatch, error, status, code):
    """A bug is a 500, the database down a 503 with Retry-After: OperationOutcomes, never the HTML page."""
    from referrals.fhir import views

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(views, "paged", broken)
    client.raise_request_exception = False
    response = client.get("/fhir/Task", **auth(world.receiver_cw))
    body = fhir(response, status)
    assert body["issue"][0]["code"] == code and str(error) not in json.dumps(body)
    assert (status == 503) == response.has_header("Retry-After")


@pytest.mark.parametrize("accept_language", ["", "fr", "fr-CA,fr;q=0.9", "en"])
def test_messages_are_english_whatever_the_accept_language(client, world, accept_language):
    """FHIR is machine to machine: DRF's own messages are in English like the endpoint's (docs/standards.md)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    method = client.post("/fhir/metadata", **headers)
    assert fhir(method, 405)["issue"][0]["diagnostics"] == 'Method "POST" not allowed.'
    assert method["Content-Language"] == "en"
    anonymous = fhir(client.get("/fhir/Task", **headers), 401)["issue"][0]["diagnostics"]
    assert anonymous == "Authentication credentials were not provided."
    assert fhir(client.get("/fhir/Nope", **headers), 404)["issue"][0]["diagnostics"] == "Unknown FHIR endpoint."


def test_an_error_outside_the_fhir_views_is_a_500_operation_outcome(rf):
    from portal.views import server_error

    response = server_error(rf.get("/fhir/Task"))
    assert response.status_code == 500 and response["Content-Type"].startswith(FHIR)
    OperationOutcome.model_validate(json.loads(response.content))


def test_a_nul_in_the_query_string_is_a_400_operation_outcome_in_english(client, world):
    response = client.get("/fhir/Task?status=%00", HTTP_ACCEPT_LANGUAGE="fr", **auth(world.receiver_cw))
    assert fhir(response, 400)["issue"][0]["diagnostics"] == "Null characters are not allowed in a request."
