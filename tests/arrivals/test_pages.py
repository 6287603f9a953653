"""Every register page for the three personas: the welcoming organisation's member, a partner's caseworker,
an anonymous visitor. A household is a 404 for the last two, like a household that does not exist."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from arrivals.models import Household, StepStatus
from referrals.models import AccessAction, AccessLog

HOUSEHOLD_PAGES = ["arrivals:household", "arrivals:edit", "arrivals:export"]
HOUSEHOLD_POSTS = ["arrivals:step", "arrivals:depart", "arrivals:add-person", "arrivals:erase"]


def _url(name, household):
    kwargs = {"public_id": household.public_id}
    if name == "arrivals:step":
        kwargs["item_id"] = household.checklist.first().pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def household(register):
    register.agreement()
    return register.household()


@pytest.mark.parametrize("name", HOUSEHOLD_PAGES)
def test_member_reads_a_household_and_the_read_is_logged(client, register, household, name):
    client.force_login(register.member)
    before = AccessLog.objects.filter(household=household).count()
    response = client.get(_url(name, household))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    entries = AccessLog.objects.filter(household=household).order_by("pk")[before:]
    assert [entry.action for entry in entries] == [
        AccessAction.EXPORT if name == "arrivals:export" else AccessAction.VIEW
    ]


@pytest.mark.parametrize("name", HOUSEHOLD_PAGES + HOUSEHOLD_POSTS)
def test_partner_gets_404_for_a_household(client, register, household, name):
    client.force_login(register.partner)
    method = client.post if name in HOUSEHOLD_POSTS else client.get
    assert method(_url(name, household)).status_code == 404
    assert not AccessLog.objects.filter(household=household, user=register.partner).exists()


@pytest.mark.parametrize("name", HOUSEHOLD_PAGES + HOUSEHOLD_POSTS)
def test_anonymous_is_sent_to_sign_in(client, household, name):
    method = client.post if name in HOUSEHOLD_POSTS else client.get
    response = method(_url(name, household))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_unknown_household_is_404_for_the_member(client, register):
    client.force_login(register.member)
    url = reverse("arrivals:household", kwargs={"public_id": uuid.uuid4()})
    assert client.get(url).status_code == 404


def test_register_list_for_the_three_personas(client, register, household):
    url = reverse("arrivals:register")
    assert client.get(url).status_code == 302
    client.force_login(register.partner)
    assert client.get(url).status_code == 403
    client.force_login(register.member)
    response = client.get(url)
    assert response.status_code == 200
    assert household.family_name in response.content.decode()


def test_household_page_shows_the_timeline_and_a_refer_link(client, register, household):
    client.force_login(register.member)
    html = client.get(household.get_absolute_url()).content.decode()
    assert '<svg class="ar-timeline" role="img"' in html and "<desc" in html
    assert f"?household={household.public_id}&amp;step=routine-0" in html


def test_member_adds_a_household_through_the_form(client, register):
    register.agreement()
    client.force_login(register.member)
    response = client.post(reverse("arrivals:create"), {
        "family_name": "Famille Démo-Exemple", "arrival_date": "2018-05-02", "adults_18_64": "2",
        "children_0_4": "1", "children_5_11": "0", "youth_12_17": "0", "seniors_65_plus": "0",
        "temporary_housing": "on", "languages": [register.spanish.pk],
        "person-full_name": "Personne Fictive Z.", "person-relationship": "principal",
    })
    assert response.status_code == 302
    household = Household.objects.get(family_name="Famille Démo-Exemple")
    assert household.size == 3 and household.persons.count() == 1
    assert Household.objects.visible_to(register.member).filter(pk=household.pk).exists()


def test_empty_household_is_a_form_error_not_a_500(client, register):
    register.agreement()
    client.force_login(register.member)
    response = client.post(reverse("arrivals:create"), {"family_name": "X", "arrival_date": "2018-05-02",
                                                        "adults_18_64": "0"})
    assert response.status_code == 400


def test_member_marks_a_step_done(client, register, household):
    client.force_login(register.member)
    item = household.checklist.first()
    response = client.post(_url("arrivals:step", household), {
        f"step-{item.pk}-status": StepStatus.DONE, f"step-{item.pk}-date": "2018-03-05",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.date) == (StepStatus.DONE, date(2018, 3, 5))


def test_a_step_dated_before_arrival_is_a_field_error(client, register, household):
    client.force_login(register.member)
    item = household.checklist.first()
    response = client.post(_url("arrivals:step", household), {
        f"step-{item.pk}-status": StepStatus.DONE, f"step-{item.pk}-date": "2017-01-01",
    })
    assert response.status_code == 400


def test_only_an_organisation_admin_erases(client, register, household):
    client.force_login(register.member)  # intake coordinator, not admin
    assert client.post(_url("arrivals:erase", household)).status_code == 403
