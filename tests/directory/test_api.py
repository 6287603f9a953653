"""The directory API: public read with filters and pagination, writes for permitted users, 400 on bad input."""

import pytest
from rest_framework.test import APIClient

from directory.models import Organization, OrganizationKind, PathwayStage, Responsibility, ResponsibilityLevel
from tests.factories import (
    make_admin,
    make_language,
    make_member,
    make_organization,
    make_responsibility,
    make_sector,
    make_step,
    make_superuser,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world():
    health, spanish = make_sector("health", "Santé", "Health"), make_language("es", "Espagnol", "Spanish")
    cisss = make_organization("cisss", name="CISSS", kind=OrganizationKind.STATE)
    cisss.sectors.add(health)
    aibsl = make_organization("aibsl", name="AIBSL", kind=OrganizationKind.COMMUNITY)
    aibsl.languages.add(spanish)
    gone = make_organization("gone", name="Disparu", is_active=False)
    welcome = make_step("welcome", stage=PathwayStage.ARRIVAL, order=1)
    housing = make_step("housing", stage=PathwayStage.FIRST_WEEKS, order=2)
    daycare = make_step("daycare", stage=PathwayStage.FIRST_MONTHS, order=3)
    make_responsibility(aibsl, welcome, ResponsibilityLevel.LEAD)
    make_responsibility(aibsl, housing, ResponsibilityLevel.LEAD)
    make_responsibility(cisss, housing, ResponsibilityLevel.LEAD)
    make_responsibility(cisss, welcome, ResponsibilityLevel.INFORMED, is_public=False)
    make_responsibility(gone, daycare, ResponsibilityLevel.LEAD)
    return {
        "cisss": cisss, "aibsl": aibsl, "gone": gone, "welcome": welcome, "housing": housing, "daycare": daycare,
        "alice": make_admin(aibsl, "alice"), "bob": make_admin(cisss, "bob"),
        "carol": make_member(aibsl, username="carol"), "pat": make_superuser("pat"),
    }


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def test_organizations_are_public_and_paginated(api, world):
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and {"next", "previous", "results"} <= set(body)
    assert body["results"][0]["url"].endswith("/organismes/aibsl/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=state", ["cisss"]),
        ("sector=health", ["cisss"]),
        ("language=es", ["aibsl"]),
        ("step=housing", ["aibsl", "cisss"]),
        ("step=welcome&level=lead", ["aibsl"]),
        ("step=welcome", ["aibsl"]),  # CISSS's "informed" there is not public
        ("level=lead&active=true", ["aibsl", "cisss"]),
        ("active=false", []),  # public means public everywhere: a deactivated organisation is absent
        ("search=cis", ["cisss"]),
    ],
)
def test_organization_filters(api, world, query, expected):
    assert sorted(slugs(api.get(f"/api/v1/organizations/?{query}"))) == expected


def test_deactivated_organisations_are_absent_from_the_public_api(api, world):
    """The defect: the pages, HSDS export and sitemap hid a deactivated organisation; the API listed it."""
    assert "gone" not in slugs(api.get("/api/v1/organizations/"))
    assert slugs(api.get("/api/v1/organizations/?active=false")) == []
    assert api.get("/api/v1/organizations/gone/").status_code == 404
    api.force_authenticate(world["carol"])  # a caseworker of another organisation
    assert slugs(api.get("/api/v1/organizations/?active=false")) == []
    assert api.get("/api/v1/organizations/gone/").status_code == 404


def test_platform_admins_and_its_own_admins_still_find_a_deactivated_organisation(api, world):
    api.force_authenticate(world["pat"])
    assert slugs(api.get("/api/v1/organizations/?active=false")) == ["gone"]
    own_admin = make_admin(world["gone"], "gwen")
    api.force_authenticate(own_admin)
    assert slugs(api.get("/api/v1/organizations/?active=false")) == ["gone"]
    assert api.get("/api/v1/organizations/gone/").status_code == 200


def test_bad_filter_values_are_400_with_field_messages(api, world):
    response = api.get("/api/v1/organizations/?kind=martian")
    assert response.status_code == 400 and "kind" in response.json()["fields"]
    response = api.get("/api/v1/matrix/?stage=someday")
    assert response.status_code == 400 and "stage" in response.json()["fields"]


def test_matrix_lists_gaps_overlaps_and_unassigned(api, world):
    body = api.get("/api/v1/matrix/").json()
    assert body["overlaps"] == ["housing"]
    # The daycare's only lead is inactive: a gap, and with no other responsibility, unassigned too.
    assert body["gaps"] == ["daycare"] and body["unassigned"] == ["daycare"]
    housing = next(step for step in body["steps"] if step["slug"] == "housing")
    assert housing["status"] == "overlap" and sorted(housing["leads"]) == ["aibsl", "cisss"]
    assert [org["slug"] for org in body["organizations"]] == ["aibsl", "cisss"]


def test_matrix_filters(api, world):
    body = api.get("/api/v1/matrix/?stage=first_weeks&kind=state").json()
    assert [step["slug"] for step in body["steps"]] == ["housing"]
    assert [org["slug"] for org in body["organizations"]] == ["cisss"]
    assert body["overlaps"] == ["housing"]  # judged on every organisation, not only the kind shown


