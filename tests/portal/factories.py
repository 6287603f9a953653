"""Small builders for the portal's tests: a bilingual home page and whatever pages a test needs below it."""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from portal.demo import ensure_locales, translate_page
from portal.models import EventIndexPage, EventPage, HomePage, PracticeIndexPage, PracticePage, PracticeTheme


def make_home(**fields):
    """A French home page at the default site's root and its English translation: (home_fr, home_en)."""
    fr, en = ensure_locales()
    home = HomePage(title=fields.pop("title", "Accueil"), slug="accueil", locale=fr, **fields)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home, translate_page(home, en, {"title": "Home"})


def add_page(parent, model, *, publish=True, **fields):
    fields.setdefault("slug", slugify(fields["title"]))
    page = model(locale_id=parent.locale_id, live=publish, **fields)
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def translate(page, **fields):
    return translate_page(page, Locale.objects.get(language_code="en"), fields)


def make_theme(slug="sante", name_fr="Santé", name_en="Health"):
    return PracticeTheme.objects.create(slug=slug, name_fr=name_fr, name_en=name_en)


def make_practice_index(home):
    return add_page(home, PracticeIndexPage, title="Pratiques gagnantes", slug="pratiques", show_in_menus=True)


def make_practice(index, title, *, themes=(), **fields):
    fields.setdefault("summary", f"Résumé de {title}.")
    return add_page(index, PracticePage, title=title, themes=list(themes), **fields)


def make_calendar(home):
    return add_page(home, EventIndexPage, title="Calendrier", slug="calendrier", show_in_menus=True)


def local(year, month, day, hour=0, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def make_event(calendar, title, *, start, end=None, all_day=False, **fields):
    fields.setdefault("place", "Hôtel de ville de Rimouski")
    fields.setdefault("summary", f"À propos de {title}.")
    return add_page(calendar, EventPage, title=title, start=start, end=end, all_day=all_day, **fields)
