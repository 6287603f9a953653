"""Referral statistics for coordinators and funders: counts and durations over a period, never personal data.

Each function takes a queryset of referrals (the caller decides which) and aggregates in the database;
medians are computed in Python over durations only, which stays cheap at a welcome city's scale (thousands of
referrals a year). Everything shown or exported goes through the small-number rule (`portal.disclosure`):
counts of 1 or 2 become "fewer than 3", with enough other cells hidden that no total gives them away, and a
rate or a median is only given over enough answers.
"""

import statistics as pystats
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import disclosure

from .models import Outcome, OutcomeReason, ReferralState

ACCEPTED_STATES = (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.COMPLETED, ReferralState.CLOSED)
ANSWERED_STATES = (*ACCEPTED_STATES, ReferralState.DECLINED, ReferralState.REDIRECTED)


# --- the period --------------------------------------------------------------------------------------------

PRESETS = {
    "funding-year": _("This funding year (April to March)"),
    "last-funding-year": _("Last funding year"),
    "this-year": _("This calendar year"),
    "last-12-months": _("The last 12 months"),
}
DEFAULT_PRESET = "funding-year"


@dataclass(frozen=True)
class Period:
    """Whole days from `start` to `end`, both included, in the platform's time zone."""

    start: date
    end: date
    preset: str = ""

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes, for filtering timestamps."""
        zone = timezone.get_current_timezone()
        return (timezone.make_aware(datetime.combine(self.start, time.min), zone),
                timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone))

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order: each is shown, with 0 if empty."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


def funding_year_start(day: date) -> date:
    """Québec's funding year (MIFI agreements) runs from 1 April to 31 March."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def period_for(preset: str, *, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    if preset == "this-year":
        return Period(date(today.year, 1, 1), date(today.year, 12, 31), preset)
    if preset == "last-funding-year":
        start = funding_year_start(today)
        return Period(date(start.year - 1, 4, 1), date(start.year, 3, 31), preset)
    if preset == "last-12-months":
        # This month and the eleven before it.
        month = today.month - 11
        start = date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        return Period(start, today, preset)
    start = funding_year_start(today)
    return Period(start, date(start.year + 1, 3, 31), DEFAULT_PRESET)


def in_period(referrals, period: Period, *, on: str = "sent_at"):
    low, high = period.bounds
    return referrals.filter(**{f"{on}__gte": low, f"{on}__lt": high})


# --- measures ------------------------------------------------------------------------------------------------


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


def rate_is_safe(answered: int, accepted: int, minimum: int) -> bool:
    """An acceptance rate is published only over enough answers, and only when neither the accepted nor the
    declined count is small: 2 of 3 accepted would say what happened to the one declined person."""
    return (answered >= minimum and not disclosure.is_small(accepted, minimum)
            and not disclosure.is_small(answered - accepted, minimum))


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


# --- the report a coordinator presents -------------------------------------------------------------------


@dataclass
class Row:
    label: str
    value: object  # an int or a disclosure.Suppressed marker
    key: str = ""


@dataclass
class ReceiverRow:
    name: str
    sent: object
    answered: object
    accepted: object
    acceptance_rate: float | None  # None: not given (no answer, or too few to publish)
    median_answer_days: float | None


@dataclass
class Report:
    period: Period
    summary: Summary
    published: dict = field(default_factory=dict)  # the summary's counts through the small-number rule
    months: list[Row] = field(default_factory=list)
    months_total: object = 0
    steps: list[Row] = field(default_factory=list)
    steps_total: object = 0
    receivers: list[ReceiverRow] = field(default_factory=list)
    senders: list[Row] = field(default_factory=list)
    senders_total: object = 0
    pairs: list[tuple[str, str, object]] = field(default_factory=list)  # (sender, receiver, count)
    outcomes: list[Row] = field(default_factory=list)
    outcomes_total: object = 0
    minimum: int = 3

    @property
    def acceptance_rate(self) -> float | None:
        safe = rate_is_safe(self.summary.answered, self.summary.accepted, self.minimum)
        return self.summary.acceptance_rate if safe else None

    @property
    def median_answer_days(self) -> float | None:
        return self.summary.median_answer_days if self.summary.answer_count >= self.minimum else None

    @property
    def median_completion_days(self) -> float | None:
        return self.summary.median_completion_days if self.summary.completion_count >= self.minimum else None


def _month_rows(sent, period: Period):
    counts = {
        timezone.localdate(row["month"]) if isinstance(row["month"], datetime) else row["month"]: row["count"]
        for row in sent.annotate(month=TruncMonth("sent_at")).values("month").annotate(count=Count("pk")).order_by()
    }
    counts = {key.replace(day=1): value for key, value in counts.items()}
    return [(month, counts.get(month, 0)) for month in period.months()]


def _localized(row, prefix):
    from django.utils.translation import get_language

    english = (get_language() or "fr").startswith("en")
    return (row[f"{prefix}_en"] or row[f"{prefix}_fr"]) if english else row[f"{prefix}_fr"]


