"""Template tags of the site's frame: main menu, language switcher, footer.

They read the request (not the `page` alone) so that non-Wagtail views (search, sign-in, other apps'
pages, the 404 page) get the same frame as the pages.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page, Site

from portal.models import FooterSettings
from portal.page_cache import cached_part

register = template.Library()

DEFAULT_HOME_URLS = {"fr": "/", "en": "/en/"}


def _site(request):
    return Site.find_for_request(request) if request is not None else None


def _locale(request, language_code: str) -> Locale | None:
    """The Locale row for a language, looked up once per request."""
    cache = request.__dict__.setdefault("_portal_locales", {}) if request is not None else {}
    if language_code not in cache:
        cache[language_code] = cached_part(
            "locale", (language_code,), lambda: Locale.objects.filter(language_code=language_code).first()
        ) or None
    return cache[language_code]


def home_page(request, language_code: str | None = None) -> Page | None:
    """The site's home page in a language (the active one by default), cached on the request."""
    language_code = language_code or get_language()
    cache = request.__dict__.setdefault("_portal_homes", {}) if request is not None else {}
    if language_code not in cache:
        site = _site(request)
        home = None
        if site is not None:
            locale = _locale(request, language_code)
            home = site.root_page.get_translation_or_none(locale) if locale else None
            if home is not None and not home.live:
                home = None
        cache[language_code] = home
    return cache[language_code]


def home_url(request, language_code: str) -> str:
    def build():
        home = home_page(request, language_code)
        url = home.get_url(request) if home is not None else None
        return url or DEFAULT_HOME_URLS.get(language_code, "/")

    return cached_part("home-url", (language_code, _host(request)), build)


def _host(request) -> str:
    return request.get_host() if request is not None else ""


def translated_url(request, page, language_code: str) -> str:
    """Where the switcher leads in `language_code`: the same page, or at worst that language's home page.

    On a Wagtail page, its translation (slugs differ between languages, so Django's translate_url cannot
    guess it); on any other view, Django's translate_url; when neither knows, the other language's home.
    """
    if isinstance(page, Page) and page.pk:
        def build():
            locale = _locale(request, language_code)
            target = page.get_translation_or_none(locale) if locale else None
            return (target.get_url(request) or "") if target is not None and target.live else ""

        url = cached_part("translation-url", (page.pk, language_code, _host(request)), build)
        if url:
            return f"{url}?{request.GET.urlencode()}" if request.GET else url
        return home_url(request, language_code)
    current = request.get_full_path()
    url = translate_url(current, language_code)
    return home_url(request, language_code) if url == current else url


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """One entry per site language: code, local name, URL, whether it is the current one."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    page = context.get("page")
    alternates = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            url = request.get_full_path()
        elif (context.get("language_urls") or {}).get(code):  # a view that knows its own translations
            url = context["language_urls"][code]
        elif context.get("switch_to_home"):
            url = home_url(request, code)
        else:
            url = translated_url(request, page, code)
        name = get_language_info(code)["name_local"]
        alternates.append({"code": code, "name": name[:1].upper() + name[1:], "url": url, "current": code == current})
    return alternates


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")

    def build():
        home = home_page(request)
        if home is None:
            return []
        children = ((child.title, child.get_url(request)) for child in home.get_children().live().public().in_menu())
        return [(title, url) for title, url in children if url]

    items = cached_part("menu", (get_language(), _host(request)), build)
    return {"items": [{"title": title, "url": url, "current": request.path.startswith(url)} for title, url in items]}


@register.simple_tag(takes_context=True)
def localized_home_url(context) -> str:
    return home_url(context.get("request"), get_language())


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, rendered once per language and site for each content version."""
    request = context.get("request")

    def build():
        footer = FooterSettings.for_request(request) if request is not None and _site(request) else None
        links = footer.localized_links(request) if footer else []
        return render_to_string("includes/footer.html", {"footer": footer, "links": links}, request=None)

    return mark_safe(cached_part("footer", (get_language(), _host(request)), build))  # noqa: S308 — our template
