"""Removing or deactivating a membership takes away every access it gave, at once, whatever the path.

The defect: `membership_remove` set `is_active=False` in memory only, `_sync_permissions` read the database,
still saw an active admin row, and put the person back in "Organisation admins" (Wagtail admin access)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directory import services
from directory.models import Membership, MembershipRole, Organization
from tests.factories import make_admin, make_organization, make_superuser

pytestmark = pytest.mark.django_db


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def assert_no_access_left(user, organization):
    user = fresh(user)
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not user.groups.filter(name=services.ORGANIZATION_ADMINS_GROUP).exists()
    assert not user.groups.filter(pk=organization.group_id).exists()
    assert not user.has_perm("directory.manage_organization", organization)
    assert not Organization.objects.managed_by(user).exists()
    assert not Organization.objects.for_member(user).exists()


def test_removing_an_admin_directly_takes_admin_access_away():
    organization = make_organization()
    make_admin(organization)
    leaving = make_admin(organization)
    assert fresh(leaving).has_perm("wagtailadmin.access_admin")
    services.membership_remove(membership=Membership.objects.get(user=leaving))
    assert_no_access_left(leaving, organization)


def test_deactivating_an_admin_membership_takes_admin_access_away():
    organization = make_organization()
    make_admin(organization)
    leaving = make_admin(organization)
    membership = Membership.objects.get(user=leaving)
    services.membership_update(membership=membership, role=MembershipRole.ADMIN, is_active=False)
    assert_no_access_left(leaving, organization)


def test_admin_of_two_organisations_keeps_admin_access_for_the_other_one():
    first, second = make_organization(), make_organization()
    make_admin(first)
    both = make_admin(first)
    services.membership_add(user=both, organization=second, role=MembershipRole.ADMIN)
    services.membership_remove(membership=Membership.objects.get(user=both, organization=first))
    both = fresh(both)
    assert both.has_perm("wagtailadmin.access_admin")
    assert list(Organization.objects.managed_by(both)) == [second]


def test_removing_an_admin_in_the_wagtail_admin_takes_admin_access_away(client):
    organization = make_organization()
    make_admin(organization)
    leaving = make_admin(organization)
    client.force_login(make_superuser())
    membership = Membership.objects.get(user=leaving)
    response = client.post(reverse("memberships:delete", args=[membership.pk]))
    assert response.status_code == 302
    assert_no_access_left(leaving, organization)
    client.force_login(leaving)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # to the sign-in page


def test_deactivating_an_admin_in_the_wagtail_admin_takes_admin_access_away(client):
    organization = make_organization()
    staying = make_admin(organization)
    leaving = make_admin(organization)
    client.force_login(staying)
    membership = Membership.objects.get(user=leaving)
    response = client.post(reverse("memberships:edit", args=[membership.pk]),
                           {"role": MembershipRole.ADMIN})  # the "active" box unticked
    assert response.status_code == 302, response.content[:500]
    assert_no_access_left(leaving, organization)


def test_deleting_an_organisation_takes_its_admins_out_of_the_admin():
    organization = make_organization()
    admin = make_admin(organization)
    services.organization_delete(organization=organization)
    assert not fresh(admin).has_perm("wagtailadmin.access_admin")


def test_membership_ended_signal_is_sent_on_every_path():
    ended = []

    def receiver(sender, membership, **kwargs):
        ended.append(membership.pk)

    services.membership_ended.connect(receiver)
    try:
        organization = make_organization()
        make_admin(organization)
        one, two, three = make_admin(organization), make_admin(organization), make_admin(organization)
        services.membership_remove(membership=Membership.objects.get(user=one))
        services.membership_update(membership=Membership.objects.get(user=two), role="admin", is_active=False)
        kept = Membership.objects.get(user=three)
        services.membership_update(membership=kept, role="caseworker", is_active=True)
        assert len(ended) == 2
        assert kept.pk not in ended
    finally:
        services.membership_ended.disconnect(receiver)
