"""The workspace's inbox and outbox: tabs that say whose move it is, and an order that puts first what needs
action (overdue, due soon, nobody assigned), then the rest by due date and last change.

An unfiltered page reads every tab's count and its ids in one statement (`page_ids_with_counts`); a filtered
one counts in one aggregate query (`tab_counts`) and chooses its ids apart; then the page's rows with their
joins (`ReferralQuerySet.window`), so a listing costs the same number of queries at any size. The cards are
prepared as plain strings (`cards`) and written as HTML by `cards_html`.
"""

import functools
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Q, Value, When, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from .models import ReferralState, Urgency

S = ReferralState
OPEN_STATES = (S.SENT, S.ACCEPTED, S.IN_PROGRESS)
DUE_SOON = timedelta(hours=48)


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str

    def condition(self, user, today) -> Q:
        return TAB_CONDITIONS[self.slug](user, today)


TAB_CONDITIONS = {
    "to-answer": lambda user, today: Q(state=S.SENT),
    "in-progress": lambda user, today: Q(state__in=(S.ACCEPTED, S.IN_PROGRESS)),
    "mine": lambda user, today: Q(state__in=(S.ACCEPTED, S.IN_PROGRESS), assigned_to=user),
    "waiting-sender": lambda user, today: Q(state=S.COMPLETED),
    "to-close": lambda user, today: Q(state__in=(S.COMPLETED, S.DRAFT)),
    "waiting-receiver": lambda user, today: Q(state__in=OPEN_STATES),
    "follow-ups": lambda user, today: Q(follow_up_on__lte=today, follow_up_done_at__isnull=True),
    "all": lambda user, today: Q(),
}

INBOX_TABS = [
    Tab("to-answer", _("To answer")),
    Tab("in-progress", _("In progress")),
    Tab("mine", _("Assigned to me")),
    Tab("waiting-sender", _("Waiting on the sender")),
    Tab("all", _("All")),
]
OUTBOX_TABS = [
    Tab("to-close", _("To close or send")),
    Tab("waiting-receiver", _("Waiting on the receiver")),
    Tab("follow-ups", _("Follow-ups due")),
    Tab("all", _("All")),
]


def tabs_for(box: str) -> list[Tab]:
    return INBOX_TABS if box == "inbox" else OUTBOX_TABS


def tab_counts(referrals, tabs, *, user, today) -> dict[str, int]:
    """{tab slug: count} in one query (the "all" tab is not counted: nobody needs that number)."""
    counted = [tab for tab in tabs if tab.slug != "all"]
    if not counted:
        return {}
    totals = referrals.order_by().aggregate(
        **{f"n{index}": Count("pk", filter=tab.condition(user, today)) for index, tab in enumerate(counted)}
    )
    return {tab.slug: totals[f"n{index}"] for index, tab in enumerate(counted)}


def page_ids_with_counts(referrals, tabs, tab, *, user, today, start: int, stop: int, box: str):
    """Ids `start:stop` of a tab's listing (in `by_urgency_of_action`'s order) and every tab's count, in one
    statement: the counts are window aggregates over the whole box, and the chosen tab's rows are sorted first.
    As two statements (`tab_counts`, then the page's ids), PostgreSQL joined the box's referrals to the user's
    permission rows twice: about 3 ms each for the busiest receiver at province size, 3 ms together.

    `referrals` is the box (visibility and organisation applied, no tab, no filter). Returns (ids, counts), or
    None when no row came back past the first page (no row carries the counts: count the usual way)."""
    counted = [item for item in tabs if item.slug != "all"]
    names = [f"n{index}" for index in range(len(counted))]
    condition = tab.condition(user, today)
    in_tab = Case(When(condition, then=Value(1)), default=Value(0)) if condition else Value(1)
    windows = {name: Window(Count("pk", filter=item.condition(user, today)))
               for name, item in zip(names, counted, strict=True)}
    listed = referrals.annotate(**windows, in_tab=in_tab)
    listed = by_urgency_of_action(listed, box=box, today=today)
    listed = listed.order_by("-in_tab", *listed.query.order_by)
    rows = list(listed.values_list("pk", "in_tab", *names)[start:stop])
    if not rows and start > 0:
        return None
    counts = {item.slug: (rows[0][2 + index] if rows else 0) for index, item in enumerate(counted)}
    return [row[0] for row in rows if row[1]], counts


