"""The events calendar: upcoming and past lists, the month view and the iCalendar feeds."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.pages import EventPage
from tests.factories import local, make_calendar, make_event, make_home, translate

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def calendar(db):
    home, _ = make_home()
    calendar = make_calendar(home)
    translate(calendar, title="Calendar", slug="calendar")
    return calendar


def test_upcoming_and_past_split_at_now(calendar):
    now = local(2026, 11, 25, 12)
    make_event(calendar, "Table de concertation", start=local(2026, 11, 4, 13, 30), end=local(2026, 11, 4, 16))
    make_event(calendar, "Collecte", start=local(2026, 11, 25), all_day=True)  # today, all day
    make_event(calendar, "Ce matin", start=local(2026, 11, 25, 9), end=local(2026, 11, 25, 10))
    make_event(calendar, "Soirée de jumelage", start=local(2026, 12, 3, 18, 30))
    events = EventPage.objects.child_of(calendar)
    assert [e.title for e in events.upcoming(now).chronological()] == ["Collecte", "Soirée de jumelage"]
    assert sorted(e.title for e in events.past(now)) == ["Ce matin", "Table de concertation"]


def test_calendar_page_lists_upcoming_and_past(client, calendar):
    make_event(calendar, "Il y a longtemps", start=timezone.now() - dt.timedelta(days=30))
    make_event(calendar, "Bientôt", start=timezone.now() + dt.timedelta(days=3))
    html = client.get("/calendrier/").content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert "Bientôt" in upcoming and "Il y a longtemps" not in upcoming
    assert "Il y a longtemps" in past


def test_month_view_shows_the_month_with_links_to_its_neighbours(client, calendar):
    make_event(calendar, "Table de décembre", start=local(2026, 12, 10, 13, 30), end=local(2026, 12, 10, 16))
    make_event(calendar, "Table de janvier", start=local(2027, 1, 14, 13, 30))
    make_event(calendar, "Fin novembre", start=local(2026, 11, 30), end=local(2026, 12, 2), all_day=True)
    response = client.get("/calendrier/?month=2026-12")
    html = response.content.decode()
    assert response.status_code == 200
    assert "décembre 2026" in html
    assert "Table de décembre" in html and "Table de janvier" not in html
    assert "Fin novembre" in html  # spans into December: listed once, on 1 December, with the days it covers
    assert html.count(">Fin novembre</a>") == 1
    assert "A commencé le lundi 30 novembre." in html and "jusqu’au mercredi 2 décembre" in html
    assert 'datetime="2026-12-10"' in html
    assert 'href="/calendrier/?month=2026-11" rel="prev"' in html
    assert 'href="/calendrier/?month=2027-01" rel="next"' in html


def test_month_view_shows_a_multi_day_event_once_with_its_span(client, calendar):
    """A three-day event is one entry under its first day, saying how long it lasts, not three entries."""
    festival = make_event(calendar, "Festival des cultures", start=local(2026, 12, 10), end=local(2026, 12, 12),
                          all_day=True)
    translate(festival, title="Festival of cultures", slug="festival-of-cultures")
    make_event(calendar, "Table", start=local(2026, 12, 11, 13, 30), end=local(2026, 12, 11, 16))
    make_event(calendar, "Fin d’année", start=local(2026, 12, 30, 18), end=local(2027, 1, 2, 12))
    html = client.get("/calendrier/?month=2026-12").content.decode()
    assert html.count(">Festival des cultures</a>") == 1
    assert html.count(">Fin d’année</a>") == 1
    def day(html, iso):
        return html.split(f'class="month-day__date"><time datetime="{iso}"')[1].split('class="month-day"')[0]

    festival = day(html, "2026-12-10")
    assert "Festival des cultures" in festival and "Sur 3 jours, jusqu’au samedi 12 décembre." in festival
    assert "Table" in day(html, "2026-12-11") and "Festival" not in day(html, "2026-12-11")  # listed once
    ending = day(html, "2026-12-30")
    assert "Sur 4 jours" in ending and "Se poursuit le mois prochain." in ending
    english = client.get("/en/calendar/?month=2026-12").content.decode()
    assert english.count(">Festival of cultures</a>") == 1 and "Over 3 days, until Saturday, December 12." in english


def test_month_view_in_english(client, calendar):
    event = make_event(calendar, "Table de décembre", start=local(2026, 12, 10, 13, 30))
    translate(event, title="December meeting", slug="december-meeting")
    html = client.get("/en/calendar/?month=2026-12").content.decode()
    assert "December 2026" in html and "December meeting" in html
    assert 'href="/en/calendar/?month=2027-01" rel="next"' in html


@pytest.mark.parametrize("month", ["2026-13", "december", "2026-1", "0000-01", ""])
def test_month_view_refuses_a_bad_month(client, calendar, month):
    response = client.get("/calendrier/", {"month": month})
    assert response.status_code == 400
    assert "année-mois" in response.content.decode()


def test_whole_calendar_feed_parses_and_carries_the_events(client, calendar):
    make_event(calendar, "Table de concertation", start=local(2026, 12, 10, 13, 30), end=local(2026, 12, 10, 16))
    make_event(calendar, "Collecte de vêtements", start=local(2026, 11, 28), end=local(2026, 11, 30), all_day=True)
    response = client.get("/calendrier/ics/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Table de concertation", "Collecte de vêtements"}
    for event in events.values():
        assert event["UID"] and event["DTSTAMP"]
    meeting = events["Table de concertation"]
    assert meeting["DTSTART"].dt == dt.datetime(2026, 12, 10, 13, 30, tzinfo=TORONTO)
    assert meeting["DTSTART"].params["TZID"] == "America/Toronto"
    assert meeting["DTEND"].dt.astimezone(dt.UTC) == dt.datetime(2026, 12, 10, 21, 0, tzinfo=dt.UTC)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Toronto"]
    clothing = events["Collecte de vêtements"]
    assert clothing["DTSTART"].dt == dt.date(2026, 11, 28)
    assert clothing["DTEND"].dt == dt.date(2026, 12, 1)  # exclusive: the day after the last day


def test_summer_time_is_kept_in_local_wall_clock(client, calendar):
    make_event(calendar, "Fête en juillet", start=local(2027, 7, 1, 18, 0))
    cal = icalendar.Calendar.from_ical(client.get("/calendrier/ics/").content)
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].dt.hour == 18
    assert event["DTSTART"].dt.utcoffset() == dt.timedelta(hours=-4)  # EDT, not EST


def test_event_feed_has_one_event_with_a_uid_shared_by_its_translation(client, calendar):
    event = make_event(calendar, "Soirée de jumelage", slug="soiree-de-jumelage", start=local(2026, 12, 3, 18, 30))
    translate(event, title="Twinning evening", slug="twinning-evening")
    make_event(calendar, "Autre activité", start=local(2026, 12, 4, 18, 30))
    french = icalendar.Calendar.from_ical(client.get("/calendrier/soiree-de-jumelage/ics/").content)
    english = icalendar.Calendar.from_ical(client.get("/en/calendar/twinning-evening/ics/").content)
    (fr_event,) = french.walk("VEVENT")
    (en_event,) = english.walk("VEVENT")
    assert str(fr_event["SUMMARY"]) == "Soirée de jumelage"
    assert str(en_event["SUMMARY"]) == "Twinning evening"
    assert fr_event["UID"] == en_event["UID"]
    assert str(fr_event["URL"]).endswith("/calendrier/soiree-de-jumelage/")
    # The UID survives an edit and a republication.
    event.title = "Soirée de jumelage (nouvelle date)"
    event.save_revision().publish()
    again = icalendar.Calendar.from_ical(client.get("/calendrier/soiree-de-jumelage/ics/").content)
    assert again.walk("VEVENT")[0]["UID"] == fr_event["UID"]


def test_unpublished_events_stay_out_of_lists_and_feeds(client, calendar):
    make_event(calendar, "Brouillon", start=local(2026, 12, 3, 18, 30), publish=False)
    assert "Brouillon" not in client.get("/calendrier/").content.decode()
    assert b"Brouillon" not in client.get("/calendrier/ics/").content


def test_event_page_shows_its_facts(client, calendar):
    make_event(
        calendar, "Soirée de jumelage", slug="soiree-de-jumelage", start=local(2026, 12, 3, 18, 30),
        end=local(2026, 12, 3, 21),
        audience="volunteers",
    )
    html = client.get("/calendrier/soiree-de-jumelage/").content.decode()
    assert "jeudi 3 décembre 2026, 18 h 30" in html
    assert "21 h 30" not in html and "21 h 00" in html
    assert "Bénévoles et citoyens" in html
    assert 'href="/calendrier/soiree-de-jumelage/ics/"' in html


def test_all_day_event_is_normalised_to_local_days(calendar):
    event = EventPage(title="Journée", start=local(2026, 12, 5, 15, 0), end=local(2026, 12, 6, 9), all_day=True)
    event.clean()
    assert event.local_start == local(2026, 12, 5)
    assert event.local_end == local(2026, 12, 6)
    assert event.is_multiday


def test_calendar_queries_do_not_grow_with_events(client, calendar, django_assert_max_num_queries):
    make_event(calendar, "Première", start=timezone.now() + dt.timedelta(days=1))
    make_event(calendar, "Passée", start=timezone.now() - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as few:
        client.get("/calendrier/")
    for number in range(6):
        make_event(calendar, f"Activité {number}", start=timezone.now() + dt.timedelta(days=number - 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/calendrier/").content.decode()
    assert "Activité 5" in html and "Activité 0" in html


def test_home_page_shows_upcoming_events_in_its_language(client, calendar):
    soon = make_event(calendar, "Soirée de jumelage", slug="soiree", start=timezone.now() + dt.timedelta(days=2))
    translate(soon, title="Twinning evening", slug="evening")
    make_event(calendar, "Activité passée", start=timezone.now() - dt.timedelta(days=5))
    french = client.get("/").content.decode().split('id="upcoming-heading"')[1]
    assert "Soirée de jumelage" in french and "Activité passée" not in french
    assert 'href="/calendrier/">Voir tout le calendrier' in french
    english = client.get("/en/").content.decode().split('id="upcoming-heading"')[1]
    assert "Twinning evening" in english and "Soirée de jumelage</a>" not in english


def test_slugs_made_from_a_title_are_ascii(calendar):
    """A page saved without a slug gets one from its title without accents; the code's own slugs transliterate
    what Django's slugify would drop (œ)."""
    from portal.slugs import ascii_slug

    event = make_event(calendar, "Soirée des Fêtes", slug="", start=local(2026, 12, 19, 18))
    assert event.slug == "soiree-des-fetes"
    assert event.url == "/calendrier/soiree-des-fetes/"
    assert ascii_slug("Sœurs du Saint-Rosaire : accueil à l'autobus") == "soeurs-du-saint-rosaire-accueil-a-lautobus"
    assert ascii_slug("—", default="evenement") == "evenement"
    assert ascii_slug("Écoles et centres de services scolaires", max_length=8) == "ecoles-e"


