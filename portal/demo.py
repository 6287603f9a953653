"""Demo content of the public site: the home page in French, translated into English."""

from django.utils import translation
from wagtail.models import Locale, Page, Site

from portal.models import HomePage

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
    # Wagtail's migrations create the root; a flushed database (transactional tests) has none.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", locale=fr))
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


def load(ctx) -> None:
    ensure_home()
