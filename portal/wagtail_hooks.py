"""Admin wiring of the public site: practice themes as a snippet, the footer as a site setting, the prompt to
translate a new page and the report of pages without an English translation (portal/translation.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import FooterSettings, PracticeTheme
from portal.translation import UntranslatedPagesView, prompt_translation


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


@hooks.register("after_create_page")
def prompt_translation_after_create(request, page):
    prompt_translation(request, page)


@hooks.register("after_publish_page")
def prompt_translation_after_publish(request, page):
    prompt_translation(request, page)


@hooks.register("register_admin_urls")
def register_untranslated_pages_report():
    view = UntranslatedPagesView
    return [
        path("reports/untranslated-pages/", view.as_view(), name="portal_untranslated_pages"),
        path("reports/untranslated-pages/results/", view.as_view(results_only=True),
             name="portal_untranslated_pages_results"),
    ]


class UntranslatedPagesMenuItem(MenuItem):
    def is_shown(self, request):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_untranslated_pages_menu_item():
    return UntranslatedPagesMenuItem(
        _("Pages without an English translation"), reverse("portal_untranslated_pages"),
        name="untranslated-pages", icon_name="globe", order=650,
    )
