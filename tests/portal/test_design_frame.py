"""The frame's parts that the browser tests do not pin down word for word: the breadcrumb trail of each kind of
page, the footer's own links, the menu as a <details>, the fonts served by the site."""

import re
from importlib import import_module
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings
from wagtail.models import Site

from portal.models import FooterSettings
from portal.pages import StandardPage
from tests.factories import add_page, make_directory_page, translate

ROOT = Path(settings.BASE_DIR)


def trail_of(html: str) -> str:
    assert html.count('class="breadcrumbs"') <= 1, "two breadcrumb trails"
    return html.split('class="breadcrumbs"')[1].split("</nav>")[0] if 'class="breadcrumbs"' in html else ""


class BreadcrumbTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory_page()
        cls.home = cls.directory.get_parent()
        cls.city = add_page(cls.home, StandardPage, title="La ville", slug="la-ville", show_in_menus=True)
        cls.school = add_page(cls.city, StandardPage, title="Les écoles", slug="ecoles")
        translate(cls.city, title="The city", slug="the-city")

    def html(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_a_page_shows_home_its_ancestors_and_itself_as_current(self):
        trail = trail_of(self.html("/la-ville/ecoles/"))
        self.assertIn('aria-label="Fil d\'Ariane"', trail)
        self.assertRegex(trail, r'<a href="/">Accueil</a>.*<a href="/la-ville/">La ville</a>.*'
                                r'<a href="/la-ville/ecoles/" aria-current="page">Les écoles</a>')

    def test_the_home_page_has_no_trail(self):
        self.assertEqual(trail_of(self.html("/")), "")
        self.assertEqual(trail_of(self.html("/en/")), "")

    def test_a_sub_route_ends_on_its_own_name_after_its_page(self):
        trail = trail_of(self.html("/repertoire/matrice/"))
        self.assertRegex(trail, r'<a href="/">Accueil</a>.*<a href="/repertoire/">Répertoire</a>.*'
                                r'<a href="/repertoire/matrice/" aria-current="page">Matrice des responsabilités</a>')
        english = trail_of(self.html("/en/directory/matrix/"))
        self.assertIn('<a href="/en/">Home</a>', english)
        self.assertIn('aria-current="page">Responsibility matrix</a>', english)

    def test_a_plain_view_gets_home_at_least(self):
        self.assertIn('<a href="/">Accueil</a>', trail_of(self.html("/recherche/?q=ville")))


class FooterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_directory_page().get_parent()

    def footer(self, url="/"):
        return self.client.get(url).content.decode().split('class="site-footer"')[1]

    def test_footer_links_sign_in_and_the_api_and_omits_pages_that_do_not_exist(self):
        footer = self.footer()
        self.assertIn('<a href="/connexion/">Connexion des partenaires</a>', footer)
        self.assertIn('<a href="/api/docs/">API pour les développeurs</a>', footer)
        self.assertNotIn("Accessibilité", footer)
        self.assertNotIn("Code source", footer)

    def test_footer_links_the_pages_chosen_in_its_settings_in_the_visitors_language(self):
        accessibility = add_page(self.home, StandardPage, title="Accessibilité", slug="accessibilite")
        translate(accessibility, title="Accessibility", slug="accessibility")
        contact = add_page(self.home, StandardPage, title="Nous joindre", slug="nous-joindre")
        footer = self.footer()
        # Usual slugs alone no longer bring a link: an editor's empty choice means none (it was looked up by
        # slug on every footer, so a link could not be taken off while such a page existed).
        self.assertNotIn("/accessibilite/", footer)
        self.assertNotIn("/nous-joindre/", footer)
        FooterSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True), defaults={
            "accessibility_page": accessibility, "contact_page": contact})
        cache.clear()  # the footer is a cached part
        footer = self.footer()
        self.assertIn('<a href="/accessibilite/">Accessibilité</a>', footer)
        self.assertIn('<a href="/nous-joindre/">Nous joindre</a>', footer)
        self.assertIn('<a href="/en/accessibility/">Accessibility</a>', self.footer("/en/"))

    def test_migration_chooses_the_pages_a_site_older_than_the_setting_found_by_their_slugs(self):
        fill_from_slugs = import_module("portal.migrations.0008_footer_service_pages_from_slugs").fill_from_slugs
        accessibility = add_page(self.home, StandardPage, title="Accessibilité", slug="accessibilite")
        translate(accessibility, title="Accessibility", slug="accessibility")
        contact = add_page(self.home, StandardPage, title="Nous joindre", slug="nous-joindre")
        fill_from_slugs(django_apps, None)
        footer = FooterSettings.objects.get(site=Site.objects.get(is_default_site=True))
        self.assertEqual((footer.accessibility_page_id, footer.contact_page_id), (accessibility.pk, contact.pk))
        other = add_page(self.home, StandardPage, title="Contact", slug="contact")
        fill_from_slugs(django_apps, None)  # a choice already made is kept
        footer.refresh_from_db()
        self.assertEqual(footer.contact_page_id, contact.pk)
        self.assertNotEqual(footer.contact_page_id, other.pk)

    @override_settings(SOURCE_CODE_URL="https://code.example/passerelle")
    def test_footer_links_the_source_code_when_configured(self):
        self.assertIn('<a href="https://code.example/passerelle">Code source</a>', self.footer())


class MenuAndFontTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_directory_page()

    def test_the_menu_is_a_details_element_holding_the_main_menu(self):
        html = self.client.get("/").content.decode()
        menu = html.split("<details")[1].split("</details>")[0]
        self.assertIn('<summary class="site-menu__toggle">', menu)
        self.assertIn('aria-label="Menu principal"', menu)
        self.assertIn('href="/repertoire/"', menu)

    def test_fonts_are_served_by_the_site_with_their_licence(self):
        css = (ROOT / "static/css/passerelle.css").read_text()
        self.assertNotIn("googleapis", css)
        fonts = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
        self.assertGreaterEqual(len(fonts), 4)
        for font in fonts:
            self.assertTrue((ROOT / "static/fonts" / font).is_file(), font)
        self.assertEqual(css.count("font-display: swap"), css.count("@font-face"))
        for licence in ("OFL-open-sans.txt", "OFL-roboto.txt"):
            self.assertIn("SIL Open Font License", (ROOT / "static/fonts" / licence).read_text())
