"""The home page's block of public figures, computed from the register (editors write only the text around)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class RegisterFiguresBlock(blocks.StructBlock):
    """Persons welcomed, families, languages spoken and progress towards the target, from the register.

    The numbers are computed once a day and under the small-number rule (`arrivals.figures.public_figures`);
    editors choose the heading and the words before and after them, never the numbers themselves.
    """

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    intro = blocks.TextBlock(label=_("text before the figures"), required=False)
    note = blocks.TextBlock(label=_("text after the figures"), required=False,
                            help_text=_("For instance where the figures come from."))

    class Meta:
        icon = "group"
        template = "arrivals/blocks/register_figures_block.html"
        preview_value = {
            "heading": "Les personnes accueillies",
            "intro": "Chiffres tirés du registre d'accueil, mis à jour chaque jour.",
            "note": "",
        }
        description = _("The register's public figures (computed, never typed), with your text around them.")
        label = _("Register figures")

    def get_context(self, value, parent_context=None):
        from arrivals.figures import public_figures

        context = super().get_context(value, parent_context)
        context["figures"] = public_figures()
        return context
