"""An organisation party to referrals keeps its history: deleting it is refused with a clear message
(service, API 409, admin message), never a 500; one with no referral is deleted as before."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from directory import services
from directory.models import Organization
from tests.factories import make_member, make_organization, make_referral, make_superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred():
    sender, receiver = make_organization("sender"), make_organization("receiver")
    make_referral(make_member(sender), sender, receiver)
    return receiver


def test_service_refuses_to_delete_an_organisation_party_to_referrals(referred):
    with pytest.raises(services.DirectoryError, match="désactivez-le plutôt"):
        services.organization_delete(organization=referred)
    assert Organization.objects.filter(pk=referred.pk, group__isnull=False).exists()


def test_api_answers_409_with_the_reason(referred):
    api = APIClient()
    api.force_authenticate(make_superuser("pat"))
    response = api.delete(f"/api/v1/organizations/{referred.slug}/")
    assert response.status_code == 409
    assert "désactivez-le plutôt" in response.json()["detail"]
    assert Organization.objects.filter(pk=referred.pk).exists()


def test_admin_shows_the_reason_and_keeps_the_organisation(client, referred):
    client.force_login(make_superuser("pat"))
    response = client.post(reverse("organizations:delete", args=[referred.pk]), follow=True)
    assert response.status_code == 200
    assert any("partie à des références" in str(m) for m in response.context["messages"])
    assert Organization.objects.filter(pk=referred.pk).exists()


def test_an_organisation_without_referrals_is_deleted(client):
    lonely = make_organization("lonely")
    client.force_login(make_superuser("pat"))
    client.post(reverse("organizations:delete", args=[lonely.pk]))
    assert not Organization.objects.filter(pk=lonely.pk).exists()
