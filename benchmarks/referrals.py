"""Synthetic referrals for the benchmark: counts between organisations only (no person, no consent rows:
the network layer never reads them). Flows mostly follow partnerships, as real referrals do."""

import datetime

from django.utils import timezone

STATES = [("sent", 10), ("accepted", 15), ("in_progress", 15), ("completed", 35), ("closed", 15), ("declined", 5),
          ("draft", 5)]


def generate_referrals(Referral, *, pk, member_sets, count, rng, bar, batch) -> int:
    states, weights = zip(*STATES, strict=True)
    start = datetime.datetime(2017, 1, 11, tzinfo=datetime.UTC)
    span = int((timezone.now() - start).total_seconds())
    rows = []
    for _ in bar(range(count), desc="Referrals", unit="ref"):
        if rng.random() < 0.9:
            members = rng.choice(member_sets)
            sender, receiver = rng.sample(members, 2)
        else:
            sender, receiver = rng.sample(range(len(pk)), 2)
        state = rng.choices(states, weights)[0]
        sent_at = None if state == "draft" else start + datetime.timedelta(seconds=rng.randrange(span))
        rows.append(Referral(sender_id=pk[sender], receiver_id=pk[receiver], state=state, sent_at=sent_at))
        if len(rows) >= batch:
            Referral.objects.bulk_create(rows)
            rows = []
    if rows:
        Referral.objects.bulk_create(rows)
    return count
