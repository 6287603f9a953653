"""Statistics: counts, acceptance rate, medians — computed from dates, without any personal data."""

from datetime import timedelta

from referrals import statistics
from referrals.models import Referral, ReferralState
from tests.factories import make_referral


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


def _coordinator(client, world):
    from django.contrib.auth.models import Permission

    world.sender_admin.user_permissions.add(Permission.objects.get(codename="view_referral_statistics"))
    client.force_login(world.sender_admin)


def test_statistics_page_and_csv_hide_pairs_under_the_minimum(client, world, settings):
    """The defect: the statistics showed pairs with fewer than 3 referrals (the network hid them), and the
    total gave a hidden pair away."""
    from django.urls import reverse
    from django.utils import translation

    settings.DISCLOSURE_MIN_COUNT = 3
    for _ in range(5):
        make_referral(world.sender_cw, world.sender, world.receiver)
    make_referral(world.sender_cw, world.sender, world.third)  # one referral: it could point to a person
    _coordinator(client, world)
    with translation.override("fr"):
        html = client.get(reverse("referrals:statistics")).content.decode()
    third_row = next(line for line in html.split("<tr>") if world.third.name in line)
    assert "moins de 3" in third_row and ">1<" not in third_row
    # 6 sent = 5 + 1: with the total and the other pair shown, the hidden one would be 6 - 5.
    receiver_row = next(line for line in html.split("<tr>") if world.receiver.name in line)
    assert ">5<" not in receiver_row
    body = client.get(reverse("referrals:statistics-csv")).content.decode()
    rows = [line.split(",") for line in body.splitlines()]
    # measure, period_start, period_end, month, sender, receiver, step, outcome, value
    pair_values = {row[5]: row[8] for row in rows if row[0] == "referrals_sent" and row[4] and row[5]}
    assert pair_values[world.third.name] == "<3"
    assert pair_values[world.receiver.name] == "<3"
    assert ["referrals_sent", *rows[1][1:3], "", "", "", "", "", "6"] in rows


def test_rates_and_medians_need_enough_referrals(world, settings):
    settings.DISCLOSURE_MIN_COUNT = 3
    referral = make_referral(world.sender_cw, world.sender, world.receiver)
    Referral.objects.filter(pk=referral.pk).update(state=ReferralState.COMPLETED,
                                                   answered_at=referral.sent_at + timedelta(hours=3),
                                                   completed_at=referral.sent_at + timedelta(days=2))
    published = statistics.report(Referral.objects.all(), statistics.period_for("funding-year"))
    assert published.acceptance_rate is None  # 1 of 1 would say what happened to that one person
    assert published.median_answer_days is None and published.median_completion_days is None
    assert str(published.published["sent"]) == "moins de 3"
