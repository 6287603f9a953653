"""Services keep groups and guardian permissions in step with memberships; model and queryset rules."""

import pytest
from django.contrib.auth.models import Group

from directory import services
from directory.models import Membership, MembershipRole, Organization, PathwayStage, Responsibility
from tests.factories import make_admin, make_member, make_organization, make_responsibility, make_step, make_user

pytestmark = pytest.mark.django_db


def test_organisation_gets_its_own_group():
    organization = make_organization("maison-familles")
    assert organization.group.name == "Organisation: maison-familles"


def test_duplicate_slug_is_a_business_error():
    make_organization("aibsl")
    with pytest.raises(services.DirectoryError):
        make_organization("aibsl")


def test_membership_puts_the_person_in_the_group_and_grants_admins_their_permissions():
    organization = make_organization()
    caseworker = make_member(organization)
    admin = make_admin(organization)
    assert organization.group in caseworker.groups.all() and organization.group in admin.groups.all()
    assert not caseworker.has_perm("directory.manage_organization", organization)
    assert admin.has_perm("directory.manage_organization", organization)
    assert admin.has_perm("directory.change_organization", organization)
    assert admin.groups.filter(name=services.ORGANIZATION_ADMINS_GROUP).exists()
    assert admin.has_perm("wagtailadmin.access_admin")


def test_demoting_and_removing_take_permissions_and_group_away():
    organization = make_organization()
    first, second = make_admin(organization), make_admin(organization)
    membership = Membership.objects.get(user=second)
    services.membership_update(membership=membership, role=MembershipRole.CASEWORKER, is_active=True)
    second = type(second).objects.get(pk=second.pk)  # fresh permission caches
    assert not second.has_perm("directory.manage_organization", organization)
    assert not second.groups.filter(name=services.ORGANIZATION_ADMINS_GROUP).exists()
    services.membership_remove(membership=membership)
    assert not second.groups.filter(pk=organization.group_id).exists()
    assert first.has_perm("directory.manage_organization", organization)


def test_the_last_admin_cannot_be_removed():
    organization = make_organization()
    admin = make_admin(organization)
    with pytest.raises(services.DirectoryError, match="au moins un"):
        services.membership_remove(membership=Membership.objects.get(user=admin))


def test_a_person_may_belong_to_several_organisations():
    person = make_user()
    first, second = make_organization(), make_organization()
    services.membership_add(user=person, organization=first, role=MembershipRole.ADMIN)
    services.membership_add(user=person, organization=second)
    assert set(Organization.objects.for_member(person)) == {first, second}
    assert list(Organization.objects.managed_by(person)) == [first]


def test_deleting_an_organisation_deletes_its_group():
    organization = make_organization("closing")
    group_id = organization.group_id
    services.organization_delete(organization=organization)
    assert not Group.objects.filter(pk=group_id).exists()


def test_responsibility_set_is_one_per_organisation_and_step():
    organization, step = make_organization(), make_step()
    make_responsibility(organization, step, "lead")
    make_responsibility(organization, step, "support")
    assert Responsibility.objects.get().level == "support"
    with pytest.raises(services.DirectoryError):
        make_responsibility(organization, step, "boss")


def test_querysets():
    active = make_organization("a", acronym="XYZ", accepts_referrals=True)
    closed = make_organization("b", is_active=False, accepts_referrals=True)
    assert list(Organization.objects.accepting_referrals()) == [active]
    assert list(Organization.objects.search("xyz")) == [active]
    assert set(Organization.objects.search("")) == {active, closed}
    step = make_step(stage=PathwayStage.FIRST_YEAR)
    make_responsibility(closed, step, "lead")
    assert Responsibility.objects.leads().count() == 1 and Responsibility.objects.public().count() == 0


def test_localized_fields_follow_the_language():
    from django.utils import translation

    organization = make_organization(mandate_fr="Mandat", mandate_en="")
    assert organization.mandate == "Mandat"
    with translation.override("en"):
        assert organization.mandate == "Mandat"  # falls back to French when the English is missing
    organization.services_fr = "Un\n\n Deux "
    assert organization.services_list() == ["Un", "Deux"]


def test_object_permission_does_not_make_a_platform_admin_but_the_model_permission_does():
    from django.contrib.auth.models import Permission

    from directory.models import user_is_platform_admin

    organization = make_organization()
    admin = make_admin(organization)
    assert not user_is_platform_admin(type(admin).objects.get(pk=admin.pk))
    editor = make_user()
    editor.user_permissions.add(Permission.objects.get(codename="change_organization"))
    editor = type(editor).objects.get(pk=editor.pk)
    assert user_is_platform_admin(editor)
    assert Organization.objects.managed_by(editor).count() == 1
