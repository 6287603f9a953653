"""Demo content of the public site: the whole page tree in French, translated into English.

Other apps' demos call `ensure_locales`, `ensure_home` and `translate_page`; keep their signatures.
Every page is found by its slug under its parent and refreshed, so loading twice doubles nothing.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Site

from portal import demo_content as content
from portal.demo_images import ensure_river_map
from portal.models import FooterSettings, PracticeTheme
from portal.pages import EventIndexPage, EventPage, HomePage, PracticeIndexPage, PracticePage, StandardPage

HOME = {
    "fr": {
        "title": "Rimouski, ville d'accueil",
        "intro": "Depuis le 11 janvier 2017, Rimouski est la 14e ville d'accueil du Québec pour les personnes "
        "réfugiées prises en charge par l'État. Passerelle aide ses partenaires à savoir qui fait quoi.",
    },
    "en": {
        "title": "Rimouski, welcome city",
        "intro": "Since 11 January 2017, Rimouski has been Québec's 14th welcome city for government-assisted "
        "refugees. Passerelle helps its partners know who does what.",
    },
}


def ensure_locales():
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return fr, en


def ensure_home() -> HomePage:
    """The French home page at the site root, and its English translation."""
    fr, en = ensure_locales()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=fr).first()
    if home is None:
        home = HomePage(slug="accueil", locale=fr, **HOME["fr"])
        root.add_child(instance=home)
    else:
        for key, value in HOME["fr"].items():
            setattr(home, key, value)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Passerelle")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Passerelle"
        site.save()
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder
    translate_page(home, en, HOME["en"])
    return home


def translate_page(page: Page, locale: Locale, fields: dict) -> Page:
    """Create or refresh the translation of `page` into `locale` with the given field values, published."""
    translation_page = page.get_translation_or_none(locale)
    if translation_page is None:
        with translation.override(locale.language_code):
            translation_page = page.copy_for_translation(locale, copy_parents=True, alias=False)
    translation_page = translation_page.specific
    for key, value in fields.items():
        setattr(translation_page, key, value)
    translation_page.save_revision().publish()
    return translation_page


def ensure_child(parent: Page, model: type[Page], fields: dict) -> Page:
    """The child of `parent` with `fields["slug"]`, created or refreshed with `fields`, published."""
    page = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if page is None:
        page = model(locale_id=parent.locale_id, **fields)
        parent.add_child(instance=page)
    else:
        for key, value in fields.items():
            setattr(page, key, value)
    page.save_revision().publish()
    return page


def ensure_translated_child(parent: Page, model: type[Page], en: Locale, fields: dict, shared: dict | None = None):
    """A French child of `parent` and its English translation; `shared` fields are the same in both."""
    shared = shared or {}
    french = ensure_child(parent, model, {**fields["fr"], **shared})
    english = translate_page(french, en, {**fields["en"], **shared})
    return french, english


def set_body(page: Page, en: Locale, spec: dict, *, cta: tuple, figure=None) -> None:
    """Publish both languages' bodies from `spec`, a figure after the first block, and a closing call to action."""
    target, label_fr, label_en = cta
    bodies = {}
    for language, label in (("fr", label_fr), ("en", label_en)):
        body = list(spec[language]["body"])
        if figure is not None:
            body.insert(1, figure(language))
        bodies[language] = [*body, content.call_to_action(label, "", target.pk)]
    page.body = bodies["fr"]
    page.save_revision().publish()
    translate_page(page, en, {"body": bodies["en"]})


def ensure_themes() -> dict[str, PracticeTheme]:
    themes = {}
    for order, (slug, name_fr, name_en) in enumerate(content.THEMES):
        themes[slug], _ = PracticeTheme.objects.update_or_create(
            slug=slug, defaults={"name_fr": name_fr, "name_en": name_en, "order": order}
        )
    return themes


def event_times(spec: dict, today: dt.date) -> dict:
    """Start and end of a demo event placed `spec["day"]` days from `today`, in local time."""
    first = today + dt.timedelta(days=spec["day"])
    if spec["start"] is None:  # all day, possibly over several days
        last = today + dt.timedelta(days=spec["last_day"]) if spec["last_day"] is not None else None
        return {
            "all_day": True,
            "start": timezone.make_aware(dt.datetime.combine(first, dt.time.min)),
            "end": timezone.make_aware(dt.datetime.combine(last, dt.time.min)) if last else None,
        }

    def at(clock):
        return timezone.make_aware(dt.datetime.combine(first, dt.time.fromisoformat(clock)))

    return {"all_day": False, "start": at(spec["start"]), "end": at(spec["end"]) if spec["end"] else None}


