"""`visible_to` trusts memberships, not only the Django group that mirrors them; personal data is never cached.

Found in the security review: a member of a deactivated organisation still listed and read its referrals
through the API (the group kept its members), and so did anyone added to an organisation's group by hand.
"""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from directory.services import membership_update
from referrals.models import Referral

LIST = "/api/v1/referrals/"


@pytest.fixture
def api():
    return APIClient()


def _sees(client, api, user, referral) -> tuple[int, int, int]:
    client.force_login(user)
    api.force_authenticate(user)
    return (
        client.get(referral.get_absolute_url()).status_code,
        api.get(f"{LIST}{referral.public_id}/").status_code,
        len(api.get(LIST).json()["results"]),
    )


def test_members_of_a_deactivated_organisation_lose_sight_of_its_referrals(client, api, world, sent):
    assert _sees(client, api, world.receiver_intake, sent) == (200, 200, 1)
    world.receiver.is_active = False
    world.receiver.save(update_fields=["is_active"])
    assert _sees(client, api, world.receiver_intake, sent) == (404, 404, 0)
    assert not Referral.objects.visible_to(world.receiver_intake).exists()
    # The other party still sees it.
    assert _sees(client, api, world.sender_cw, sent) == (200, 200, 1)


def test_a_deactivated_membership_sees_nothing(client, api, world, sent):
    membership = world.receiver_cw.memberships.get(organization=world.receiver)
    membership_update(membership=membership, role=membership.role, is_active=False)
    assert _sees(client, api, world.receiver_cw, sent) == (404, 404, 0)


def test_being_put_in_the_group_by_hand_gives_no_access(client, api, world, sent):
    intruder = get_user_model().objects.create_user("intrus", password="x")
    intruder.groups.add(world.receiver.group)
    assert _sees(client, api, intruder, sent) == (404, 404, 0)


def test_pages_and_api_with_personal_data_are_never_cached(client, api, world, sent):
    client.force_login(world.receiver_intake)
    api.force_authenticate(world.receiver_intake)
    for response in (client.get(sent.get_absolute_url()), client.get("/references/"),
                     api.get(f"{LIST}{sent.public_id}/"), api.get(LIST)):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_groups_remembered_by_the_workspace_are_forgotten_when_memberships_change(rf, world, sent):
    """The workspace hands `visible_to` the groups it read with the user's organisations (one query fewer per
    page); a membership or organisation written afterwards makes it read them again."""
    from django.contrib.sessions.backends.base import SessionBase

    from referrals.permissions import acting_organization

    user = world.receiver_intake

    def open_workspace():
        request = rf.get("/references/")
        request.user, request.session = user, SessionBase()
        acting_organization(request)
        assert user.__dict__["_organization_groups"][2] == (world.receiver.group_id,)

    open_workspace()
    assert list(Referral.objects.visible_to(user)) == [sent]
    membership = user.memberships.get(organization=world.receiver)
    membership_update(membership=membership, role=membership.role, is_active=False)
    assert not Referral.objects.visible_to(user).exists()
    membership_update(membership=membership, role=membership.role, is_active=True)
    open_workspace()
    world.receiver.is_active = False
    world.receiver.save(update_fields=["is_active"])
    assert not Referral.objects.visible_to(user).exists()


def test_remembered_groups_are_forgotten_again_when_the_membership_write_commits(
    world, django_capture_on_commit_callbacks
):
    """A request of the same process that read the old rows between the write and its commit must not keep
    them: the counter moves at the write and again at the commit."""
    from referrals import models

    membership = world.receiver_cw.memberships.get(organization=world.receiver)
    before = models._membership_writes[0]
    with django_capture_on_commit_callbacks(execute=True):
        membership_update(membership=membership, role=membership.role, is_active=False)
        during = models._membership_writes[0]
    assert before < during < models._membership_writes[0]
