"""The partners' calendar: the table meetings and partners-only events a user may see, as a list and as
a private iCalendar feed (never merged into the public feeds of the events calendar)."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from concertation.models import Meeting, PartnerEvent

FEED_PAST_DAYS = 90


@dataclass
class Entry:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    video_url: str
    kind: str
    organization: object
    url: str
    description: str


def _entries(user, since: dt.datetime) -> list[Entry]:
    host = urlsplit(settings.SITE_URL).hostname or "passerelle.localhost"
    entries = [
        Entry(uid=f"meeting-{m.pk}@{host}", title=m.title, starts_at=m.starts_at, ends_at=m.ends_at, place=m.place,
              video_url=m.video_url, kind=_("Table meeting"), organization=m.table, url=m.get_absolute_url(),
              description="\n".join(m.agenda_items()))
        for m in Meeting.objects.visible_to(user).filter(starts_at__gte=since).select_related("table")
    ]
    entries += [
        Entry(uid=f"partner-event-{e.pk}@{host}", title=e.title, starts_at=e.starts_at, ends_at=e.ends_at,
              place=e.place, video_url=e.video_url, kind=e.get_kind_display(), organization=e.organizer, url="",
              description=e.description)
        for e in PartnerEvent.objects.visible_to(user).filter(starts_at__gte=since).select_related("organizer")
    ]
    return sorted(entries, key=lambda entry: entry.starts_at)


def upcoming_entries(user) -> list[Entry]:
    return _entries(user, timezone.now() - dt.timedelta(hours=12))


def feed_response(request, user) -> HttpResponse:
    import icalendar  # 8 MB a worker: loaded by the first feed, not at start-up

    zone = ZoneInfo(settings.TIME_ZONE)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Passerelle//Partners calendar//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Passerelle — partners"))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    days = []
    now = timezone.now()
    for entry in _entries(user, now - dt.timedelta(days=FEED_PAST_DAYS)):
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("summary", f"{entry.title} ({entry.organization.short_name})")
        event.add("dtstart", entry.starts_at.astimezone(zone))
        if entry.ends_at:
            event.add("dtend", entry.ends_at.astimezone(zone))
        if entry.place or entry.video_url:
            event.add("location", entry.place or entry.video_url)
        text = "\n\n".join(part for part in (entry.kind, entry.description, entry.video_url) if part)
        event.add("description", text)
        if entry.url:
            event.add("url", request.build_absolute_uri(entry.url))
        event.add("class", "PRIVATE")
        cal.add_component(event)
        days.append(entry.starts_at.date())
    if days:
        cal.add_missing_timezones(first_date=min(days) - dt.timedelta(days=366),
                                  last_date=max(days) + dt.timedelta(days=366))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="passerelle-partenaires.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
