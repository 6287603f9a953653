"""The editors' translation workflow: a page written in French is offered for translation as soon as it is
created or published, and a report lists the pages that have no English version yet.

Wagtail's `simple_translation` makes the translation (a copy in the English tree to edit); this module only
makes sure nobody forgets it: the English site otherwise silently lacks the page (its menu, its search).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

TARGET_LANGUAGE = "en"


def target_locale() -> Locale | None:
    return Locale.objects.filter(language_code=TARGET_LANGUAGE).first()


def untranslated(pages, locale: Locale):
    """`pages` outside `locale` (and not the tree's root) that have no translation into it."""
    translated = Page.objects.filter(locale=locale).values("translation_key")
    return pages.filter(depth__gt=1).exclude(locale=locale).exclude(translation_key__in=translated)


def can_translate(user) -> bool:
    return user.has_perm("simple_translation.submit_translation")


def prompt_translation(request, page) -> None:
    """After an editor creates or publishes a page in the default language that has no English version: a
    message with a "Translate into English" button (Wagtail's own translation view), once per request."""
    if getattr(request, "_portal_translation_prompted", False):
        return
    locale = target_locale()
    if locale is None or page.locale_id == locale.pk or page.locale.language_code != settings.LANGUAGE_CODE:
        return
    if page.has_translation(locale):
        return
    request._portal_translation_prompted = True
    text = _("“%(title)s” exists in French only: the English site will not show it until it is translated.") % {
        "title": page.get_admin_display_title()
    }
    if can_translate(request.user):
        url = reverse("simple_translation:submit_page_translation", args=[page.pk])
        messages.warning(request, text, buttons=[messages.button(url, _("Translate into English"))])
    else:
        messages.warning(request, text)


class UntranslatedPagesView(PageReportView):
    """Reports → Pages without an English translation, with their count in the header."""

    page_title = _("Pages without an English translation")
    header_icon = "globe"
    results_template_name = "portal/admin/untranslated_pages_results.html"
    index_url_name = "portal_untranslated_pages"
    index_results_url_name = "portal_untranslated_pages_results"
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        locale = target_locale()
        editable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "change")
        # "N of M": both over the pages this editor may change (M counted every page of the site).
        pages = untranslated(editable, locale) if locale else editable.none()
        self.untranslated_count = pages.count()
        self.source_count = editable.filter(depth__gt=1).exclude(locale=locale).count() if locale else 0
        self.queryset = pages.order_by("path").select_related("locale").specific(defer=True)
        return super().get_queryset()

    def get_page_subtitle(self):
        count = getattr(self, "untranslated_count", 0)
        return ngettext(
            "%(count)d page of %(total)d lacks an English version",
            "%(count)d pages of %(total)d lack an English version",
            count,
        ) % {"count": count, "total": getattr(self, "source_count", 0)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_translate"] = can_translate(self.request.user)
        return context
