"""iCalendar (RFC 5545) feeds of the events calendar, built with the `icalendar` library.

Timed events carry their local wall-clock time with `TZID=America/Toronto` and the matching VTIMEZONE,
so a subscriber's calendar shows 18 h 30 in Rimouski whatever the daylight-saving rules of the day.
All-day events are plain dates with an exclusive DTEND (the day after the last day), as RFC 5545 wants.
"""

import datetime as dt
from html import unescape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    import icalendar

CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(event) -> str:
    """Stable across edits and shared by an event's translations: the same event in both feeds."""
    host = urlsplit(settings.SITE_URL).hostname or "passerelle.localhost"
    return f"event-{event.translation_key}@{host}"


def plain_text(html: str) -> str:
    return unescape(strip_tags(html.replace("</p>", "</p>\n"))).strip()


def build_event(event, request=None) -> "icalendar.Event":
    import icalendar  # 8 MB a worker: loaded by the first feed, not at start-up

    zone = ZoneInfo(settings.TIME_ZONE)
    ical_event = icalendar.Event()
    ical_event.add("uid", event_uid(event))
    stamp = event.last_published_at or event.latest_revision_created_at or timezone.now()
    ical_event.add("dtstamp", stamp.astimezone(dt.UTC))
    ical_event.add("last-modified", stamp.astimezone(dt.UTC))
    ical_event.add("summary", event.title)
    if event.all_day:
        ical_event.add("dtstart", event.local_start.date())
        ical_event.add("dtend", event.local_finish.date() + dt.timedelta(days=1))
    else:
        ical_event.add("dtstart", event.start.astimezone(zone))
        if event.end:
            ical_event.add("dtend", event.end.astimezone(zone))
    organizer_line = _("Organised by %(name)s") % {"name": event.organizer.display_name} if event.organizer_id else ""
    parts = (event.summary, plain_text(event.description or ""), organizer_line)
    description = "\n\n".join(part for part in parts if part)
    if description:
        ical_event.add("description", description)
    if event.place:
        ical_event.add("location", event.place)
    # The address the visitor used (the Site's hostname may be a placeholder such as localhost:80).
    path = event.get_url(request)
    url = request.build_absolute_uri(path) if request is not None and path else event.get_full_url(request)
    if url:
        ical_event.add("url", url)
    organizer = event.organizer if event.organizer_id else None
    if organizer is not None and organizer.email:
        # ORGANIZER is a mail address by definition (RFC 5545 §3.8.4.3); without one, the name is in DESCRIPTION.
        address = icalendar.vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = icalendar.vText(organizer.display_name)
        ical_event.add("organizer", address)
    return ical_event


def build_calendar(events, *, name: str, request=None) -> "icalendar.Calendar":
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Passerelle//Events calendar//" + (get_language() or settings.LANGUAGE_CODE).upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    days = []
    for event in events:
        cal.add_component(build_event(event, request))
        days += [event.local_start.date(), event.local_finish.date()]
    if days:
        # VTIMEZONE only for the years the events span: the default range would add decades of transitions.
        cal.add_missing_timezones(
            first_date=min(days) - dt.timedelta(days=366), last_date=max(days) + dt.timedelta(days=366)
        )
    return cal


def calendar_response(request, events, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(build_calendar(events, name=name, request=request).to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
