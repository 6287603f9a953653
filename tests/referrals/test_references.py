"""Each referral gets a human reference R-<year>-<number>: unique, sequential within a year, race-safe."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from referrals.models import ReferenceCounter, Referral
from referrals.references import next_reference
from tests.factories import World, make_referral


def test_references_follow_each_other_within_a_year(world):
    first = make_referral(world.sender_cw, world.sender, world.receiver)
    second = make_referral(world.sender_cw, world.sender, world.receiver)
    year = timezone.localdate().year
    assert first.reference == f"R-{year}-0001" and second.reference == f"R-{year}-0002"
    assert first.short_id == first.reference


def test_each_year_starts_again_at_one(db):
    assert next_reference(timezone.make_aware(datetime.datetime(2025, 12, 31, 12))) == "R-2025-0001"
    assert next_reference(timezone.make_aware(datetime.datetime(2026, 1, 1, 12))) == "R-2026-0001"
    assert next_reference(timezone.make_aware(datetime.datetime(2025, 6, 1, 12))) == "R-2025-0002"


def test_a_redirect_gets_its_own_reference(world, sent):
    from referrals import services
    from tests.factories import consent_data

    new = services.referral_redirect(referral=sent, user=world.receiver_intake, receiver=world.third,
                                     consent=consent_data(world.receiver_intake))
    assert new.reference and new.reference != sent.reference
    event = new.events.get(code="redirected_from")
    assert event.system_text == f"Réorientée depuis la référence {sent.reference}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs one connection per thread and row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_never_share_a_reference():
    world = World()
    barrier = threading.Barrier(4)
    made = []

    def create():
        try:
            barrier.wait(timeout=10)
            made.append(make_referral(world.sender_cw, world.sender, world.receiver, send=False).reference)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(made) == 4 and len(set(made)) == 4
    assert ReferenceCounter.objects.get(year=timezone.localdate().year).last == 4
    assert Referral.objects.count() == 4
