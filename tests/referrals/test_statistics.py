"""Statistics: counts, acceptance rate, medians — computed from dates, without any personal data."""

from datetime import timedelta

from referrals import statistics
from referrals.models import Referral, ReferralState

from .factories import make_referral


def test_summary_and_breakdowns(world):
    accepted = make_referral(world.sender_cw, world.sender, world.receiver)
    declined = make_referral(world.sender_cw, world.sender, world.receiver)
    make_referral(world.sender_cw, world.sender, world.third)  # still unanswered
    make_referral(world.sender_cw, world.sender, world.receiver, send=False)  # a draft never counts
    Referral.objects.filter(pk=accepted.pk).update(
        state=ReferralState.COMPLETED, answered_at=accepted.sent_at + timedelta(hours=10),
        completed_at=accepted.sent_at + timedelta(days=4),
    )
    Referral.objects.filter(pk=declined.pk).update(
        state=ReferralState.DECLINED, answered_at=declined.sent_at + timedelta(hours=20)
    )
    summary = statistics.summary(Referral.objects.all())
    assert (summary.sent, summary.answered, summary.accepted) == (3, 2, 1)
    assert summary.acceptance_rate == 0.5
    assert summary.median_answer == timedelta(hours=15)
    assert summary.median_completion_days == 4
    pairs = {(row["sender__name"], row["receiver__name"]): row["count"]
             for row in statistics.by_pair(Referral.objects.all())}
    assert pairs == {(world.sender.name, world.receiver.name): 2, (world.sender.name, world.third.name): 1}
    assert sum(row["count"] for row in statistics.by_month(Referral.objects.all())) == 3
