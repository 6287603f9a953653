"""Invitations: an organisation admin invites by e-mail with a role; the link expires; the person sets a
password and lands in their workspace; pending invitations are listed, resent or cancelled."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from directory.models import Membership, MembershipRole
from tests.factories import make_admin, make_member, make_organization

pytestmark = pytest.mark.django_db
PASSWORD = "Bienvenue-Rimouski-2026"


@pytest.fixture
def world():
    organization = make_organization("maison-familles", name="Maison des familles")
    other = make_organization("autre")
    return {"org": organization, "admin": make_admin(organization, "alice"),
            "caseworker": make_member(organization, username="carol"),
            "outsider_admin": make_admin(other, "oscar")}


def invite(client, world, email="nouvelle@example.org", role=MembershipRole.INTAKE):
    client.force_login(world["admin"])
    return client.post(reverse("accounts:members", args=["maison-familles"]), {"email": email, "role": role})


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_invited_person_sets_a_password_and_lands_in_the_workspace(client, world):
    assert invite(client, world).status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@example.org"] and "Maison des familles" in message.subject
    newcomer = Client()
    page = newcomer.get(link_in(message))
    assert page.status_code == 200 and "Rejoindre Maison des familles" in page.content.decode()
    response = newcomer.post(link_in(message), {"username": "nadia", "password1": PASSWORD,
                                                "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("referrals:inbox")
    membership = Membership.objects.get(user__username="nadia")
    assert membership.organization == world["org"] and membership.role == MembershipRole.INTAKE
    assert newcomer.get(reverse("referrals:inbox")).status_code == 200
    # The link works once.
    assert Client().get(link_in(message)).status_code == 404


def test_weak_password_is_refused_on_the_invitation_page(client, world):
    invite(client, world)
    response = Client().post(link_in(mail.outbox[0]), {"username": "nadia", "password1": "motdepasse",
                                                       "password2": "motdepasse"})
    assert response.status_code == 400 and not Membership.objects.filter(user__username="nadia").exists()


def test_expired_link_is_refused(client, world):
    invite(client, world)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert Client().get(link_in(mail.outbox[0])).status_code == 404


def test_tampered_link_is_refused(client, world):
    invite(client, world)
    assert Client().get(link_in(mail.outbox[0])[:-3] + "abc/").status_code == 404


def test_pending_invitations_are_listed_resent_and_cancelled(client, world):
    invite(client, world)
    invitation = Invitation.objects.get()
    page = client.get(reverse("accounts:members", args=["maison-familles"])).content.decode()
    assert "nouvelle@example.org" in page
    first_link = link_in(mail.outbox[0])
    resend = reverse("accounts:invitation_resend", args=["maison-familles", invitation.pk])
    cancel = reverse("accounts:invitation_cancel", args=["maison-familles", invitation.pk])
    members = reverse("accounts:members", args=["maison-familles"])
    assert client.post(resend).status_code == 302
    assert len(mail.outbox) == 2
    assert Client().get(first_link).status_code == 404  # the older link stops working
    assert Client().get(link_in(mail.outbox[1])).status_code == 200
    assert client.post(cancel).status_code == 302
    assert Client().get(link_in(mail.outbox[1])).status_code == 404
    assert "nouvelle@example.org" not in client.get(members).content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "caseworker", "outsider_admin"])
def test_only_the_organisations_admins_invite(client, world, persona):
    if persona != "anonymous":
        client.force_login(world[persona])
    url = reverse("accounts:members", args=["maison-familles"])
    response = client.post(url, {"email": "x@example.org", "role": MembershipRole.ADMIN})
    assert response.status_code in (302, 403)
    if persona != "anonymous":
        assert response.status_code == 403
    assert not Invitation.objects.exists() and mail.outbox == []


def test_an_admin_cannot_resend_another_organisations_invitation(client, world):
    invite(client, world)
    invitation = Invitation.objects.get()
    client.force_login(world["outsider_admin"])
    assert client.post(reverse("accounts:invitation_cancel", args=["autre", invitation.pk])).status_code == 404
    assert client.post(reverse("accounts:invitation_cancel",
                               args=["maison-familles", invitation.pk])).status_code == 403
    assert Invitation.objects.pending().exists()
