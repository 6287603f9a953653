"""Withdraw and decline are secondary buttons behind a confirmation that says what happens; every action's
result is announced in a status message."""

from django.urls import reverse

from referrals.models import ReferralState
from tests.factories import make_referral


def _act(referral, name):
    return reverse("referrals:act", kwargs={"public_id": referral.public_id, "action": name})


def test_withdraw_sits_behind_a_confirmation(client, world, sent):
    client.force_login(world.sender_cw)
    body = client.get(sent.get_absolute_url()).content.decode()
    withdraw = body.split('<details class="rf-danger"')[1].split("</details>")[0]
    assert "Retirer…" in withdraw and "définitif" in withdraw
    assert f'action="{_act(sent, "withdraw")}"' in withdraw
    # Nothing ends the referral outside a confirmation.
    outside = body.replace(withdraw, "")
    assert f'action="{_act(sent, "withdraw")}"' not in outside


def test_decline_needs_its_reason_and_says_what_happens(client, world):
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    client.force_login(world.receiver_intake)
    body = client.get(referral.get_absolute_url()).content.decode()
    decline = body.split('<details class="rf-danger"')[1].split("</details>")[0]
    assert "Refuser met fin à la référence" in decline and "Oui, refuser" in decline
    refused = client.post(_act(referral, "decline"), {"decline-reason": ""})
    assert refused.status_code == 400 and '<details class="rf-danger" open>' in refused.content.decode()


def test_each_result_is_announced(client, world, sent):
    client.force_login(world.receiver_intake)
    response = client.post(_act(sent, "accept"), {}, follow=True)
    body = response.content.decode()
    assert 'role="status"' in body and "Référence acceptée : l&#x27;organisme référent est avisé." in body
    sent.refresh_from_db()
    assert sent.state == ReferralState.ACCEPTED
