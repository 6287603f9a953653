"""Inbox and outbox as cards: what needs action first, tabs by whose move it is with their counts, no personal
data, and the same number of queries whatever the size of the listing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals import services
from referrals.models import Referral
from tests.factories import make_referral


def _order(body, referrals):
    return sorted(referrals, key=lambda referral: body.index(referral.reference))


def test_overdue_first_then_due_soon_then_the_rest(client, world):
    later = make_referral(world.sender_cw, world.sender, world.receiver)
    overdue = make_referral(world.sender_cw, world.sender, world.receiver)
    soon = make_referral(world.sender_cw, world.sender, world.receiver)
    accepted = make_referral(world.sender_cw, world.sender, world.receiver)
    services.referral_accept(referral=accepted, user=world.receiver_intake, assignee=world.receiver_cw)
    now = timezone.now()
    Referral.objects.filter(pk=overdue.pk).update(due_at=now - timedelta(days=2, hours=3))
    Referral.objects.filter(pk=soon.pk).update(due_at=now + timedelta(hours=5))
    Referral.objects.filter(pk=later.pk).update(due_at=now + timedelta(days=9))
    Referral.objects.filter(pk=accepted.pk).update(updated_at=now + timedelta(hours=1))  # most recently changed
    client.force_login(world.receiver_intake)
    body = client.get(reverse("referrals:inbox")).content.decode()
    assert _order(body, [later, overdue, soon, accepted]) == [overdue, soon, later, accepted]
    assert "En retard de 2 jours" in body and "À répondre dans 5 heures" in body
    assert "Personne Fictive" not in body and "418-555" not in body  # opening is what is logged


def test_tabs_count_and_filter_by_whose_move_it_is(client, world):
    waiting = make_referral(world.sender_cw, world.sender, world.receiver)
    mine = make_referral(world.sender_cw, world.sender, world.receiver)
    services.referral_accept(referral=mine, user=world.receiver_intake, assignee=world.receiver_cw)
    colleague = make_referral(world.sender_cw, world.sender, world.receiver)
    services.referral_accept(referral=colleague, user=world.receiver_intake)
    client.force_login(world.receiver_cw)
    url = reverse("referrals:inbox")
    body = client.get(url).content.decode()
    for slug, count in (("to-answer", 1), ("in-progress", 2), ("mine", 1), ("waiting-sender", 0)):
        link = body.split(f"tab={slug}")[1][:200]
        assert f'<span class="rf-count">{count}</span>' in link
    mine_tab = client.get(url, {"tab": "mine"}).content.decode()
    assert mine.reference in mine_tab and colleague.reference not in mine_tab and waiting.reference not in mine_tab
    answer_tab = client.get(url, {"tab": "to-answer"}).content.decode()
    assert waiting.reference in answer_tab and mine.reference not in answer_tab
    assert client.get(url, {"tab": "nonsense"}).status_code == 200


def test_outbox_puts_outcomes_to_acknowledge_first(client, world):
    open_one = make_referral(world.sender_cw, world.sender, world.receiver)
    done = make_referral(world.sender_cw, world.sender, world.receiver)
    services.referral_accept(referral=done, user=world.receiver_intake, assignee=world.receiver_cw)
    services.referral_start(referral=done, user=world.receiver_cw)
    services.referral_complete(referral=done, user=world.receiver_cw, outcome_status="successful")
    Referral.objects.filter(pk=open_one.pk).update(updated_at=timezone.now() + timedelta(hours=1))
    client.force_login(world.sender_cw)
    body = client.get(reverse("referrals:outbox")).content.decode()
    assert _order(body, [open_one, done]) == [done, open_one]
    to_close = client.get(reverse("referrals:outbox"), {"tab": "to-close"}).content.decode()
    assert done.reference in to_close and open_one.reference not in to_close


@pytest.mark.parametrize("box", ["inbox", "outbox"])
def test_listing_query_count_is_the_same_at_two_sizes(client, world, box):
    user = world.receiver_intake if box == "inbox" else world.sender_cw
    url = reverse(f"referrals:{box}")
    client.force_login(user)

    def queries():
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_referral(world.sender_cw, world.sender, world.receiver)
    small = queries()
    for index in range(12):
        referral = make_referral(world.sender_cw, world.sender, world.receiver)
        if index % 3 == 0:
            services.referral_accept(referral=referral, user=world.receiver_intake, assignee=world.receiver_cw)
    assert queries() == small