def test_evening_ending_at_midnight_stays_on_its_day(client, calendar):
    make_event(calendar, "Soirée des Fêtes", start=local(2026, 12, 19, 18), end=local(2026, 12, 20, 0))
    html = client.get("/calendrier/?month=2026-12").content.decode()
    assert html.count(">Soirée des Fêtes</a>") == 1
    assert 'datetime="2026-12-20"' not in html


def test_feed_validates_with_one_vtimezone_and_stable_unique_uids(client, calendar):
    """Events in winter and summer, timed and all-day: the feed parses, declares the zone once, and each event
    keeps the same UID from one download to the next (a subscriber's calendar updates rather than duplicates)."""
    make_event(calendar, "Hiver", start=local(2027, 1, 14, 13, 30), end=local(2027, 1, 14, 16))
    make_event(calendar, "Été", start=local(2027, 7, 1, 18, 0))
    make_event(calendar, "Journée", start=local(2027, 3, 10), all_day=True)
    first = icalendar.Calendar.from_ical(client.get("/calendrier/ics/").content)
    second = icalendar.Calendar.from_ical(client.get("/calendrier/ics/").content)
    assert len(first.walk("VTIMEZONE")) == 1
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 3
    assert uids == [str(e["UID"]) for e in second.walk("VEVENT")]
    for event in first.walk("VEVENT"):
        start = event["DTSTART"]
        if isinstance(start.dt, dt.datetime):
            assert start.params["TZID"] == first.walk("VTIMEZONE")[0]["TZID"]
