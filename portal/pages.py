"""The public site's Wagtail page types: the home and plain pages, the activity calendar, winning practices.

Registered by `PortalConfig.ready()` once the models are loaded, like every app's `pages.py`: the plain
models (`portal/models.py`) never import this module.

The activity calendar is the one the partners asked for ("gestion d'un calendrier d'activités"). Times are
stored in UTC (USE_TZ) and shown in the site's time zone (America/Toronto). An all-day event is stored from
local midnight of its first day to local midnight of its last day, so the same comparisons work for every
event.
"""

import calendar
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.blocks import RICH_TEXT_FEATURES, BodyBlock
from portal.ical import calendar_response
from portal.models import PracticeTheme
from portal.page_base import SitePage
from portal.page_cache import cached_part, public


def entry_points(home: Page):
    """The pages a visitor starts from: a home page's live, public children shown in menus (the home page's
    cards and the main menu, which has the home page as a plain `Page`)."""
    return public(home.get_children().live()).in_menu()


class HomePage(SitePage):
    """The welcome city's front door: who it welcomes, key figures, and the ways in.

    Every language has its own home page at the top of the tree (the French original at `/`, its English
    translation at `/en/`). Its children shown in menus are the site's entry points: the menu and the home
    page's cards are built from them, whatever app they come from.

    `subpage_types` is left open on purpose: other apps (the directory, the network) add their entry-point
    pages by declaring `parent_page_types = ["portal.HomePage"]`, and the portal must not import their models
    to list them here. Wagtail still enforces each child's own `parent_page_types`.
    """

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def entry_points(self):
        """The pages a visitor starts from: this home page's live, public children shown in menus."""
        return entry_points(self)

    def upcoming_events(self, limit: int = 3):
        return (public(EventPage.objects.live()).filter(locale_id=self.locale_id).upcoming()
                .chronological()[:limit])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # a draft: its own links and events, nothing cached
            ways = self._ways_in(request)
            events = _upcoming_entry(request, self)[1]
        else:
            host = request.get_host()
            ways = cached_part("home-ways", (self.pk, get_language(), host),
                               lambda: self._ways_in(request))
            events = self._cached_upcoming(request, host)
        context.update(ways)
        context["upcoming_html"] = mark_safe(events)  # noqa: S308 — our template, rendered above
        return context

    def _ways_in(self, request) -> dict:
        """The cards (the entry points' titles, addresses and descriptions) and the calendar's address."""
        cards = [{"title": page.title, "url": url, "search_description": page.search_description}
                 for page in self.entry_points() if (url := page.get_url(request))]
        calendar = self.calendar_page()
        return {"entry_points": cards, "calendar_url": (calendar.get_url(request) or "") if calendar else ""}

    def _cached_upcoming(self, request, host: str) -> str:
        """The upcoming events' list, rendered once per content version and language, and again as soon as
        one of the events shown is over (time alone changes this list: any other change is a write that
        replaces the content version)."""
        stored = cached_part("home-upcoming", (self.pk, get_language(), host),
                             lambda: _upcoming_entry(request, self), fresh=still_right(timezone.now()))
        return stored[1]

    def calendar_page(self):
        return public(EventIndexPage.objects.child_of(self).live()).first()


def valid_until(upcoming_events) -> dt.datetime | None:
    """The first moment one of these upcoming events is no longer upcoming (an all-day event at local midnight
    after its last day), None for no event: until then, a list made of them stays right."""
    ends = [local_midnight(timezone.localdate(event.finish) + dt.timedelta(days=1)) if event.all_day
            else event.finish + dt.timedelta(microseconds=1) for event in upcoming_events]
    return min(ends) if ends else None


def still_right(now):
    """For `cached_part(fresh=…)`: a (valid until, …) entry is right until its moment has come."""
    return lambda entry: entry[0] is None or entry[0] > now


def _upcoming_entry(request, home) -> tuple:
    """(when the list stops being right, its HTML)."""
    events = list(home.upcoming_events())
    return (valid_until(events), render_upcoming(request, events))


def render_upcoming(request, events) -> str:
    if not events:
        return ""
    return render_to_string("portal/includes/upcoming_events.html", {"upcoming_events": events}, request=request)