def by_urgency_of_action(referrals, *, box: str, today, now=None):
    """Overdue first, then due within 48 hours, then nobody assigned (or, for the sender, a follow-up due or an
    outcome to acknowledge), then the rest open, then the finished; within each, the earliest due first."""
    now = now or timezone.now()
    if box == "inbox":
        priority = Case(
            When(state=S.SENT, due_at__lt=now, then=Value(0)),
            When(state=S.SENT, due_at__lt=now + DUE_SOON, then=Value(1)),
            When(state=S.SENT, then=Value(2)),
            When(state__in=(S.ACCEPTED, S.IN_PROGRESS), assigned_to__isnull=True, then=Value(2)),
            When(state__in=(S.ACCEPTED, S.IN_PROGRESS), then=Value(3)),
            When(state=S.COMPLETED, then=Value(4)),
            default=Value(5),
            output_field=IntegerField(),
        )
    else:
        priority = Case(
            When(state=S.COMPLETED, then=Value(0)),
            When(follow_up_on__lte=today, follow_up_done_at__isnull=True, then=Value(0)),
            When(state=S.DRAFT, then=Value(1)),
            When(state=S.SENT, due_at__lt=now, then=Value(2)),
            When(state__in=OPEN_STATES, then=Value(3)),
            default=Value(5),
            output_field=IntegerField(),
        )
    return referrals.annotate(action_rank=priority).order_by("action_rank", "due_at", "-updated_at", "-pk")


def due_words(referral, now=None) -> str:
    """"Overdue by 2 days", "Due in 5 hours"… for an unanswered referral; "" otherwise."""
    if referral.state != S.SENT or referral.due_at is None:
        return ""
    now = now or timezone.now()
    delta = referral.due_at - now
    late = delta.total_seconds() < 0
    seconds = abs(delta.total_seconds())
    if seconds >= 86400:
        days = round(seconds / 86400)
        if late:
            return ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", days) % {"n": days}
        return ngettext("Due in %(n)d day", "Due in %(n)d days", days) % {"n": days}
    hours = max(1, round(seconds / 3600))
    if late:
        return ngettext("Overdue by %(n)d hour", "Overdue by %(n)d hours", hours) % {"n": hours}
    return ngettext("Due in %(n)d hour", "Due in %(n)d hours", hours) % {"n": hours}


@functools.lru_cache(maxsize=4096)
def _day_text(language: str, date_format: str, day) -> str:
    """A date's text in a language's short format, kept in the process: Django's DateFormat parses the format
    and translates the month's name each time (25 dates cost 1.4 ms a listing), and the text of a day never
    changes. The language is in the key: the month's name is translated."""
    return DateFormat(day).format(date_format)


