"""Security review: an admin of organisation A cannot reach organisation B through any door — the admin's
add forms, edits by POST, or the API (moving a row of A to B, deleting B's rows)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from directory.models import Membership, MembershipRole, Responsibility
from tests.factories import make_responsibility, make_step

pytestmark = pytest.mark.django_db


def edit_url(kind, pk):
    return reverse(f"{kind}:edit", args=[pk])


def test_org_admin_cannot_add_a_member_to_another_organisation_in_the_admin(client, world):
    newcomer = get_user_model().objects.create_user("newcomer", password="x")
    client.force_login(world["alice"])
    response = client.post(reverse("memberships:add"),
                           {"user": newcomer.pk, "organization": world["b"].pk, "role": MembershipRole.ADMIN,
                            "is_active": "on"})
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert not Membership.objects.filter(user=newcomer).exists()


def test_org_admin_cannot_post_to_another_organisations_membership(client, world):
    bob = Membership.objects.get(user=world["bob"])
    client.force_login(world["alice"])
    response = client.post(edit_url("memberships", bob.pk), {"role": MembershipRole.CASEWORKER, "is_active": ""})
    assert response.status_code == 403
    bob.refresh_from_db()
    assert bob.role == MembershipRole.ADMIN and bob.is_active


def test_org_admin_cannot_move_or_delete_rows_of_another_organisation_in_the_api(world):
    api = APIClient()
    api.force_authenticate(world["alice"])
    own = make_responsibility(world["a"], make_step("school"), "lead")  # B has none for this step
    url_a = f"/api/v1/responsibilities/{own.pk}/"
    url_b = f"/api/v1/responsibilities/{world['resp_b'].pk}/"
    assert api.patch(url_a, {"organization": world["b"].slug}, format="json").status_code == 403
    assert api.patch(url_b, {"level": "lead"}, format="json").status_code == 403
    assert api.delete(url_b).status_code == 403
    assert api.patch(f"/api/v1/organizations/{world['b'].slug}/", {"name": "Pris"}, format="json").status_code == 403
    assert api.delete(f"/api/v1/organizations/{world['a'].slug}/").status_code == 403  # platform admins only
    own.refresh_from_db()
    assert own.organization == world["a"]
    assert Responsibility.objects.get(pk=world["resp_b"].pk).level == "support"


def test_org_admin_cannot_change_the_slug_or_deactivate_their_organisation(client, world):
    """They describe their organisation; its address and its existence are the platform's (API and admin)."""
    api = APIClient()
    api.force_authenticate(world["alice"])
    url = f"/api/v1/organizations/{world['a'].slug}/"
    response = api.patch(url, {"slug": "usurpe", "is_active": False, "phone": "418-555-0199"}, format="json")
    assert response.status_code == 200
    world["a"].refresh_from_db()
    assert (world["a"].slug, world["a"].is_active, world["a"].phone) == ("org-a", True, "418-555-0199")
    client.force_login(world["alice"])
    form = client.get(edit_url("organizations", world["a"].pk)).context["form"]
    assert form.fields["slug"].disabled and form.fields["is_active"].disabled
    assert not form.fields["name"].disabled
    client.force_login(world["pat"])  # a platform admin still can
    form = client.get(edit_url("organizations", world["a"].pk)).context["form"]
    assert not form.fields["slug"].disabled
    api.force_authenticate(world["pat"])
    assert api.patch(url, {"is_active": False}, format="json").status_code == 200
    world["a"].refresh_from_db()
    assert world["a"].is_active is False