def ensure_footer(site: Site, pages: list[Page], *, accessibility: Page | None = None,
                  contact: Page | None = None) -> FooterSettings:
    footer = FooterSettings.for_site(site)
    footer.accessibility_page = accessibility
    footer.contact_page = contact
    for key, value in content.FOOTER.items():
        setattr(footer, key, value)
    en = en_locale()
    footer.links = [
        {"type": "link", "value": {"label_fr": p.title, "label_en": p.get_translation(en).title, "page": p.pk}}
        for p in pages
    ]
    footer.save()
    return footer


def ensure_privacy(site: Site):
    """The person in charge of personal information (Law 25) and a short policy in both languages."""
    from privacy.models import PrivacySettings

    privacy = PrivacySettings.for_site(site)
    for key, value in content.PRIVACY.items():
        setattr(privacy, key, value)
    privacy.save()
    return privacy


def en_locale() -> Locale:
    return Locale.objects.get(language_code="en")


def load(ctx) -> None:
    home = ensure_home()
    en = en_locale()
    home.body = content.HOME_BODY["fr"]
    home.save_revision().publish()
    translate_page(home, en, {"body": content.HOME_BODY["en"]})

    menu = {"show_in_menus": True}
    city, _ = ensure_translated_child(home, StandardPage, en, content.CITY, menu)
    approach, _ = ensure_translated_child(home, StandardPage, en, content.APPROACH, menu)

    practices, _ = ensure_translated_child(home, PracticeIndexPage, en, content.PRACTICES_INDEX, menu)
    themes = ensure_themes()
    for spec in ctx.progress(content.PRACTICES, desc="Practices"):
        shared = {"themes": [themes[slug] for slug in spec["themes"]]}
        ensure_translated_child(practices, PracticePage, en, spec, shared)

    calendar, _ = ensure_translated_child(home, EventIndexPage, en, content.CALENDAR, menu)
    today = timezone.localdate()
    for spec in ctx.progress(content.EVENTS, desc="Events"):
        shared = {"audience": spec["audience"], **event_times(spec, today)}
        ensure_translated_child(calendar, EventPage, en, spec, shared)

    # "Our approach" and "The city" end with a call to action, once the pages they point to exist;
    # "The city" also shows the map.
    river_map = ensure_river_map()
    set_body(approach, en, content.APPROACH, cta=(practices, "Découvrir les pratiques gagnantes",
                                                  "Discover winning practices"))
    set_body(city, en, content.CITY, cta=(calendar, "Voir le calendrier d'activités", "See the events calendar"),
             figure=lambda language: content.river_map_block(river_map.pk, language))

    # The pages a Québec public site links from its footer (privacy is the privacy app's own page): editable
    # pages, out of the menu, chosen in Settings → Footer so that the footer finds them in either language.
    accessibility, _ = ensure_translated_child(home, StandardPage, en, content.ACCESSIBILITY)
    contact, _ = ensure_translated_child(home, StandardPage, en, content.CONTACT)
    ensure_footer(Site.objects.get(is_default_site=True), [city, approach, calendar], accessibility=accessibility,
                  contact=contact)
    ensure_privacy(Site.objects.get(is_default_site=True))
    ctx.say(f"  site: {Page.objects.filter(depth__gt=1).count()} pages in French and English")


# Organisers are the directory's organisations, loaded after the portal: they are linked in a second pass.
ORGANIZER_LOOKUPS = {
    "AIBSL": Q(acronym__iexact="AIBSL") | Q(name__icontains="Accueil et Intégration"),
    "TCRI": Q(acronym__iexact="TCRI") | Q(name__icontains="TCRI"),
    "Table de concertation": Q(name__icontains="Table de concertation"),
    "Collectif Trait d'Union": Q(acronym__iexact="AIBSL") | Q(name__icontains="Accueil et Intégration"),
}


def finish(ctx) -> None:
    """Link demo events to their organisers once every app has loaded its rows."""
    from directory.models import Organization

    organizers = {
        key: Organization.objects.filter(lookup).order_by("pk").first() for key, lookup in ORGANIZER_LOOKUPS.items()
    }
    slugs = {spec["fr"]["slug"]: organizers.get(spec["organizer"]) for spec in content.EVENTS}
    linked = 0
    for event in EventPage.objects.filter(slug__in=slugs):
        organizer = slugs[event.slug]
        for page in event.get_translations(inclusive=True).specific():
            if organizer is not None and page.organizer_id != organizer.pk:
                page.organizer = organizer
                page.save_revision().publish()
        linked += organizer is not None
    ctx.say(f"  site: {linked} events linked to their organiser")
