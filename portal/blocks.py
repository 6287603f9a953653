"""StreamField blocks of the public site.

A small, deliberate set: editors compose pages from blocks that always render accessibly (heading levels
chosen from a short list, alt text required on images, a call to action that always has a label), so a
page built in the admin cannot break the site's WCAG promises.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from arrivals.blocks import RegisterFiguresBlock
from portal.disclosure import is_suppressed
from portal.numbers import percent_points

# Rich text stays plain on purpose: no headings inside paragraphs (the heading block keeps the outline
# in order) and no embeds (nothing is loaded from another host).
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Levels start at 2: the page title is the only h1."""

    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "portal/blocks/heading_block.html"
        preview_value = {"text": "Rimouski, 14e ville d'accueil", "level": "h2"}
        description = _("A section heading; keep the outline in order (h2, then h3 inside it).")
        label = _("Heading")


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with a few inline features."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "portal/blocks/paragraph_block.html"
        preview_value = (
            "<p>Le temps de prendre le temps : le rapport au temps des personnes accueillies est différent du "
            "nôtre.</p>"
        )
        description = _("Paragraphs of text with bold, italics, links and lists.")
        label = _("Rich text")


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it; the attribution is what makes a testimony credible."""

    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), max_length=200)
    role = blocks.CharBlock(label=_("role or context"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quote_block.html"
        preview_value = {
            "quote": "Le jumelage, c'est être présent à soi et à l'autre, être dans la rencontre.",
            "attribution": "Un jumeau",
            "role": "Bénévole en jumelage",
        }
        description = _("A quotation and the person or group who said it.")
        label = _("Quote")


class ImageBlock(blocks.StructBlock):
    """An image with required alternative text and an optional visible caption."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)
    credit = blocks.CharBlock(label=_("credit"), max_length=120, required=False)

    class Meta:
        icon = "image"
        template = "portal/blocks/image_block.html"
        preview_value = {"alt_text": "Le fleuve Saint-Laurent à Rimouski", "caption": "Le fleuve, en hiver."}
        description = _("An image with its alternative text and a caption.")
        label = _("Image")


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to a page of the site or to another address, with a label saying where it goes."""

    label = blocks.CharBlock(label=_("label"), max_length=80)
    text = blocks.TextBlock(label=_("text"), required=False, help_text=_("One or two sentences of context."))
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("address (URL)"), required=False)

    class Meta:
        icon = "link"
        template = "portal/blocks/call_to_action_block.html"
        preview_value = {
            "label": "Voir le calendrier d'activités",
            "text": "Rencontres de la Table de concertation, formations, soirées de jumelage.",
            "url": "https://example.org/calendrier/",
        }
        description = _("A button-like link to a page or an address.")
        label = _("Call to action")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = ValidationError(_("Choose a page or give an address, not both."))
            raise StructBlockValidationError(block_errors={"page": message})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = value.get("page")
        # An editor picks the French page; an English visitor should land on its English translation.
        context["href"] = page.localized.url if page else value.get("url")
        return context


REGISTER_FIGURES = [
    ("persons", _("Persons welcomed")),
    ("households", _("Families welcomed")),
    ("languages", _("Languages spoken")),
    ("progress", _("Progress towards the target (%)")),
]


class KeyFigureBlock(blocks.StructBlock):
    """One figure: its value as it should read, what it counts, where it comes from and when.

    The editor chooses, figure by figure, between a value typed here and one computed from the arrivals
    register (`computed`): a computed figure follows the register (under the small-number rule, as of the
    end of the last whole month) as soon as the register holds arrivals, and shows the typed value — or
    nothing — until then, so a page can be written before the register is in use.
    """

    number = blocks.CharBlock(
        label=_("value"), max_length=20, required=False,
        help_text=_("As it should read, e.g. 200, 14e, 535 km². Required unless computed from the register."),
    )
    label = blocks.CharBlock(label=_("label"), max_length=160, help_text=_("What the figure counts."))
    source = blocks.CharBlock(label=_("source"), max_length=160, required=False,
                              help_text=_("Where it comes from, e.g. Statistics Canada, AIBSL."))
    period = blocks.CharBlock(label=_("period"), max_length=80, required=False,
                              help_text=_("The date or period it describes, e.g. 2018, January 2017 to June 2018."))
    computed = blocks.ChoiceBlock(
        choices=REGISTER_FIGURES, required=False, label=_("computed from the arrivals register"),
        help_text=_("Leave empty to show the value typed above."),
    )

    class Meta:
        icon = "decimal"
        label = _("Key figure")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("number") and not value.get("computed"):
            raise StructBlockValidationError(
                block_errors={"number": ValidationError(_("Type a value or compute it from the register."))}
            )
        return value


def resolve_figure(value, register=None) -> dict | None:
    """`{"number", "label", "source", "period", "computed"}` as shown; None when there is nothing to show.

    `register` (an `arrivals.figures.PublicFigures`) is looked up once per block by the caller."""
    figure = {"number": value.get("number") or "", "label": value.get("label") or "",
              "source": value.get("source") or "", "period": value.get("period") or "", "computed": False}
    kind = value.get("computed")
    if kind and register is not None and register.households:  # the register holds arrivals
        number = {"persons": register.persons, "households": register.households,
                  "languages": register.languages}.get(kind)
        if kind == "progress":
            number = percent_points(register.progress) if register.progress is not None else None
        if number is not None:
            figure.update(
                number=number if isinstance(number, str) or is_suppressed(number)
                else number_format(number, force_grouping=True),
                source=figure["source"] or gettext("Arrivals register of the welcoming organisation"),
                period=gettext("on %(date)s") % {"date": date_format(register.as_of, "DATE_FORMAT")},
                computed=True,
            )
    return figure if figure["number"] else None


class KeyFiguresBlock(blocks.StructBlock):
    """A short list of figures (value + what it counts, its source and period), rendered as a description list."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120, required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("figures"), min_num=1, max_num=12)

    class Meta:
        icon = "table"
        template = "portal/blocks/key_figures_block.html"
        preview_value = {
            "heading": "En chiffres",
            "figures": [
                {"number": "14e", "label": "ville d'accueil du Québec", "period": "depuis janvier 2017"},
                {"number": "200", "label": "personnes attendues au 30 juin 2019", "source": "AIBSL"},
                {"number": "49 383", "label": "habitants", "period": "2018"},
            ],
        }
        description = _("A few figures with what they count, typed or computed from the arrivals register.")
        label = _("Key figures")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        register = None
        if any(figure.get("computed") for figure in value["figures"]):
            from arrivals.figures import public_figures

            register = public_figures()
        context["figures"] = [shown for figure in value["figures"] if (shown := resolve_figure(figure, register))]
        return context


class BodyBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    key_figures = KeyFiguresBlock()
    register_figures = RegisterFiguresBlock()


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
