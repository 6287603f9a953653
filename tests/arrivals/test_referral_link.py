"""Refer from a step of the arrival routine: the form is pre-filled with the minimum, the referral keeps
its own copy, and its state drives the step (through the services, not signals)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from arrivals.models import StepStatus
from referrals import services as referral_services
from referrals.models import AccessAction, AccessLog, Referral
from tests.factories import consent_data, person_data


@pytest.fixture
def household(register):
    register.agreement()
    return register.household(arrival=timezone.localdate() - timedelta(days=20))


def _url(household, step="routine-0"):
    return reverse("referrals:create") + f"?household={household.public_id}&step={step}"


def _post_data(register, step):
    today = timezone.localdate().isoformat()
    return {
        "pathway_step": step.pk, "receiver": register.partner_org.pk, "urgency": "routine",
        "full_name": "Personne Fictive A.", "household_size": "3", "consent_given": "on",
        "consent_method": "verbal", "consent_obtained_on": today, "consent_purpose": "Évaluation de santé",
    }


def test_member_gets_the_form_prefilled_with_the_minimum_and_the_read_is_logged(client, register, household):
    client.force_login(register.member)
    response = client.get(_url(household))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["full_name"] == "Personne Fictive A."
    assert form.initial["household_size"] == 3
    assert form.initial["languages"] == [register.spanish.pk]
    assert "contact" not in form.initial  # never the address
    assert AccessLog.objects.filter(household=household, action=AccessAction.VIEW, user=register.member).exists()


@pytest.mark.parametrize("persona", ["partner", "anonymous"])
def test_partner_and_visitor_cannot_open_a_household_through_the_referral_form(client, register, household, persona):
    if persona == "partner":
        client.force_login(register.partner)
        assert client.get(_url(household)).status_code == 404
    else:
        assert client.get(_url(household)).status_code == 302


def test_sending_links_the_step_and_the_referral_drives_it(client, register, household):
    client.force_login(register.member)
    step = register.steps[0]
    response = client.post(_url(household), _post_data(register, step))
    assert response.status_code == 302
    referral = Referral.objects.get()
    item = household.checklist.get(step=step)
    assert (item.referral, item.status, item.organization) == (referral, StepStatus.IN_PROGRESS, register.partner_org)
    assert referral.person.full_name == "Personne Fictive A."  # the referral's own copy
    referral_services.referral_accept(referral=referral, user=register.partner)
    referral_services.referral_start(referral=referral, user=register.partner)
    referral_services.referral_complete(referral=referral, user=register.partner, outcome_status="successful")
    item.refresh_from_db()
    assert item.status == StepStatus.DONE and item.date == timezone.localdate()


def test_a_declined_referral_puts_the_step_back_to_do(register, household):
    step = register.steps[0]
    referral = referral_services.referral_send(
        referral=referral_services.referral_create(
            user=register.member, sender=register.welcoming, receiver=register.partner_org, pathway_step=step,
            person=person_data(), consent=consent_data(register.member)),
        user=register.member)
    from arrivals.services import checklist_refer

    checklist_refer(household=household, step=step, referral=referral, user=register.member)
    referral_services.referral_decline(referral=referral, user=register.partner, reason="Pas de place.")
    item = household.checklist.get(step=step)
    assert item.status == StepStatus.TODO and item.referral == referral


def test_the_receiver_never_sees_the_register(client, register, household):
    client.force_login(register.member)
    client.post(_url(household), _post_data(register, register.steps[0]))
    client.force_login(register.partner)
    assert client.get(household.get_absolute_url()).status_code == 404
    referral = Referral.objects.get()
    assert client.get(referral.get_absolute_url()).status_code == 200
