"""The register's figures: the coordinator's dashboard and the home page's public figures.

Computed from the register in a constant number of queries (one per kind of row, never one per household),
in Python from there. Anything shown beyond the register's own users goes through the one small-number
rule (`portal.disclosure`): single counts under the threshold read "fewer than N", breakdowns with their
total are suppressed so that no hidden cell can be recomputed, and series published month after month are
banded (a cumulative count rounded down to a multiple of the threshold) so that comparing two months never
reveals one or two people. Nothing here carries a name: only dates, counts, languages and countries.
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from directory.models import Language, PathwayStep
from portal import disclosure

from .models import BAND_FIELDS, Agreement, ChecklistItem, Country, DepartureReason, Household, StepStatus

SIZE_BUCKETS = ("1", "2", "3", "4", "5", "6+")


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _months(first: date, last: date) -> list[date]:
    months, current = [], _month(first)
    while current <= last:
        months.append(current)
        current = _next_month(current)
    return months


def _size_bucket(size: int) -> str:
    return SIZE_BUCKETS[min(size, 6) - 1] if size > 0 else SIZE_BUCKETS[0]


@dataclass
class MonthRow:
    month: date
    households: object
    persons: object
    departures: object
    persons_left: object
    cumulative: object
    target_pace: float | None = None


@dataclass
class StepRow:
    step: PathwayStep
    eligible: object
    within: object
    done: object
    rate: float | None


@dataclass
class Dashboard:
    public: bool
    days: int
    today: date
    agreement: Agreement | None
    households: object
    persons: object
    present_persons: object
    departures: object
    persons_left: object
    persons_in_agreement: object
    progress: float | None
    months: list[MonthRow] = field(default_factory=list)
    months_total: tuple = ()
    reasons: list = field(default_factory=list)
    reasons_total: object = 0
    sizes: list = field(default_factory=list)
    sizes_total: object = 0
    languages: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    minimum: int = 3

    @property
    def target(self) -> int | None:
        return self.agreement.target_persons if self.agreement else None

    @property
    def remaining(self):
        if self.agreement is None or disclosure.is_suppressed(self.persons_in_agreement):
            return None
        return max(self.target - self.persons_in_agreement, 0)


def current_agreement(today: date | None = None) -> Agreement | None:
    """The public agreement running today, else the latest one."""
    today = today or timezone.localdate()
    agreements = Agreement.objects.filter(is_public=True).select_related("funder", "organization")
    return agreements.filter(start__lte=today, end__gte=today).first() or agreements.first()


def _show(n: int, public: bool, minimum: int):
    return disclosure.count(n, minimum=minimum) if public else n


def _total(n: int, public: bool, minimum: int):
    """A running total republished every day: banded (a multiple of the threshold) for the public, so that
    two days' figures never differ by one or two persons; "fewer than N" while it is small."""
    if not public:
        return n
    return disclosure.count(n, minimum=minimum) if disclosure.is_small(n, minimum) else disclosure.banded(
        n, minimum=minimum)


