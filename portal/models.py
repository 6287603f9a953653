"""The public site's plain models: practice themes (a snippet), the footer (a site setting) and the task
workers' heartbeats. The page types are in `portal/pages.py`, which imports this module, never the reverse."""

import contextlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.blocks import FooterLinkBlock
from portal.i18n import Localized, current_language


class PracticeTheme(models.Model):
    """A theme winning practices are filtered by (arrival, community engagement, training…).

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


class FooterSettings(BaseSiteSetting):
    """The footer of every public page.

    Why a site setting with French and English fields rather than a translatable snippet: the footer is one
    small thing per site, and an editor keeps both languages in step by seeing them side by side on one
    form; a translatable snippet would need a second object per language and a translation workflow for
    four lines of text. Links to pages follow the visitor's language on their own (the page's translation).
    """

    about_fr = models.TextField(
        _("about (French)"), blank=True, help_text=_("Who runs the site, in one or two sentences.")
    )
    about_en = models.TextField(_("about (English)"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    links = StreamField([("link", FooterLinkBlock())], blank=True, verbose_name=_("links"))
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("accessibility statement"),
        help_text=_("The page with the accessibility statement (in French; its translation is used in English)."),
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("contact page"),
        help_text=_("The page that says how to reach the site's team (in French; its translation is used in English)."),
    )

    about = Localized("about")

    panels = [
        MultiFieldPanel([FieldPanel("about_fr"), FieldPanel("about_en")], heading=_("About")),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")),
        MultiFieldPanel([FieldPanel("accessibility_page"), FieldPanel("contact_page")], heading=_("Service pages")),
        FieldPanel("links"),
    ]

    class Meta:
        verbose_name = _("footer")

    def service_links(self, request=None) -> list[dict]:
        """The links a Québec public site gives in its footer, as `{"kind", "label", "href"}` in the active
        language: privacy (the privacy app's page), the accessibility statement and contact (pages chosen
        here, resolved to their translation; left out while none is chosen or published)."""
        from django.urls import NoReverseMatch, reverse

        language = current_language()
        links = []
        with contextlib.suppress(NoReverseMatch):
            links.append({"kind": "privacy", "label": _("Privacy and personal information"),
                          "href": reverse("privacy:policy")})
        chosen = {"accessibility": self.accessibility_page_id, "contact": self.contact_page_id}
        pages = {page.pk: page for page in Page.objects.live().filter(pk__in=[pk for pk in chosen.values() if pk])}
        translations = _translations(pages.values(), language)
        for kind, pk in chosen.items():
            page = pages.get(pk)
            if page is None:
                continue
            page = translations.get(page.translation_key, page)
            href = page.get_url(request)
            if href:
                links.append({"kind": kind, "label": page.title, "href": href})
        return links

    def localized_links(self, request=None) -> list[dict]:
        """The links as `{"label", "href"}` in the active language (pages resolved to their translation).

        The translations of all linked pages come in one query rather than two per link.
        """
        language = current_language()
        values = [block.value for block in self.links]
        translations = _translations([value["page"] for value in values if value.get("page")], language)
        result = []
        for value in values:
            page = value.get("page")
            if page is not None:
                page = translations.get(page.translation_key, page)
            href = page.get_url(request) if page is not None else value.get("url")
            label = value.get(f"label_{language}") or value.get("label_fr")
            if href and label:
                result.append({"label": label, "href": href})
        return result


def _translations(pages, language: str) -> dict:
    """{translation key: live page in `language`} for the footer's linked pages, in one query."""
    keys = [page.translation_key for page in pages]
    return {page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale__language_code=language)}


class WorkerHeartbeat(models.Model):
    """One row per task worker, touched every few seconds while it lives (portal's `db_worker`).

    `/readyz` reads the newest to say whether anything is working the queue, and a worker reclaims the tasks
    of a worker whose heartbeat stopped (killed, machine lost): without it such a task stays RUNNING for ever.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker heartbeat")
        verbose_name_plural = _("task worker heartbeats")

    def __str__(self):
        return f"{self.worker_id} ({self.hostname})"
