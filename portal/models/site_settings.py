"""Site-wide settings editors change in the Wagtail admin (Settings → Footer)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.i18n import Localized, current_language


class FooterLinkBlock(blocks.StructBlock):
    """A footer link with its label in both languages, to a page of the site or another address."""

    label_fr = blocks.CharBlock(label=_("label (French)"), max_length=80)
    label_en = blocks.CharBlock(label=_("label (English)"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("address (URL)"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        description = _("A link in the footer, labelled in French and in English.")
        preview_value = {"label_fr": "Nous joindre", "label_en": "Contact us", "url": "https://example.org/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address, not both."))}
            )
        return value


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

    about = Localized("about")

    panels = [
        MultiFieldPanel([FieldPanel("about_fr"), FieldPanel("about_en")], heading=_("About")),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("email"), FieldPanel("phone")], heading=_("Contact")),
        FieldPanel("links"),
    ]

    class Meta:
        verbose_name = _("footer")

    def localized_links(self, request=None) -> list[dict]:
        """The links as `{"label", "href"}` in the active language (pages resolved to their translation).

        The translations of all linked pages come in one query rather than two per link.
        """
        language = current_language()
        values = [block.value for block in self.links]
        keys = [value["page"].translation_key for value in values if value.get("page")]
        translations = {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale__language_code=language)
        }
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
