"""The register's API for the three personas, and the public figures endpoint."""

import pytest
from django.urls import reverse

from arrivals.models import Household, StepStatus
from referrals.models import AccessAction, AccessLog


@pytest.fixture
def household(register):
    register.agreement()
    return register.household()


def _detail(household, suffix=""):
    return f"/api/v1/arrivals/households/{household.public_id}/{suffix}"


LIST = "/api/v1/arrivals/households/"


def _rows(body):
    return body if isinstance(body, list) else body["results"]


def test_member_lists_without_personal_data(client, register, household):
    client.force_login(register.member)
    response = client.get(LIST)
    assert response.status_code == 200
    row = _rows(response.json())[0]
    assert row["id"] == str(household.public_id) and row["persons"] == 3
    assert "family_name" not in row and "address" not in row
    assert "no-cache" in response["Cache-Control"]


def test_member_reads_a_household_and_the_read_is_logged(client, register, household):
    client.force_login(register.member)
    response = client.get(_detail(household))
    assert response.status_code == 200
    body = response.json()
    assert body["family_name"] == household.family_name and len(body["checklist"]) == 2
    assert AccessLog.objects.filter(household=household, action=AccessAction.VIEW, user=register.member).count() == 1


@pytest.mark.parametrize("method,suffix", [("get", ""), ("post", "steps/routine-0/"), ("post", "departure/")])
def test_partner_gets_404(client, register, household, method, suffix):
    client.force_login(register.partner)
    response = getattr(client, method)(_detail(household, suffix), {"status": "done"}, content_type="application/json")
    assert response.status_code == 404


def test_partner_gets_403_on_the_list_as_on_the_pages(client, register, household):
    client.force_login(register.partner)
    response = client.get(LIST)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert client.get("/arrivees/").status_code == 403


@pytest.mark.parametrize("method,url", [("get", LIST), ("post", LIST)])
def test_anonymous_is_refused(client, household, method, url):
    assert getattr(client, method)(url).status_code in (401, 403)
    assert client.get(_detail(household)).status_code in (401, 403)


def test_member_creates_a_household_and_updates_a_step(client, register):
    register.agreement()
    client.force_login(register.member)
    response = client.post(LIST, {
        "family_name": "Famille Démo-API", "arrival_date": "2018-04-02",
        "composition": {"adults_18_64": 2, "children_0_4": 1}, "languages": ["es"],
        "persons": [{"full_name": "Adulte fictif API", "relationship": "principal"}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    household = Household.objects.get(family_name="Famille Démo-API")
    response = client.post(_detail(household, "steps/routine-1/"), {"status": "done", "date": "2018-04-10"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == StepStatus.DONE
    response = client.post(_detail(household, "steps/routine-1/"), {"status": "done", "date": "2017-01-01"},
                           content_type="application/json")
    assert response.status_code == 400 and "date" in response.json()["fields"]


def test_partner_cannot_create_in_a_register(client, register):
    client.force_login(register.partner)
    response = client.post(LIST, {"family_name": "X", "arrival_date": "2018-04-02",
                                  "composition": {"adults_18_64": 1}}, content_type="application/json")
    assert response.status_code == 403
    assert not Household.objects.exists()


def test_public_figures_for_everyone_under_the_small_number_rule(client, register):
    register.agreement()
    register.household(adults=1, children=0)  # one person: below the threshold
    response = client.get(reverse("arrivals-figures"))
    assert response.status_code == 200
    body = response.json()
    assert body["persons"] == {"fewer_than": 3} and body["households"] == {"fewer_than": 3}
    assert body["language_names"] == []  # one household speaks Spanish: never named
    assert "Famille" not in response.content.decode()


def test_schema_lists_the_register_and_the_figures(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/arrivals/households/" in schema and "/api/v1/arrivals/figures/" in schema


def test_a_partner_api_token_reads_the_register(client, register, household):
    """The register took DRF's own token scheme (no table here): any `Authorization: Token …` was a 500."""
    from accounts.services import api_token_create

    _token, key = api_token_create(user=register.member, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get(LIST, **headers).status_code == 200
    assert client.get(_detail(household), **headers).status_code == 200
    assert client.get(LIST, HTTP_AUTHORIZATION="Token not-a-real-token").status_code == 401
