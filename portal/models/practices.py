"""Winning practices ("pratiques gagnantes"): what the welcome city learned works, filterable by theme."""

from django import forms
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.i18n import Localized


class PracticeTheme(models.Model):
    """A theme practices are filtered by (arrival, community engagement, training…).

    One row carries both languages (`name_fr` / `name_en`), like the directory's sectors: a theme is a
    shared vocabulary, so French and English practice pages point to the same row and the filter works
    the same in both languages.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Localized("name")

    panels = [FieldPanel("name_fr"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "name_fr"]
        verbose_name = _("practice theme")
        verbose_name_plural = _("practice themes")

    def __str__(self):
        return self.name


class PracticePageQuerySet(PageQuerySet):
    def with_theme(self, theme: PracticeTheme | None):
        return self.filter(themes=theme) if theme else self


class PracticeIndexPage(Page):
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
            PracticePage.objects.child_of(self).live().public().order_by("path").prefetch_related("themes")
        )

    def themes(self):
        """The themes that at least one published practice here carries (an empty filter helps nobody)."""
        return PracticeTheme.objects.filter(practices__in=self.practices().values("pk")).distinct()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes = list(self.themes())
        slug = request.GET.get("theme", "")
        selected = next((theme for theme in themes if theme.slug == slug), None)
        if slug and selected is None:
            raise Http404("Unknown practice theme.")
        context.update(themes=themes, selected_theme=selected, practices=self.practices().with_theme(selected))
        return context


class PracticePage(Page):
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