class StandardPage(SitePage):
    """A plain content page ("La ville", "Notre démarche") composed from the site's blocks."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences under the title."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


# The activity calendar


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    NEWCOMERS = "newcomers", _("Newcomers")
    PARTNERS = "partners", _("Partner organisations")
    VOLUNTEERS = "volunteers", _("Volunteers and citizens")


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def month_bounds(first_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local midnight of the month's first day and of the next month's first day."""
    last = calendar.monthrange(first_day.year, first_day.month)[1]
    return local_midnight(first_day), local_midnight(first_day.replace(day=last) + dt.timedelta(days=1))


class EventPageQuerySet(PageQuerySet):
    def with_finish(self):
        """`finish`: when the event ends (its start when it has no end)."""
        return self.annotate(finish=Coalesce("end", "start"))

    def upcoming(self, now: dt.datetime | None = None):
        """Events not over yet; an all-day event stays upcoming for the whole of its last day."""
        now = now or timezone.now()
        today = local_midnight(timezone.localdate(now))
        return self.with_finish().filter(Q(all_day=False, finish__gte=now) | Q(all_day=True, finish__gte=today))

    def past(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        today = local_midnight(timezone.localdate(now))
        return self.with_finish().filter(Q(all_day=False, finish__lt=now) | Q(all_day=True, finish__lt=today))

    def in_month(self, first_day: dt.date):
        """Events that overlap the month starting on `first_day` (local time)."""
        start, end = month_bounds(first_day)
        return self.with_finish().filter(start__lt=end, finish__gte=start)

    def chronological(self):
        return self.order_by("start", "title")


def parse_month(value: str) -> dt.date:
    """`2026-12` → 1 December 2026. Raises ValueError on anything else (years 1900–2999)."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first_day = dt.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValueError(value) from None
    if not (1900 <= year <= 2999) or len(value) != 7:
        raise ValueError(value)
    return first_day


def shift_month(first_day: dt.date, months: int) -> dt.date:
    index = first_day.year * 12 + first_day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class EventIndexPage(RoutablePageMixin, SitePage):
    """The activity calendar: upcoming and past events, a month view, and an iCalendar feed to subscribe to."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.EventPage"]
    max_count_per_parent = 1

    past_events_shown = 10

    class Meta:
        verbose_name = _("events calendar")

    def events(self):
        return public(EventPage.objects.child_of(self).live()).select_related("organizer")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming_events"] = self.events().upcoming(now).chronological()
        context["past_events"] = self.events().past(now).order_by("-start")[: self.past_events_shown]
        context["this_month"] = timezone.localdate(now).replace(day=1)
        # Called by the index's template only (the index and its month error; the month view never renders the lists).
        context["event_lists"] = lambda: mark_safe(self._event_lists(request, context, now))  # noqa: S308
        return context

    def _event_lists(self, request, context, now) -> str:
        """The upcoming and past events, rendered once per content version and language and again as soon
        as an upcoming event is over (it then moves to the past ones); a preview renders them afresh."""
        def build():
            upcoming = list(context["upcoming_events"])
            html = render_to_string("portal/includes/event_lists.html",
                                    {"upcoming_events": upcoming, "past_events": context["past_events"]},
                                    request=request)
            return (valid_until(upcoming), html)

        if getattr(request, "is_preview", False):
            return build()[1]
        stored = cached_part("event-lists", (self.pk, get_language(), request.get_host()), build,
                             fresh=still_right(now))
        return stored[1]

    @path("", name="index")
    def index_view(self, request):
        raw_month = request.GET.get("month")
        if raw_month is None:
            return self.render(request)
        try:
            first_day = parse_month(raw_month)
        except ValueError:
            response = self.render(
                request,
                context_overrides={"month_error": _("The month must be written as year-month, e.g. 2026-12.")},
            )
            response.status_code = 400
            return response
        return self.render(
            request,
            template="portal/event_index_page_month.html",
            context_overrides=self.month_context(first_day),
        )

    def month_context(self, first_day: dt.date) -> dict:
        """The month's events grouped by local day. An event spanning several days is listed once, on its first
        day in the month, with the days it covers (`until`, and `since` when it began the month before):
        repeating it on every day made a three-day event three entries for a screen reader and a reader alike."""
        events = list(self.events().in_month(first_day).chronological())
        last_of_month = (month_bounds(first_day)[1] - dt.timedelta(days=1)).date()
        days: dict[dt.date, list] = {}
        for event in events:
            start = event.local_start.date()
            day = max(start, first_day)
            last = event.last_day
            days.setdefault(day, []).append({
                "event": event,
                "since": start if start < day else None,
                "until": last if last > day else None,
                "continues": last > last_of_month,
                "day_count": (last - start).days + 1,
            })
        return {
            "month": first_day,
            "previous_month": shift_month(first_day, -1),
            "next_month": shift_month(first_day, 1),
            "days": sorted(days.items()),
        }

    @path("ics/", name="ics")
    def calendar_ics(self, request):
        return calendar_response(request, self.events().chronological(), name=self.title, filename="calendar.ics")


