"""Template tags of the site's frame: main menu, language switcher, footer.

They read the request (not the `page` alone) so that non-Wagtail views (search, sign-in, other apps'
pages, the 404 page) get the same frame as the pages.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from portal import phones
from portal.models import FooterSettings
from portal.numbers import percent, percent_points
from portal.page_cache import cached_part
from portal.pages import entry_points

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
    """The home page's address in a language: a cached part, read once per request (the brand link, the
    breadcrumbs and the switcher all ask)."""
    def build():
        home = home_page(request, language_code)
        url = home.get_url(request) if home is not None else None
        return url or DEFAULT_HOME_URLS.get(language_code, "/")

    memo = request.__dict__.setdefault("_portal_home_urls", {}) if request is not None else {}
    if language_code not in memo:
        memo[language_code] = cached_part("home-url", (language_code, _host(request)), build)
    return memo[language_code]


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


def _menu_items(request) -> list[tuple[str, str]]:
    """(title, URL) of the home page's live children shown in menus, cached with the frame."""

    def build():
        home = home_page(request)
        if home is None:
            return []
        children = ((child.title, child.get_url(request)) for child in entry_points(home))
        return [(title, url) for title, url in children if url]

    return cached_part("menu", (get_language(), _host(request)), build)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    items = _menu_items(request)
    return {"items": [{"title": title, "url": url, "current": request.path.startswith(url)} for title, url in items]}


@register.simple_tag(takes_context=True)
def localized_home_url(context) -> str:
    return home_url(context.get("request"), get_language())


def _reverse_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _footer_site_links(request, footer=None) -> list[dict]:
    """The site's own links, in this order: privacy, accessibility, contact, partners' sign-in, API, source.

    The accessibility statement and contact pages are the ones chosen in Settings → Footer
    (`FooterSettings.service_links`, in the visitor's language); none chosen, no link. (Sites older than the
    setting had them found by their usual slugs: portal migration 0008 chose those pages once.)"""
    chosen = {link["kind"]: link["href"] for link in footer.service_links(request)} if footer else {}
    candidates = [
        (_("Privacy and personal information"), _reverse_or_empty("privacy:policy")),
        (_("Accessibility"), chosen.get("accessibility", "")),
        (_("Contact us"), chosen.get("contact", "")),
        (_("Partners' sign-in"), _reverse_or_empty("login")),
        (_("API for developers"), _reverse_or_empty("api-docs")),
        (_("Source code"), getattr(settings, "SOURCE_CODE_URL", "")),
    ]
    return [{"label": str(label), "href": href} for label, href in candidates if href]


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, rendered once per language and site for each content version."""
    request = context.get("request")

    def build():
        footer = FooterSettings.for_request(request) if request is not None and _site(request) else None
        links = footer.localized_links(request) if footer else []
        context = {"footer": footer, "links": links, "site_links": _footer_site_links(request, footer)}
        return render_to_string("includes/footer.html", context, request=None)

    return mark_safe(cached_part("footer", (get_language(), _host(request)), build))  # noqa: S308 — our template


# Context keys under which a sub-route (a routable page's matrix, a non-Wagtail view) names the page it
# belongs to, so its breadcrumb trail ends on that page rather than on the home page alone.
BREADCRUMB_PARENT_KEYS = ("breadcrumb_parent", "directory_page", "index_page", "parent_page")


def _page_trail(request, page) -> list[tuple[str, str]]:
    """(title, URL) of a page's ancestors below the tree root, then the page itself: cached with the frame."""

    def build():
        trail = []
        for ancestor in [*page.get_ancestors().filter(depth__gt=1).specific(defer=True), page]:
            url = ancestor.get_url(request)
            if url:
                trail.append((str(ancestor.title), url))
        return trail

    return cached_part("crumbs", (page.pk, get_language(), _host(request)), build)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current=""):
    """The trail on every page but the home: home › section › … › this page (marked `aria-current`).

    A Wagtail page gives its ancestors; a sub-route or a plain view gives the page it belongs to (one of
    BREADCRUMB_PARENT_KEYS) or, failing that, the menu's section whose address starts its own; a view may
    also pass `breadcrumbs` ([(title, url)…]) and `breadcrumb_title`, or a template `current`, for its own name.
    """
    request = context.get("request")
    if request is None:
        return {"items": []}
    home = home_url(request, get_language())
    path = request.path
    if path == home:
        return {"items": []}  # no trail on the home page: nothing to build
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        trail = _page_trail(request, page)
    else:
        parent = next((context[key] for key in BREADCRUMB_PARENT_KEYS if isinstance(context.get(key), Page)), None)
        if parent is not None and parent.pk:
            trail = _page_trail(request, parent)
        else:
            trail = [(title, url) for title, url in _menu_items(request) if url != home and path.startswith(url)][:1]
            trail.insert(0, (str(_("Home")), home))
    trail = [*trail, *[(str(title), url) for title, url in context.get("breadcrumbs") or []]]
    title = current or context.get("breadcrumb_title")
    if title:
        trail.append((str(title), path))
    if trail and trail[0][1] == home:
        trail[0] = (str(_("Home")), home)  # the home page's title is the city's welcome, not its name
    else:
        trail.insert(0, (str(_("Home")), home))
    return {"items": [{"title": title, "url": url, "current": url == path} for title, url in trail]}


@register.simple_tag(takes_context=True)
def page_body(context, page):
    """`{% page_body page %}`: a page's StreamField body, rendered once per content version and language
    (its blocks read images, renditions, linked pages and locales: four to six queries for a short page).
    The same for every visitor; a preview (a draft under the live page's id) is always rendered afresh."""
    request = context.get("request")

    def build():
        flat = context.flatten()  # as {% include_block %} gives each block its parent's context
        return "".join(str(block.render_as_block(context=flat)) for block in page.body)

    if request is None or not page.pk or getattr(request, "is_preview", False):
        return mark_safe(build())  # noqa: S308 — the blocks' own templates
    parts = (page.pk, page.live_revision_id, get_language(), _host(request))
    return mark_safe(cached_part("body", parts, build))  # noqa: S308 — the blocks' own templates


@register.filter(name="percent")
def percent_filter(ratio):
    """`{{ 0.784|percent }}`: "78 %" in French, "78%" in English (portal/numbers.py)."""
    return percent(ratio)


@register.filter(name="percent_points")
def percent_points_filter(value):
    """`{{ 78.4|percent_points }}` for a number that is already a percentage."""
    return percent_points(value)


@register.filter
def tel_href(number):
    """`{{ number|tel_href }}`: the E.164 `tel:` link ("418 724-3111 poste 2" → tel:+14187243111;ext=2)."""
    return phones.tel_href(number or "")


@register.filter
def phone(number):
    """`{{ number|phone }}`: the number as the page's language writes it."""
    return phones.readable(number or "")