def compute(*, households=None, public: bool, days: int | None = None, today: date | None = None,
            agreement: Agreement | None = None) -> Dashboard:
    """Every figure of the dashboard. `households` defaults to the whole register (figures carry no
    personal data); `public` applies the small-number rule and describes the register at the end of the
    last whole month, so that published figures change once a month, never day by day."""
    today = today or timezone.localdate()
    if public:
        today = _month(today) - timedelta(days=1)
    days = days or settings.ARRIVALS_STEP_DAYS
    minimum = disclosure.min_count()
    agreement = agreement if agreement is not None else current_agreement(today)
    if households is None:
        households = Household.objects.all()
        if agreement is not None:
            households = households.filter(organization_id=agreement.organization_id)
    scope = households.filter(arrival_date__lte=today)
    rows = [
        (pk, arrived, departed if departed and departed <= today else None, reason if departed and departed <= today
         else "", *bands)
        for pk, arrived, departed, reason, *bands in scope.values_list(
            "pk", "arrival_date", "departure_date", "departure_reason", *BAND_FIELDS)
    ]
    size = {pk: sum(bands) for pk, _a, _d, _r, *bands in rows}
    arrival = {pk: arrived for pk, arrived, *_rest in rows}

    # Months, from the first arrival to `today` (the end of the last whole month for the public).
    by_month = defaultdict(lambda: [0, 0, 0, 0])
    for pk, arrived, departed, _reason, *_bands in rows:
        by_month[_month(arrived)][0] += 1
        by_month[_month(arrived)][1] += size[pk]
        if departed:
            by_month[_month(departed)][2] += 1
            by_month[_month(departed)][3] += size[pk]
    months = _months(min(arrival.values()), today) if rows else []
    persons_total = sum(size.values())
    left_total = sum(size[pk] for pk, _a, departed, *_r in rows if departed)
    in_agreement = (
        sum(size[pk] for pk, arrived, *_r in rows if agreement.start <= arrived <= agreement.end) if agreement else 0
    )

    dashboard = Dashboard(
        public=public, days=days, today=today, agreement=agreement, minimum=minimum,
        households=_total(len(rows), public, minimum),
        persons=_total(persons_total, public, minimum),
        present_persons=_total(persons_total - left_total, public, minimum),
        departures=_total(sum(1 for row in rows if row[2]), public, minimum),
        persons_left=_total(left_total, public, minimum),
        persons_in_agreement=_total(in_agreement, public, minimum),
        progress=None,
    )
    if agreement is not None and not disclosure.is_suppressed(dashboard.persons_in_agreement):
        shown = dashboard.persons_in_agreement
        dashboard.progress = round(100 * shown / agreement.target_persons, 1) if agreement.target_persons else None

    columns = []
    for index in range(4):
        counts = [(month, by_month[month][index]) for month in months]
        if public:
            shown, total = disclosure.suppress_list(counts, minimum=minimum)
            if index in (1, 3):  # persons: hidden wherever their households are, or they would give a family's size
                shown, total = _hide_with(shown, total, hidden=columns[index - 1][0], minimum=minimum)
            columns.append(([value for _m, value in shown], total))
        else:
            columns.append(([value for _m, value in counts], sum(value for _m, value in counts)))
    cumulative = 0
    for index, month in enumerate(months):
        cumulative += by_month[month][1]
        pace = _pace(agreement, month)
        dashboard.months.append(MonthRow(
            month=month,
            households=columns[0][0][index],
            persons=columns[1][0][index],
            departures=columns[2][0][index],
            persons_left=columns[3][0][index],
            cumulative=disclosure.banded(cumulative, minimum=minimum) if public else cumulative,
            target_pace=pace,
        ))
    dashboard.months_total = tuple(column[1] for column in columns)

    reasons = Counter(reason for _pk, _a, departed, reason, *_b in rows if departed)
    reason_counts = [(label, reasons.get(value, 0)) for value, label in DepartureReason.choices]
    sizes = Counter(_size_bucket(value) for value in size.values())
    size_counts = [(bucket, sizes.get(bucket, 0)) for bucket in SIZE_BUCKETS]
    if public:
        dashboard.reasons, dashboard.reasons_total = disclosure.suppress_list(reason_counts, minimum=minimum)
        dashboard.sizes, dashboard.sizes_total = disclosure.suppress_list(size_counts, minimum=minimum)
    else:
        dashboard.reasons, dashboard.reasons_total = reason_counts, sum(n for _l, n in reason_counts)
        dashboard.sizes, dashboard.sizes_total = size_counts, len(rows)

    dashboard.languages = _breakdown(Household.languages.through, "language_id", Language, scope, size, public, minimum)
    dashboard.countries = _breakdown(Household.countries.through, "country_id", Country, scope, size, public, minimum)
    dashboard.steps = _steps(scope, arrival, days, public, minimum, today)
    return dashboard


def _hide_with(shown: list, total, *, hidden: list, minimum: int) -> tuple[list, object]:
    """Persons counted in the same cells as households: a cell whose households are hidden hides its persons
    too (one household's month would otherwise show that family's size). One hidden cell beside a shown
    total could be recomputed from it, so the total is hidden then."""
    shown = [
        (key, disclosure.Suppressed(minimum) if disclosure.is_suppressed(households) and value else value)
        for (key, value), households in zip(shown, hidden, strict=True)
    ]
    if sum(1 for _key, value in shown if disclosure.is_suppressed(value)) == 1:
        total = disclosure.Suppressed(minimum)
    return shown, total


