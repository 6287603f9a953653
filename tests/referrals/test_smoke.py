from referrals import services
from referrals.models import ReferralState


def test_happy_path(world, sent, client, mailoutbox):
    assert sent.state == ReferralState.SENT
    r = services.referral_accept(referral=sent, user=world.receiver_intake, assignee=world.receiver_cw)
    r = services.referral_start(referral=r, user=world.receiver_cw)
    r = services.referral_complete(referral=r, user=world.receiver_cw, outcome="Évaluation faite.")
    r = services.referral_close(referral=r, user=world.sender_cw)
    assert r.state == ReferralState.CLOSED
    client.force_login(world.receiver_intake)
    resp = client.get(r.get_absolute_url())
    assert resp.status_code == 200, resp.content[:2000]
    resp = client.get("/references/")
    assert resp.status_code == 200
    client.force_login(world.sender_cw)
    resp = client.get("/references/nouvelle/")
    assert resp.status_code == 200
