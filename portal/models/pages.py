"""The welcome city's front page and its plain content pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.models.events import EventIndexPage, EventPage


class HomePage(Page):
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
        return self.get_children().live().public().in_menu()

    def upcoming_events(self, limit: int = 3):
        return EventPage.objects.live().public().filter(locale_id=self.locale_id).upcoming().chronological()[:limit]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entry_points"] = self.entry_points()
        context["upcoming_events"] = self.upcoming_events()
        context["calendar_page"] = self.calendar_page()
        return context

    def calendar_page(self):
        return EventIndexPage.objects.child_of(self).live().public().first()


class StandardPage(Page):
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
