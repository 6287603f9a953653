"""Admin wiring of the public site: practice themes as a snippet, the footer as a site setting."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import FooterSettings, PracticeTheme


class PracticeThemeViewSet(SnippetViewSet):
    model = PracticeTheme
    icon = "tag"
    menu_label = _("Practice themes")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name_fr", "name_en", "slug", "order"]
    search_fields = ["name_fr", "name_en"]
    ordering = ["order", "name_fr"]


register_snippet(PracticeThemeViewSet)
register_setting(FooterSettings, icon="list-ul")
