"""The statistics a coordinator presents, against figures computed by hand.

Four referrals in the 2025–2026 funding year (April to March) and one before it:
  R1 sent 10 April 2025 to the receiver, accepted 10 h later, completed 1 May (successful);
  R2 sent 20 April to the receiver, declined 20 h later;
  R3 sent 5 June to the receiver, accepted 30 h later, completed 20 June (not successful: person unreachable);
  R4 sent 6 June to the third organisation, unanswered;
  R0 sent 1 December 2024 (outside the period).
By hand: 12 months shown (April 2025 … March 2026): April 2, May 0, June 2, the nine others 0, total 4.
Receiver: 3 received, 3 answered, 2 accepted → 2/3 = 67 %; median time to answer median(10, 20, 30 h) = 20 h
= 0.8 days. Third: 1 received, none answered. No step given: 4. Outcomes: 1 successful, 1 person unreachable.
"""

import datetime
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from portal.disclosure import Suppressed
from referrals import statistics
from referrals.models import Outcome, OutcomeReason, Referral, ReferralState
from tests.factories import make_referral


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def funding_year(world):
    unreachable = OutcomeReason.objects.get(slug="person-unreachable")

    def referral(receiver, sent_at, **fields):
        row = make_referral(world.sender_cw, world.sender, receiver)
        Referral.objects.filter(pk=row.pk).update(sent_at=sent_at, due_at=sent_at + timedelta(days=10), **fields)
        return row

    referral(world.receiver, at(2025, 4, 10), state=ReferralState.CLOSED, answered_at=at(2025, 4, 10, 19),
             completed_at=at(2025, 5, 1), outcome_status=Outcome.SUCCESSFUL)
    referral(world.receiver, at(2025, 4, 20), state=ReferralState.DECLINED, answered_at=at(2025, 4, 21, 5))
    referral(world.receiver, at(2025, 6, 5), state=ReferralState.COMPLETED, answered_at=at(2025, 6, 6, 15),
             completed_at=at(2025, 6, 20), outcome_status=Outcome.UNSUCCESSFUL, outcome_reason=unreachable)
    referral(world.third, at(2025, 6, 6))
    referral(world.receiver, at(2024, 12, 1), state=ReferralState.DECLINED, answered_at=at(2024, 12, 2))
    return statistics.period_for("funding-year", today=datetime.date(2025, 11, 15))


def test_presets():
    today = datetime.date(2026, 2, 10)
    assert statistics.period_for("funding-year", today=today) == statistics.Period(
        datetime.date(2025, 4, 1), datetime.date(2026, 3, 31), "funding-year")
    assert statistics.period_for("last-funding-year", today=today).start == datetime.date(2024, 4, 1)
    assert statistics.period_for("this-year", today=today).end == datetime.date(2026, 12, 31)
    last12 = statistics.period_for("last-12-months", today=today)
    assert (last12.start, len(last12.months())) == (datetime.date(2025, 3, 1), 12)


def test_figures_without_the_small_number_rule(funding_year, world, settings):
    settings.DISCLOSURE_MIN_COUNT = 1
    report = statistics.report(Referral.objects.all(), funding_year)
    assert [row.key for row in report.months][:3] == ["2025-04", "2025-05", "2025-06"]
    assert len(report.months) == 12
    assert [row.value for row in report.months] == [2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert report.months_total == 4
    receiver, third = report.receivers
    assert (receiver.name, receiver.sent, receiver.answered, receiver.accepted) == (world.receiver.name, 3, 3, 2)
    assert round(receiver.acceptance_rate, 4) == round(2 / 3, 4)
    assert round(receiver.median_answer_days * 24, 3) == 20
    assert (third.sent, third.answered, third.acceptance_rate, third.median_answer_days) == (1, 0, None, None)
    assert [(row.label, row.value) for row in report.steps] == [("Aucune étape du parcours indiquée", 4)]
    outcomes = {row.key: row.value for row in report.outcomes}
    assert outcomes["successful"] == 1 and outcomes["person-unreachable"] == 1 and outcomes["no-capacity"] == 0
    assert report.outcomes_total == 2


def test_the_small_number_rule_hides_what_could_point_to_a_person(funding_year, world):
    report = statistics.report(Referral.objects.all(), funding_year)  # DISCLOSURE_MIN_COUNT = 3
    values = [row.value for row in report.months]
    assert values[0] == Suppressed(3) and values[2] == Suppressed(3) and values[1] == 0
    assert report.months_total == 4
    receiver, third = report.receivers
    # Third's 1 is hidden, and so is the receiver's 3: otherwise 4 − 3 would give it away.
    assert third.sent == Suppressed(3) and receiver.sent == Suppressed(3)
    # 2 accepted of 3 answered: the 1 declined would be given away by the rate, so no rate is published.
    assert receiver.acceptance_rate is None and third.acceptance_rate is None
    assert round(receiver.median_answer_days * 24) == 20  # a median over 3 answers is enough
    assert report.published["sent"] == 4


def test_page_in_each_language_with_charts_tables_and_formats(client, funding_year, world, settings):
    settings.DISCLOSURE_MIN_COUNT = 1
    world.sender_admin.user_permissions.add(Permission.objects.get(codename="view_referral_statistics"))
    client.force_login(world.sender_admin)
    query = {"preset": "custom", "start": "2025-04-01", "end": "2026-03-31"}
    french = client.get(reverse("referrals:statistics"), query)
    assert french.status_code == 200
    body = french.content.decode()
    assert body.count('<svg class="rf-chart" role="img"') == 5
    assert "67\u00a0%" in body and "0,8\u00a0j" in body
    assert "Aucune étape du parcours indiquée" in body and "<td>—</td>" not in body
    assert "Avril 2025" in body and "Mars 2026" in body  # every month, empty ones included
    with translation.override("en"):
        url = reverse("referrals:statistics")
    english = client.get(url, query).content.decode()
    assert "67%" in english and "67\u00a0%" not in english and "0.8 d" in english
    assert "No pathway step given" in english
    report = client.get(reverse("referrals:statistics-report"), query)
    assert report.status_code == 200 and "rf-printable" in report.content.decode()


def test_csv_follows_the_period_and_the_rule(client, funding_year, world):
    world.sender_admin.user_permissions.add(Permission.objects.get(codename="view_referral_statistics"))
    client.force_login(world.sender_admin)
    csv = client.get(reverse("referrals:statistics-csv"),
                     {"preset": "custom", "start": "2025-04-01", "end": "2026-03-31"}).content.decode()
    lines = csv.splitlines()
    assert lines[0] == "measure,period_start,period_end,month,sender,receiver,step,outcome,value"
    assert "referrals_sent,2025-04-01,2026-03-31,,,,,,4" in lines
    assert "referrals_sent,2025-04-01,2026-03-31,2025-05,,,,,0" in lines
    assert "referrals_sent,2025-04-01,2026-03-31,2025-04,,,,,<3" in lines
    assert "Personne Fictive" not in csv


def test_a_bad_period_is_a_form_error_not_a_500(client, world):
    world.sender_admin.user_permissions.add(Permission.objects.get(codename="view_referral_statistics"))
    client.force_login(world.sender_admin)
    response = client.get(reverse("referrals:statistics"), {"preset": "custom", "start": "2026-05-01",
                                                             "end": "2026-01-01"})
    assert response.status_code == 400
    assert client.get(reverse("referrals:statistics"), {"start": "not-a-date"}).status_code == 400
