"""Retention erases personal data of referrals finished long ago, keeps statistics, logs the erasure."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from referrals import services
from referrals.models import AccessAction, AccessLog, Referral, ReferralPerson, ReferralState
from tests.factories import make_referral


def _finish(world, referral, state, days_ago):
    when = timezone.now() - timedelta(days=days_ago)
    fields = {"closed": {"closed_at": when}, "declined": {"answered_at": when}, "withdrawn": {"withdrawn_at": when},
              "in_progress": {"started_at": when}}[state]
    Referral.objects.filter(pk=referral.pk).update(state=state, **fields)


def test_erases_what_it_should_and_nothing_else(world, settings):
    settings.REFERRAL_RETENTION_DAYS = 365
    old_closed = make_referral(world.sender_cw, world.sender, world.receiver)
    services.referral_comment(referral=old_closed, user=world.sender_cw, body="Nom complet ici")
    old_declined = make_referral(world.sender_cw, world.sender, world.receiver)
    old_withdrawn = make_referral(world.sender_cw, world.sender, world.receiver)
    recent_closed = make_referral(world.sender_cw, world.sender, world.receiver)
    old_but_open = make_referral(world.sender_cw, world.sender, world.receiver)
    _finish(world, old_closed, "closed", 400)
    _finish(world, old_declined, "declined", 400)
    _finish(world, old_withdrawn, "withdrawn", 400)
    _finish(world, recent_closed, "closed", 30)
    _finish(world, old_but_open, "in_progress", 400)
    Referral.objects.filter(pk=old_closed.pk).update(outcome="Détails", reason="Raison")

    out = StringIO()
    call_command("erase_expired_referrals", stdout=out)
    assert "3 referral" in out.getvalue()

    for referral in (old_closed, old_declined, old_withdrawn):
        referral.refresh_from_db()
        assert referral.personal_data_erased_at is not None
        assert not ReferralPerson.objects.filter(referral=referral).exists()
        assert referral.comments.count() == 0 and referral.reason == "" and referral.outcome == ""
        assert not referral.events.exclude(note="").exists()
        # statistics fields stay
        assert referral.sent_at and referral.sender == world.sender and referral.state != ReferralState.DRAFT
        assert AccessLog.objects.filter(referral=referral, action=AccessAction.ERASE).count() == 1
    for referral in (recent_closed, old_but_open):
        referral.refresh_from_db()
        assert referral.personal_data_erased_at is None
        assert ReferralPerson.objects.filter(referral=referral).exists()

    out = StringIO()
    call_command("erase_expired_referrals", stdout=out)  # idempotent
    assert "0 referral" in out.getvalue()
    assert AccessLog.objects.filter(action=AccessAction.ERASE).count() == 3


def test_erased_referral_page_still_shows_the_loop(client, world):
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    _finish(world, referral, "closed", 400)
    call_command("erase_expired_referrals", stdout=StringIO())
    client.force_login(world.sender_cw)
    response = client.get(referral.get_absolute_url())
    assert response.status_code == 200
    assert "Personne Fictive" not in response.content.decode()


def test_erased_referral_in_the_api(world):
    from rest_framework.test import APIClient

    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    _finish(world, referral, "closed", 400)
    call_command("erase_expired_referrals", stdout=StringIO())
    api = APIClient()
    api.force_authenticate(world.receiver_intake)
    data = api.get(f"/api/v1/referrals/{referral.public_id}/").json()
    assert data["person"] is None and data["personal_data_erased_at"] is not None
    assert data["state"] == "closed" and data["sender"] == world.sender.slug