def _pace(agreement: Agreement | None, month: date) -> float | None:
    """The straight line from 0 at the agreement's start to its target at its end, at the end of `month`."""
    if agreement is None:
        return None
    end_of_month = min(_next_month(month), agreement.end)
    if end_of_month <= agreement.start:
        return 0.0
    share = (end_of_month - agreement.start).days / max((agreement.end - agreement.start).days, 1)
    return round(agreement.target_persons * min(share, 1.0), 1)


def _breakdown(through, key: str, model, scope, size, public: bool, minimum: int) -> list[tuple]:
    """[(name, households, persons)] for languages or countries, most households first. A household may
    have several: these counts overlap, so no total is given (and none can be used to recompute a cell)."""
    households, persons = Counter(), Counter()
    links = through.objects.filter(household__in=scope.values("pk")).values_list("household_id", key)
    for household_id, item_id in links:
        households[item_id] += 1
        persons[item_id] += size[household_id]
    names = {item.pk: item.name for item in model.objects.filter(pk__in=list(households))}
    rows = sorted(households, key=lambda item_id: (-households[item_id], names[item_id]))
    return [
        (names[item_id], _show(households[item_id], public, minimum),
         # persons of fewer than N households would give those families' sizes
         disclosure.Suppressed(minimum) if public and disclosure.is_small(households[item_id], minimum)
         else _show(persons[item_id], public, minimum))
        for item_id in rows
    ]


def _steps(scope, arrival, days: int, public: bool, minimum: int, today: date) -> list[StepRow]:
    """For each routine step: households it applies to, done within `days` of arrival, done at all."""
    eligible, within, done = Counter(), Counter(), Counter()
    step_ids = []
    items = ChecklistItem.objects.filter(household__in=scope.values("pk")).values_list(
        "household_id", "step_id", "status", "date")
    for household_id, step_id, status, day in items:
        if step_id not in step_ids:
            step_ids.append(step_id)
        if status == StepStatus.NOT_NEEDED:
            continue
        eligible[step_id] += 1
        if status == StepStatus.DONE and (day is None or day <= today):
            done[step_id] += 1
            if day is not None and (day - arrival[household_id]).days <= days:
                within[step_id] += 1
    steps = PathwayStep.objects.filter(pk__in=step_ids).in_pathway_order()
    rows = []
    for step in steps:
        n, k = eligible[step.pk], within[step.pk]
        rate = round(100 * k / n) if n else None
        if public and (disclosure.is_small(k, minimum) or disclosure.is_small(n - k, minimum)):
            rate = None  # a rate would reveal a small count
        rows.append(StepRow(step=step, eligible=_show(n, public, minimum), within=_show(k, public, minimum),
                            done=_show(done[step.pk], public, minimum), rate=rate))
    return rows


# --- the home page's public figures ------------------------------------------------------------------------

PUBLIC_CACHE_PREFIX = "arrivals:public-figures"


@dataclass
class PublicFigures:
    persons: object
    households: object
    languages: object
    language_names: list
    progress: float | None
    target: int | None
    target_date: date | None
    as_of: date


def public_figures(*, today: date | None = None, refresh: bool = False) -> PublicFigures:
    """The home page's key figures, computed once a day (the cache key holds the date and the language)
    and under the small-number rule. A language is named only when at least the threshold of households
    speak it, so that no name points to one family."""
    today = today or timezone.localdate()
    key = f"{PUBLIC_CACHE_PREFIX}:{today.isoformat()}:{get_language()}"
    if not refresh:
        try:
            cached = cache.get(key)
        except Exception:  # noqa: BLE001 — a cache outage must not take the home page down
            cached = None
        if cached is not None:
            return cached
    dashboard = compute(public=True, today=today)
    minimum = dashboard.minimum
    named = [name for name, households, _p in dashboard.languages
             if not disclosure.is_suppressed(households) and households >= minimum]
    figures = PublicFigures(
        persons=dashboard.persons,
        households=dashboard.households,
        languages=disclosure.count(len(named), minimum=1),
        language_names=named,
        progress=dashboard.progress,
        target=dashboard.target,
        target_date=dashboard.agreement.end if dashboard.agreement else None,
        as_of=dashboard.today,
    )
    with contextlib.suppress(Exception):  # a cache outage: figures computed again next time
        cache.set(key, figures, 26 * 3600)
    return figures