def test_responsibilities_hide_non_public_ones_from_others(api, world):
    public = api.get("/api/v1/responsibilities/?organization=cisss").json()["results"]
    assert [row["level"] for row in public] == ["lead"]
    api.force_authenticate(world["bob"])
    own = api.get("/api/v1/responsibilities/?organization=cisss").json()["results"]
    assert sorted(row["level"] for row in own) == ["informed", "lead"]


# --- writes: anonymous, wrong organisation, right organisation, platform admin ---------------------------
def test_anonymous_cannot_write(api, world):
    assert api.patch("/api/v1/organizations/aibsl/", {"phone": "1"}, format="json").status_code in {401, 403}
    response = api.post("/api/v1/responsibilities/", {"organization": "aibsl", "step": "daycare", "level": "lead"})
    assert response.status_code in {401, 403}


def test_org_admin_edits_own_organisation_only(api, world):
    api.force_authenticate(world["alice"])
    assert api.patch("/api/v1/organizations/aibsl/", {"phone": "418 555-0101"}, format="json").status_code == 200
    assert Organization.objects.get(slug="aibsl").phone == "418 555-0101"
    assert api.patch("/api/v1/organizations/cisss/", {"phone": "1"}, format="json").status_code == 403
    assert api.delete("/api/v1/organizations/aibsl/").status_code == 403
    assert api.post("/api/v1/organizations/", {"name": "X", "kind": "state", "mandate_fr": "M"}).status_code == 403


def test_caseworker_cannot_write(api, world):
    api.force_authenticate(world["carol"])
    assert api.patch("/api/v1/organizations/aibsl/", {"phone": "1"}, format="json").status_code == 403


def test_org_admin_writes_own_responsibilities_only(api, world):
    api.force_authenticate(world["alice"])
    response = api.post("/api/v1/responsibilities/", {"organization": "aibsl", "step": "daycare", "level": "support"})
    assert response.status_code == 201, response.json()
    response = api.post("/api/v1/responsibilities/", {"organization": "cisss", "step": "daycare", "level": "lead"})
    assert response.status_code == 403
    cisss_lead = Responsibility.objects.get(organization__slug="cisss", step__slug="housing")
    assert api.patch(f"/api/v1/responsibilities/{cisss_lead.pk}/", {"level": "support"}).status_code == 403
    own = Responsibility.objects.get(organization__slug="aibsl", step__slug="housing")
    # Moving one's own responsibility to another organisation is refused too.
    assert api.patch(f"/api/v1/responsibilities/{own.pk}/", {"organization": "gone"}).status_code == 403
    assert api.patch(f"/api/v1/responsibilities/{own.pk}/", {"level": "support"}).status_code == 200


def test_responsibility_bad_input_is_400(api, world):
    api.force_authenticate(world["alice"])
    response = api.post("/api/v1/responsibilities/", {"organization": "aibsl", "step": "nowhere", "level": "boss"})
    assert response.status_code == 400
    assert {"step", "level"} <= set(response.json()["fields"])
    response = api.post("/api/v1/responsibilities/", {"organization": "aibsl", "step": "housing", "level": "lead"})
    assert response.status_code == 400 and "step" in response.json()["fields"]


def test_platform_admin_creates_organisation_with_its_group(api, world):
    api.force_authenticate(world["pat"])
    response = api.post(
        "/api/v1/organizations/",
        {"name": "Centre de femmes", "slug": "centre-femmes", "kind": "community", "mandate_fr": "Mandat.",
         "languages": ["es"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    organization = Organization.objects.get(slug="centre-femmes")
    assert organization.group is not None and list(organization.languages.values_list("code", flat=True)) == ["es"]
    response = api.post("/api/v1/organizations/", {"name": "", "kind": "bad", "slug": "aibsl"}, format="json")
    assert response.status_code == 400 and {"name", "kind", "mandate_fr", "slug"} <= set(response.json()["fields"])


def test_pathway_steps_read_by_all_written_by_platform_admins(api, world):
    body = api.get("/api/v1/pathway-steps/?stage=arrival").json()
    assert [row["slug"] for row in body["results"]] == ["welcome"]
    api.force_authenticate(world["alice"])
    payload = {"slug": "new", "stage": "arrival", "name_fr": "Nouvelle", "name_en": "New"}
    assert api.post("/api/v1/pathway-steps/", payload).status_code == 403
    api.force_authenticate(world["pat"])
    assert api.post("/api/v1/pathway-steps/", payload).status_code == 201


def test_schema_and_docs_use_local_assets(api, world):
    assert api.get("/api/schema/").status_code == 200
    docs = api.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn." not in docs and "unpkg" not in docs


def _queries(api, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/api/v1/organizations/", "/api/v1/responsibilities/", "/api/v1/matrix/"])
def test_listing_queries_do_not_grow(api, world, url):
    small = _queries(api, url)
    for _index in range(5):
        organization = make_organization(kind=OrganizationKind.PRIVATE)
        organization.sectors.add(make_sector())
        make_responsibility(organization, world["housing"], ResponsibilityLevel.SUPPORT)
    assert _queries(api, url) == small
