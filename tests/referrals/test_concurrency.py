"""Two intake workers accept the same referral at the same moment: one wins, the other gets 409."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from referrals.models import ReferralState
from tests.factories import World, make_referral


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks and one connection per thread: SQLite's in-memory test database has neither "
    "(the stale-state test in test_transitions.py covers the same rule on every database)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_gives_one_success_and_one_409():
    world = World()
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    url = f"/api/v1/referrals/{referral.public_id}/accept/"
    barrier = threading.Barrier(2)
    statuses = {}

    def accept(user):
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait(timeout=10)
            statuses[user.username] = client.post(url, {}, format="json").status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (world.receiver_intake,
                                                                          world.receiver_intake2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses.values()) == [200, 409]
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    assert referral.events.filter(to_state=ReferralState.ACCEPTED).count() == 1