def cards(rows, *, box: str, now=None, due=True) -> list[dict]:
    """What each card of a listing prints, as plain strings (written by `cards_html`).

    Prepared here rather than looked up in the template: the template engine resolving a model's
    properties, choice labels, translated names and dates, and a URL reverse, for each of 25 cards cost
    more CPU than the rest of the inbox. Labels come from one dictionary per request, the referral's URL
    from one reverse, dates from one format lookup. `rows` may carry `needs_action` and `due_words` (the
    listing sets them); without `due`, no answer date is shown (the search results)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    states = {value: str(label) for value, label in S.choices}
    urgencies = {value: str(label) for value, label in Urgency.choices}
    short_date = get_format("SHORT_DATE_FORMAT")
    sentinel = "00000000-0000-0000-0000-000000000000"
    url_pattern = reverse("referrals:detail", kwargs={"public_id": sentinel})

    language = get_language()

    def day_text(day):
        return _day_text(language, short_date, day)

    def moment(value):
        local = timezone.localtime(value)
        return {"iso": local.isoformat(), "text": day_text(local.date())}

    result = []
    for referral in rows:
        overdue = referral.state == S.SENT and referral.due_at is not None and referral.due_at < now
        assigned = referral.assigned_to
        due_words = getattr(referral, "due_words", "") if due else ""
        follow_up = None
        if referral.follow_up_on and not referral.follow_up_done_at:
            follow_up = {"iso": referral.follow_up_on.isoformat(),
                         "text": day_text(referral.follow_up_on),
                         "due": referral.follow_up_on <= today}
        result.append({
            "url": url_pattern.replace(sentinel, str(referral.public_id)),
            "short_id": referral.short_id,
            "state": referral.state,
            "state_label": states.get(referral.state, referral.state),
            "urgency": referral.urgency,
            "urgency_label": urgencies.get(referral.urgency, referral.urgency),
            "needs_action": getattr(referral, "needs_action", False),
            "step": referral.pathway_step.name if referral.pathway_step_id else "",
            "sender": referral.sender.short_name if box != "outbox" else "",
            "receiver": referral.receiver.short_name if box != "inbox" else "",
            "overdue": overdue,
            "sent": moment(referral.sent_at) if referral.sent_at else None,
            "due": moment(referral.due_at) if due_words else None,
            "due_words": due_words,
            "assignee": (assigned.get_full_name() or assigned.username) if assigned else "",
            "follow_up": follow_up,
        })
    return result


def cards_html(cards: list[dict], *, box: str, caption: str) -> SafeString:
    """The cards of a listing as HTML: one `<li>` per card, what `cards` prepared, every value escaped.

    Written here rather than in a template, as the filter form's widgets are (`widgets.py`): the template
    engine spent about a tenth of the inbox's CPU resolving 25 cards' variables and translating "from …" once
    per card. Labels are translated once per listing; the elements, classes and texts are the ones the
    stylesheet and the tests know (`rf-cardlet`, `rf-badge--action`…). Never the person: only what `cards`
    holds."""
    if not cards:
        return mark_safe(f'<p class="rf-empty">{escape(gettext("No referral."))}</p>')  # noqa: S308 — escaped
    your_action, no_step = escape(gettext("Your action")), escape(gettext("No pathway step given"))
    answer_due, assigned_caseworker = escape(gettext("Answer due")), escape(gettext("Assigned caseworker"))
    nobody, follow_up_label = escape(gettext("Nobody")), escape(gettext("Follow-up"))
    follow_up_due = escape(pgettext("follow-up", "due"))
    # Two literal calls: makemessages extracts literals only.
    date_label = escape(pgettext("referral date", "Sent") if box == "outbox" else pgettext("referral date", "Received"))
    parts = [f'<ol class="rf-cards" aria-label="{escape(caption)}">']
    for card in cards:
        overdue = card["overdue"]
        head = [f'<a class="rf-cardlet__ref" href="{escape(card["url"])}">{escape(card["short_id"])}</a>',
                f'<span class="rf-badge rf-badge--state">{escape(card["state_label"])}</span>']
        if card["urgency"] != "routine":
            head.append(f'<span class="rf-urgency rf-urgency--{escape(card["urgency"])}">'
                        f'{escape(card["urgency_label"])}</span>')
        if card["needs_action"]:
            head.append(f'<span class="rf-badge rf-badge--action">{your_action}</span>')
        if box == "outbox":
            party = gettext("to %(name)s") % {"name": card["receiver"]}
        elif box == "inbox":
            party = gettext("from %(name)s") % {"name": card["sender"]}
        else:
            party = f"{card['sender']} → {card['receiver']}"
        facts = []
        if card["sent"]:
            facts.append(f'<div><dt>{date_label}</dt><dd><time datetime="{escape(card["sent"]["iso"])}">'
                         f'{escape(card["sent"]["text"])}</time></dd></div>')
        if card["due"]:
            words = escape(card["due_words"])
            facts.append(f'<div><dt>{answer_due}</dt><dd><time datetime="{escape(card["due"]["iso"])}">'
                         f'{escape(card["due"]["text"])}</time> — '
                         + (f'<strong class="rf-overdue">{words}</strong>' if overdue else words) + "</dd></div>")
        if box == "inbox" and card["state"] in (S.ACCEPTED, S.IN_PROGRESS):
            assignee = escape(card["assignee"]) if card["assignee"] else f"<strong>{nobody}</strong>"
            facts.append(f"<div><dt>{assigned_caseworker}</dt><dd>{assignee}</dd></div>")
        if card["follow_up"]:
            follow_up = card["follow_up"]
            facts.append(f'<div><dt>{follow_up_label}</dt><dd><time datetime="{escape(follow_up["iso"])}">'
                         f'{escape(follow_up["text"])}</time>'
                         + (f" — <strong>{follow_up_due}</strong>" if follow_up["due"] else "") + "</dd></div>")
        parts.append(
            f'<li class="rf-cardlet{" rf-cardlet--overdue" if overdue else ""}">'
            f'<p class="rf-cardlet__head">{" ".join(head)}</p>'
            f'<p class="rf-cardlet__what">{escape(card["step"]) if card["step"] else no_step} · {escape(party)}</p>'
            f'<dl class="rf-cardlet__facts">{"".join(facts)}</dl></li>'
        )
    parts.append("</ol>")
    return mark_safe("\n".join(parts))  # noqa: S308 — every value above is escaped
