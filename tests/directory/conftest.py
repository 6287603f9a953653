import pytest
from wagtail.models import Locale, Page, Site

from directory.pages import DirectoryIndexPage


@pytest.fixture
def directory_page(db):
    """A home page at the site root with the directory under it, in French and in English."""
    from portal.demo import translate_page
    from portal.models import HomePage

    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePage(title="Accueil", slug="accueil-test", locale=fr)
    root.add_child(instance=home)
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "testserver", "root_page": home})
    page = DirectoryIndexPage(title="Répertoire", slug="repertoire", locale=fr, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    translate_page(home, en, {"title": "Home"})
    translate_page(page, en, {"title": "Directory", "slug": "directory"})
    return page