class EventPage(RoutablePageMixin, SitePage):
    """One activity: a Table de concertation meeting, a TCRI training, a twinning evening…"""

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("The times are ignored: the event lasts from its first to its last day."),
    )
    place = models.CharField(_("place"), max_length=200, help_text=_("Where it happens: a room, an address."))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    organizer = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organiser"),
    )
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists and calendars."))
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")], heading=_("When")
        ),
        FieldPanel("place"),
        FieldPanel("audience"),
        FieldPanel("organizer"),
        FieldPanel("summary"),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("start"),
    ]

    parent_page_types = ["portal.EventIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(EventPageQuerySet)()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.all_day:
            self.start = local_midnight(timezone.localtime(self.start).date())
            if self.end:
                self.end = local_midnight(timezone.localtime(self.end).date())
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must come after the start.")})

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.start)

    @property
    def local_end(self) -> dt.datetime | None:
        return timezone.localtime(self.end) if self.end else None

    @property
    def local_finish(self) -> dt.datetime:
        return self.local_end or self.local_start

    @property
    def last_day(self) -> dt.date:
        """The last local day the event covers: a meeting ending at midnight does not spill into the next day."""
        if self.all_day or self.local_end is None:
            return self.local_finish.date()
        return max(self.local_start.date(), (self.local_end - dt.timedelta(microseconds=1)).date())

    @property
    def is_multiday(self) -> bool:
        return self.last_day != self.local_start.date()

    @path("ics/", name="ics")
    def event_ics(self, request):
        return calendar_response(request, [self], name=self.title, filename=f"{self.slug}.ics")


# Winning practices ("pratiques gagnantes")


class PracticePageQuerySet(PageQuerySet):
    def with_theme(self, theme: PracticeTheme | None):
        return self.filter(themes=theme) if theme else self


class PracticeIndexPage(SitePage):
    """The list of winning practices, with a theme filter that works with plain links (no JavaScript)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice index page")

    def practices(self):
        return (
            public(PracticePage.objects.child_of(self).live()).order_by("path").prefetch_related("themes")
        )

    def themes(self):
        """The themes that at least one published practice here carries (an empty filter helps nobody)."""
        return PracticeTheme.objects.filter(practices__in=self.practices().values("pk")).distinct()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        slug = request.GET.get("theme", "")
        if getattr(request, "is_preview", False):
            context["listing"] = self._listing(request, slug)
        else:
            # The theme filter and the list, once per content version, language and theme (a link per
            # practice and per theme: most of this page's work). Unknown themes are refused before any
            # entry is made for them.
            host = request.get_host()
            slugs = cached_part("practice-themes", (self.pk,),
                                lambda: [theme.slug for theme in self.themes()])
            if slug and slug not in slugs:
                raise Http404("Unknown practice theme.")
            context["listing"] = cached_part("practice-listing", (self.pk, get_language(), host, slug),
                                             lambda: self._listing(request, slug))
        context["listing"] = mark_safe(context["listing"])  # noqa: S308 — our template
        return context

    def _listing(self, request, slug: str) -> str:
        themes = list(self.themes())
        selected = next((theme for theme in themes if theme.slug == slug), None)
        if slug and selected is None:
            raise Http404("Unknown practice theme.")
        return render_to_string("portal/includes/practice_listing.html", {
            "page": self, "themes": themes, "selected_theme": selected,
            "practices": self.practices().with_theme(selected),
        }, request=request)


class PracticePage(SitePage):
    """One winning practice: what it is, why it works, who takes part."""

    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in the list of practices."))
    themes = ParentalManyToManyField(PracticeTheme, blank=True, related_name="practices", verbose_name=_("themes"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("themes", widget=forms.CheckboxSelectMultiple), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["portal.PracticeIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(PracticePageQuerySet)()

    class Meta:
        verbose_name = _("practice page")
        verbose_name_plural = _("practice pages")
