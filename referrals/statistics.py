"""Referral statistics for coordinators and funders: counts and durations, never personal data.

Each function takes a queryset of referrals (the caller decides which) and aggregates in the database;
medians are computed in Python over durations only, which stays cheap at a welcome city's scale
(thousands of referrals a year).
"""

import statistics as pystats
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth

from portal import disclosure

from .models import ReferralState

ACCEPTED_STATES = (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.COMPLETED, ReferralState.CLOSED)
ANSWERED_STATES = (*ACCEPTED_STATES, ReferralState.DECLINED, ReferralState.REDIRECTED)


@dataclass
class Summary:
    sent: int
    answered: int
    accepted: int
    acceptance_rate: float | None
    median_answer: timedelta | None
    median_completion: timedelta | None
    answer_count: int = 0  # how many durations each median is made of
    completion_count: int = 0

    @property
    def median_answer_days(self) -> float | None:
        return None if self.median_answer is None else self.median_answer.total_seconds() / 86400

    @property
    def median_completion_days(self) -> float | None:
        return None if self.median_completion is None else self.median_completion.total_seconds() / 86400


def _median(deltas) -> timedelta | None:
    deltas = [delta for delta in deltas if delta is not None and delta >= timedelta(0)]
    if not deltas:
        return None
    return timedelta(seconds=pystats.median(delta.total_seconds() for delta in deltas))


def summary(referrals) -> Summary:
    sent = referrals.sent()
    answered = sent.filter(state__in=ANSWERED_STATES, answered_at__isnull=False)
    accepted_count = answered.filter(state__in=ACCEPTED_STATES).count()
    answered_count = answered.count()
    answer_times = [a - s for s, a in answered.values_list("sent_at", "answered_at")]
    completion_times = [
        c - s for s, c in sent.filter(completed_at__isnull=False).values_list("sent_at", "completed_at")
    ]
    return Summary(
        sent=sent.count(),
        answered=answered_count,
        accepted=accepted_count,
        acceptance_rate=(accepted_count / answered_count) if answered_count else None,
        median_answer=_median(answer_times),
        median_completion=_median(completion_times),
        answer_count=len(answer_times),
        completion_count=len(completion_times),
    )


def by_pair(referrals):
    return list(
        referrals.sent()
        .values("sender__name", "receiver__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "sender__name", "receiver__name")
    )


def by_step(referrals):
    rows = (
        referrals.sent()
        .values("pathway_step__name_fr", "pathway_step__name_en", "pathway_step__order")
        .annotate(count=Count("pk"))
        .order_by("pathway_step__order", "pathway_step__name_fr")
    )
    return list(rows)


def by_month(referrals):
    return list(
        referrals.sent().annotate(month=TruncMonth("sent_at")).values("month").annotate(count=Count("pk")).order_by("month")
    )


def by_state(referrals):
    return dict(referrals.sent().values_list("state").annotate(count=Count("pk")).order_by())


@dataclass
class Published:
    """What the statistics page and its CSV show: every count through the small-number rule
    (`portal.disclosure`). Each breakdown (pairs, steps, months) is suppressed together with its total, the
    number of referrals sent, so that no hidden row can be recomputed from the others; a rate or a median is
    shown only when the counts it is made of are large enough."""

    sent: object
    answered: object
    accepted: object
    acceptance_rate: float | None
    median_answer_days: float | None
    median_completion_days: float | None
    pairs: list  # [{"sender__name", "receiver__name", "count"}]
    steps: list  # [{"pathway_step__name_fr", "pathway_step__name_en", "pathway_step__order", "count"}]
    months: list  # [{"month", "count"}]


def _suppressed_rows(rows: list[dict], minimum: int) -> tuple[list[dict], object]:
    published, total = disclosure.suppress_list([(index, row["count"]) for index, row in enumerate(rows)],
                                                minimum=minimum)
    return [{**rows[index], "count": value} for index, value in published], total


def published(referrals) -> Published:
    minimum = disclosure.min_count()
    raw = summary(referrals)
    pairs, total = _suppressed_rows(by_pair(referrals), minimum)
    steps, _total = _suppressed_rows(by_step(referrals), minimum)
    months, _total = _suppressed_rows(by_month(referrals), minimum)
    declined = raw.answered - raw.accepted
    rate_is_safe = (raw.answered >= minimum and not disclosure.is_small(raw.accepted, minimum)
                    and not disclosure.is_small(declined, minimum))
    return Published(
        sent=total,
        answered=disclosure.count(raw.answered, minimum=minimum),
        accepted=disclosure.count(raw.accepted, minimum=minimum),
        acceptance_rate=raw.acceptance_rate if rate_is_safe else None,
        median_answer_days=raw.median_answer_days if raw.answer_count >= minimum else None,
        median_completion_days=raw.median_completion_days if raw.completion_count >= minimum else None,
        pairs=pairs,
        steps=steps,
        months=months,
    )