def report(referrals, period: Period) -> Report:
    """Every figure of the statistics page, the CSV and the printable report, for referrals sent in `period`
    (outcomes: referrals completed in it)."""
    minimum = disclosure.min_count()
    sent = in_period(referrals, period).sent()
    result = Report(period=period, summary=summary(sent), minimum=minimum)
    result.published = {
        "sent": disclosure.count(result.summary.sent),
        "answered": disclosure.count(result.summary.answered),
        "accepted": disclosure.count(result.summary.accepted),
    }

    months, result.months_total = disclosure.suppress_list(_month_rows(sent, period))
    result.months = [Row(label=month, value=value, key=month.strftime("%Y-%m")) for month, value in months]

    step_counts = list(
        sent.values("pathway_step__slug", "pathway_step__name_fr", "pathway_step__name_en", "pathway_step__order")
        .annotate(count=Count("pk"))
        .order_by("pathway_step__order", "pathway_step__name_fr")
    )
    labels = {}
    for row in step_counts:
        key = row["pathway_step__slug"] or ""
        labels[key] = _localized(row, "pathway_step__name") if key else str(_("No pathway step given"))
    steps, result.steps_total = disclosure.suppress_list(
        [(row["pathway_step__slug"] or "", row["count"]) for row in step_counts])
    # Referrals without a step last, named rather than shown as a dash.
    steps.sort(key=lambda item: item[0] == "")
    result.steps = [Row(label=labels[key], value=value, key=key) for key, value in steps]

    result.receivers = _receiver_rows(sent, minimum)
    senders = list(sent.values("sender__name").annotate(count=Count("pk")).order_by("-count", "sender__name"))
    shown, result.senders_total = disclosure.suppress_list([(row["sender__name"], row["count"]) for row in senders])
    result.senders = [Row(label=name, value=value) for name, value in shown]
    pairs = by_pair(sent)
    shown, _total = disclosure.suppress_list([(index, row["count"]) for index, row in enumerate(pairs)])
    result.pairs = [(pairs[index]["sender__name"], pairs[index]["receiver__name"], value) for index, value in shown]

    completed = in_period(referrals, period, on="completed_at").exclude(outcome_status="")
    rows = list(completed.values("outcome_status", "outcome_reason__slug").annotate(count=Count("pk")).order_by())
    successful = sum(row["count"] for row in rows if row["outcome_status"] == Outcome.SUCCESSFUL)
    by_reason = {}
    for row in rows:
        if row["outcome_status"] == Outcome.UNSUCCESSFUL:
            key = row["outcome_reason__slug"] or ""
            by_reason[key] = by_reason.get(key, 0) + row["count"]
    reasons = [reason for reason in OutcomeReason.objects.all() if reason.is_active or reason.slug in by_reason]
    items = [("successful", successful)] + [(reason.slug, by_reason.get(reason.slug, 0)) for reason in reasons]
    if "" in by_reason:
        items.append(("unsuccessful-unknown", by_reason[""]))
    outcome_counts, result.outcomes_total = disclosure.suppress_list(items)
    outcome_labels = {"successful": str(Outcome.SUCCESSFUL.label),
                      "unsuccessful-unknown": str(_("Not successful, reason not given"))}
    outcome_labels.update({reason.slug: str(_("Not successful: %(reason)s") % {"reason": reason.label})
                           for reason in reasons})
    result.outcomes = [Row(label=outcome_labels[key], value=value, key=key) for key, value in outcome_counts]
    return result


def _receiver_rows(sent, minimum: int) -> list[ReceiverRow]:
    answered_filter = Q(state__in=ANSWERED_STATES, answered_at__isnull=False)
    grouped = sent.values("receiver_id", "receiver__name").annotate(
        sent=Count("pk"),
        answered=Count("pk", filter=answered_filter),
        accepted=Count("pk", filter=answered_filter & Q(state__in=ACCEPTED_STATES)),
    ).order_by()
    rows = {row["receiver_id"]: {"name": row["receiver__name"], "sent": row["sent"], "answered": row["answered"],
                                 "accepted": row["accepted"]} for row in grouped}
    times = {}
    answered = sent.filter(state__in=ANSWERED_STATES, answered_at__isnull=False)
    for receiver_id, sent_at, answered_at in answered.values_list("receiver_id", "sent_at", "answered_at"):
        times.setdefault(receiver_id, []).append(answered_at - sent_at)
    ordered = sorted(rows.items(), key=lambda item: (-item[1]["sent"], item[1]["name"]))
    sent_list, _total = disclosure.suppress_list([(pk, entry["sent"]) for pk, entry in ordered])
    shown_sent = dict(sent_list)
    result = []
    for pk, entry in ordered:
        enough = entry["answered"] >= minimum
        median = _median(times.get(pk, [])) if enough else None
        safe = rate_is_safe(entry["answered"], entry["accepted"], minimum)
        result.append(ReceiverRow(
            name=entry["name"],
            sent=shown_sent[pk],
            answered=disclosure.count(entry["answered"]),
            accepted=disclosure.count(entry["accepted"]),
            acceptance_rate=(entry["accepted"] / entry["answered"]) if safe else None,
            median_answer_days=(median.total_seconds() / 86400) if median is not None else None,
        ))
    return result
