"""System texts of a referral's timeline, stored as a code with parameters and worded when read.

A note written by a person stays as typed. A line the system writes ("Assigned to Bruno") is stored as
`code="assigned", params={"name": "Bruno"}`, so that an English reader sees English and a French reader French,
whoever caused it and in whichever language.
"""

from django.db import models
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class EventCode(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    REDIRECTED_FROM = "redirected_from", _("Redirected from")
    OUTCOME = "outcome", _("Outcome")
    FOLLOW_UP_SCHEDULED = "follow_up_scheduled", _("Follow-up scheduled")
    FOLLOW_UP_CANCELLED = "follow_up_cancelled", _("Follow-up cancelled")
    FOLLOW_UP_DONE = "follow_up_done", _("Follow-up done")


TEXTS = {
    EventCode.ASSIGNED: _("Assigned to %(name)s"),
    EventCode.REDIRECTED_FROM: _("Redirected from referral %(reference)s"),
    EventCode.FOLLOW_UP_SCHEDULED: _("Follow-up scheduled for %(date)s"),
    EventCode.FOLLOW_UP_CANCELLED: _("Follow-up cancelled"),
    EventCode.FOLLOW_UP_DONE: _("Follow-up done"),
}


def render(code: str, params: dict) -> str:
    """The system text of an event in the current language ("" for an event without one)."""
    from .outcomes import Outcome, OutcomeReason

    params = dict(params or {})
    if code == EventCode.OUTCOME:
        status = Outcome(params.get("status", Outcome.SUCCESSFUL)).label
        reason = params.get("reason")
        if not reason:
            return str(_("Outcome: %(status)s") % {"status": status})
        row = OutcomeReason.objects.filter(slug=reason).first()
        return str(_("Outcome: %(status)s — %(reason)s") % {"status": status, "reason": row.label if row else reason})
    if code == EventCode.FOLLOW_UP_SCHEDULED and params.get("date"):
        day = parse_date(params["date"])
        params["date"] = date_format(day, "DATE_FORMAT") if day else params["date"]
    text = TEXTS.get(code)
    if text is None:
        return ""
    try:
        return str(text) % params
    except (KeyError, TypeError, ValueError):  # a row written by an older version: say what we can
        return str(EventCode(code).label) if code in EventCode.values else ""
