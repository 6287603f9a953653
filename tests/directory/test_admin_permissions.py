"""The Wagtail admin: a platform admin edits everything; an organisation admin only their own organisation,
its memberships and responsibilities (403 elsewhere, absent from listings)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from directory.models import Membership, MembershipRole, Organization, Responsibility
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def edit_url(kind, pk):
    return reverse(f"{kind}:edit", args=[pk])


def test_org_admin_gets_403_on_other_organisation_edit_url(client, world):
    client.force_login(world["alice"])
    assert client.get(edit_url("organizations", world["a"].pk)).status_code == 200
    assert client.get(edit_url("organizations", world["b"].pk)).status_code == 403
    assert client.get(reverse("organizations:delete", args=[world["a"].pk])).status_code == 403
    assert client.get(reverse("organizations:history", args=[world["b"].pk])).status_code == 403


def test_org_admin_listing_shows_only_their_organisation(client, world):
    client.force_login(world["alice"])
    response = client.get(reverse("organizations:index"))
    assert response.status_code == 200
    assert "Organisme Alpha" in response.content.decode()
    assert "Organisme Bravo" not in response.content.decode()


def test_platform_admin_sees_and_edits_both(client, world):
    client.force_login(world["pat"])
    body = client.get(reverse("organizations:index")).content.decode()
    assert "Organisme Alpha" in body and "Organisme Bravo" in body
    assert client.get(edit_url("organizations", world["b"].pk)).status_code == 200


def test_platform_admins_group_member_edits_everything(client, world):
    group = Group.objects.create(name="Platform admins")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = make_member(world["b"], username="dana")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(edit_url("organizations", world["a"].pk)).status_code == 200
    assert client.get(edit_url("responsibilities", world["resp_a"].pk)).status_code == 200


def test_caseworker_and_anonymous_cannot_reach_the_admin_edit(client, world):
    response = client.get(edit_url("organizations", world["a"].pk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")  # sign-in
    client.force_login(world["carol"])
    assert client.get(edit_url("organizations", world["a"].pk)).status_code in {302, 403}


def test_org_admin_edits_own_organisation(client, world):
    client.force_login(world["alice"])
    url = edit_url("organizations", world["a"].pk)
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="Organisme Alpha renommé", sectors=[], languages=[])
    for flag in ("is_active", "accepts_referrals"):
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    world["a"].refresh_from_db()
    assert world["a"].name == "Organisme Alpha renommé"
    assert client.post(edit_url("organizations", world["b"].pk), data).status_code == 403
    world["b"].refresh_from_db()
    assert world["b"].name == "Organisme Bravo"


def test_responsibilities_and_memberships_are_scoped(client, world):
    client.force_login(world["alice"])
    assert client.get(edit_url("responsibilities", world["resp_a"].pk)).status_code == 200
    assert client.get(edit_url("responsibilities", world["resp_b"].pk)).status_code == 403
    bob_membership = Membership.objects.get(user=world["bob"])
    carol_membership = Membership.objects.get(user=world["carol"])
    assert client.get(edit_url("memberships", carol_membership.pk)).status_code == 200
    assert client.get(edit_url("memberships", bob_membership.pk)).status_code == 403
    listing = client.get(reverse("memberships:index")).content.decode()
    assert "carol" in listing and "bob" not in listing
    # Alice cannot create a responsibility for B: B is not among the choices.
    response = client.post(
        reverse("responsibilities:add"),
        {"organization": world["b"].pk, "step": world["step"].pk, "level": "lead", "is_public": "on"},
    )
    assert response.status_code == 200  # form redisplayed with an error
    assert "organization" in response.context["form"].errors
    assert Responsibility.objects.filter(organization=world["b"], level="lead").count() == 0


def test_org_admin_cannot_create_organisations_or_steps(client, world):
    client.force_login(world["alice"])
    # Model-level refusals keep Wagtail's behaviour: back to the dashboard with a message.
    assert client.get(reverse("organizations:add")).status_code == 302
    client.post(reverse("organizations:add"), {"name": "X", "slug": "x", "kind": "community", "mandate_fr": "M"})
    assert not Organization.objects.filter(slug="x").exists()
    assert client.get(reverse("pathway_steps:index")).status_code == 302


def test_admin_created_organisation_gets_its_group(client, world):
    client.force_login(world["pat"])
    response = client.post(
        reverse("organizations:add"),
        {"name": "Nouveau", "slug": "nouveau", "kind": "community", "mandate_fr": "Mandat.", "city": "Rimouski",
         "region": "QC", "is_active": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    organization = Organization.objects.get(slug="nouveau")
    assert organization.group is not None


def test_admin_membership_creation_grants_permissions(client, world):
    client.force_login(world["alice"])
    newcomer = make_member(world["b"], username="erin")
    response = client.post(
        reverse("memberships:add"),
        {"user": newcomer.pk, "organization": world["a"].pk, "role": MembershipRole.ADMIN, "is_active": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert newcomer.has_perm("directory.manage_organization", world["a"])
    assert not newcomer.has_perm("directory.manage_organization", world["b"])


def test_platform_admins_group_from_the_service_reaches_shared_references(client, world):
    from directory.services import platform_admins_group

    user = make_member(world["b"], username="frank")
    user.groups.add(platform_admins_group())
    client.force_login(user)
    assert client.get(reverse("pathway_steps:index")).status_code == 200
    assert client.get(reverse("sectors:add")).status_code == 200
    assert client.get(edit_url("memberships", Membership.objects.get(user=world["alice"]).pk)).status_code == 200


def test_org_admin_deletes_own_responsibility_not_others(client, world):
    client.force_login(world["alice"])
    assert client.post(reverse("responsibilities:delete", args=[world["resp_b"].pk])).status_code == 403
    assert Responsibility.objects.filter(pk=world["resp_b"].pk).exists()
    response = client.post(reverse("responsibilities:delete", args=[world["resp_a"].pk]))
    assert response.status_code == 302
    assert not Responsibility.objects.filter(pk=world["resp_a"].pk).exists()


def test_the_last_admin_cannot_remove_themselves_in_the_admin(client, world):
    client.force_login(world["alice"])
    own = Membership.objects.get(user=world["alice"])
    client.post(reverse("memberships:delete", args=[own.pk]))
    assert Membership.objects.filter(pk=own.pk).exists()
