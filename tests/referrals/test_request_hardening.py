"""Security review: state changes need a CSRF token with a session (pages and API), and API input is bounded."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from referrals.models import ReferralState


def test_page_actions_refuse_a_post_without_csrf_token(world, sent):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.receiver_intake)
    response = client.post(sent.get_absolute_url() + "accept/", {"accept-note": ""})
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.state == ReferralState.SENT


def test_session_api_refuses_a_post_without_csrf_token(world, sent):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world.receiver_intake)
    response = api.post(f"/api/v1/referrals/{sent.public_id}/accept/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    sent.refresh_from_db()
    assert sent.state == ReferralState.SENT


def test_state_changes_are_post_only(client, world, sent):
    client.force_login(world.receiver_intake)
    assert client.get(sent.get_absolute_url() + "accept/").status_code == 405
    api = APIClient()
    api.force_authenticate(world.receiver_intake)
    assert api.get(f"/api/v1/referrals/{sent.public_id}/accept/").status_code == 405
    assert client.delete("/references/nouvelle/").status_code == 405


def test_api_comment_is_bounded_like_the_page_form(world, sent):
    api = APIClient()
    api.force_authenticate(world.sender_cw)
    response = api.post(f"/api/v1/referrals/{sent.public_id}/comments/", {"body": "x" * 5001}, format="json")
    assert response.status_code == 400 and "body" in response.json()["fields"]
    assert not sent.comments.exists()


def test_statistics_csv_never_carries_a_live_formula(client, world, sent):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    world.sender.name = "=cmd|' /C calc'!A0"  # an organisation admin may rename their organisation
    world.sender.save(update_fields=["name"])
    world.sender_admin.user_permissions.add(Permission.objects.get(codename="view_referral_statistics"))
    client.force_login(world.sender_admin)
    body = client.get(reverse("referrals:statistics-csv")).content.decode()
    assert "'=cmd|" in body
    assert ",=cmd" not in body


def test_a_switched_off_account_cannot_be_assigned(world, sent):
    from referrals import services
    from referrals.services import ReferralError

    world.receiver_cw.is_active = False
    world.receiver_cw.save(update_fields=["is_active"])
    with pytest.raises(ReferralError) as refused:
        services.referral_accept(referral=sent, user=world.receiver_intake, assignee=world.receiver_cw)
    assert refused.value.field == "assignee"
    sent.refresh_from_db()
    assert sent.state == ReferralState.SENT and sent.assigned_to is None
