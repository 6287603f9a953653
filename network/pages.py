"""The network app's Wagtail page type, registered by the app (apps.py) once the models are loaded."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from network.views import network_context
from portal.page_base import SitePage


class NetworkPage(SitePage):
    """The partnership network drawn and explained: who is central, who brokers, what would split it.

    An entry point of the site (under the home page, in the menu). The picture, the table and the exports
    are computed from the data on each change, not edited here; editors write only the introduction.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = SitePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("network page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(network_context(request))
        return context
