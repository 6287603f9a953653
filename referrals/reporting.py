"""A statistics report as a coordinator presents it: its charts (SVG) and its CSV rows, in the reader's language.

The figures come from `statistics.report`, already through the small-number rule; nothing here counts.
"""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from portal import disclosure
from portal.numbers import percent

from . import charts
from .statistics import Report


def days(value: float | None) -> str:
    if value is None:
        return "—"
    return _("%(days)s d") % {"days": number_format(value, 1)}


def _period_words(report: Report) -> str:
    return _("from %(start)s to %(end)s") % {"start": date_format(report.period.start, "DATE_FORMAT"),
                                            "end": date_format(report.period.end, "DATE_FORMAT")}


def _value_words(value) -> str:
    return str(value) if disclosure.is_suppressed(value) else number_format(value, 0)


def for_report(report: Report) -> dict[str, str]:
    period = _period_words(report)
    months = [charts.Bar(label=date_format(row.label, "M y" if len(report.months) > 12 else "M"), value=row.value)
              for row in report.months]
    busiest = max(report.months, key=lambda row: charts._numeric(row.value), default=None)
    month_desc = _("%(total)s referrals sent %(period)s.") % {"total": _value_words(report.months_total),
                                                              "period": period}
    if busiest is not None and charts._numeric(busiest.value):
        month_desc += " " + _("Busiest month: %(month)s (%(count)s).") % {
            "month": date_format(busiest.label, "YEAR_MONTH_FORMAT"), "count": _value_words(busiest.value)}
    receivers = report.receivers
    rated = [row for row in receivers if row.acceptance_rate is not None]
    timed = [row for row in receivers if row.median_answer_days is not None]
    return {
        "months": charts.columns(
            months, chart_id="chart-months", title=_("Referrals sent per month"), description=month_desc),
        "acceptance": charts.rows(
            [charts.Bar(label=row.name, value=row.acceptance_rate, shown=percent(row.acceptance_rate))
             for row in rated],
            chart_id="chart-acceptance", title=_("Acceptance rate per receiving organisation"), peak=1,
            description=_("Share of answered referrals that were accepted, %(period)s; organisations with fewer "
                          "than %(n)s answers are not shown.") % {"period": period, "n": report.minimum},
        ) if rated else "",
        "answer_time": charts.rows(
            [charts.Bar(label=row.name, value=row.median_answer_days, shown=days(row.median_answer_days))
             for row in timed],
            chart_id="chart-answer-time", title=_("Median time to answer per receiving organisation"),
            description=_("Median days between sending and the answer, %(period)s; organisations with fewer than "
                          "%(n)s answers are not shown.") % {"period": period, "n": report.minimum},
        ) if timed else "",
        "outcomes": charts.rows(
            [charts.Bar(label=row.label, value=row.value) for row in report.outcomes],
            chart_id="chart-outcomes", title=_("Outcomes of completed referrals"),
            description=_("%(total)s referrals completed %(period)s, by outcome and reason.") % {
                "total": _value_words(report.outcomes_total), "period": period},
        ),
        "steps": charts.rows(
            [charts.Bar(label=row.label, value=row.value) for row in report.steps],
            chart_id="chart-steps", title=_("Referrals per pathway step"),
            description=_("%(total)s referrals sent %(period)s, by pathway step.") % {
                "total": _value_words(report.steps_total), "period": period},
        ) if report.steps else "",
    }


def _cell(value):
    """A CSV cell: a number, or "<3" for a count hidden by the small-number rule (the page's "fewer than 3")."""
    if value is None:
        return ""
    return f"<{value.minimum}" if disclosure.is_suppressed(value) else value


def csv_rows(report: Report):
    """One table, one measure a row: easy to pivot in a spreadsheet. Plain numbers (a dot for decimals)."""
    start, end = report.period.start.isoformat(), report.period.end.isoformat()

    def row(measure, value, *, month="", sender="", receiver="", step="", outcome=""):
        return [measure, start, end, month, sender, receiver, step, outcome, value]

    def ratio(value, digits):
        return "" if value is None else f"{value:.{digits}f}"

    yield ["measure", "period_start", "period_end", "month", "sender", "receiver", "step", "outcome", "value"]
    yield row("referrals_sent", _cell(report.published["sent"]))
    yield row("referrals_answered", _cell(report.published["answered"]))
    yield row("referrals_accepted", _cell(report.published["accepted"]))
    yield row("acceptance_rate", ratio(report.acceptance_rate, 3))
    yield row("median_days_to_answer", ratio(report.median_answer_days, 1))
    yield row("median_days_to_complete", ratio(report.median_completion_days, 1))
    for month in report.months:
        yield row("referrals_sent", _cell(month.value), month=month.key)
    for sender, receiver, value in report.pairs:
        yield row("referrals_sent", _cell(value), sender=sender, receiver=receiver)
    for sender in report.senders:
        yield row("referrals_sent", _cell(sender.value), sender=sender.label)
    for receiver in report.receivers:
        yield row("referrals_received", _cell(receiver.sent), receiver=receiver.name)
        yield row("referrals_accepted", _cell(receiver.accepted), receiver=receiver.name)
        yield row("acceptance_rate", ratio(receiver.acceptance_rate, 3), receiver=receiver.name)
        yield row("median_days_to_answer", ratio(receiver.median_answer_days, 1), receiver=receiver.name)
    for step in report.steps:
        yield row("referrals_sent", _cell(step.value), step=step.label)
    for outcome in report.outcomes:
        yield row("referrals_completed", _cell(outcome.value), outcome=outcome.label)
