"""The frame around every page: menu, footer, language switcher, account links, search, error pages."""

from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase, override_settings
from wagtail.models import Site

from portal.models import FooterSettings
from portal.pages import StandardPage
from portal.views import server_error
from tests.factories import add_page, make_home, translate


def menu_of(html):
    label = 'aria-label="Menu principal"' if "Menu principal" in html else 'aria-label="Main menu"'
    return html.split(label)[1].split("</nav>")[0]


class FrameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, _ = make_home()
        cls.city = add_page(cls.home, StandardPage, title="La ville", slug="la-ville", show_in_menus=True)
        translate(cls.city, title="The city", slug="the-city")
        add_page(cls.home, StandardPage, title="Hors menu", slug="hors-menu", show_in_menus=False)
        add_page(cls.home, StandardPage, title="Brouillon", slug="brouillon", show_in_menus=True, publish=False)

    def html(self, url, **params):
        return self.client.get(url, params).content.decode()

    def test_menu_lists_live_children_shown_in_menus_in_the_current_language(self):
        french = menu_of(self.html("/"))
        self.assertIn('<a href="/la-ville/">La ville</a>', french)
        self.assertNotIn("Hors menu", french)
        self.assertNotIn("Brouillon", french)
        english = menu_of(self.html("/en/"))
        self.assertIn('<a href="/en/the-city/">The city</a>', english)
        self.assertNotIn("La ville", english)

    def test_menu_marks_the_current_section(self):
        self.assertIn('<a href="/la-ville/" aria-current="page">La ville</a>', menu_of(self.html("/la-ville/")))

    def test_home_cards_are_the_menu_entries(self):
        cards = self.html("/").split('id="entry-points-heading"')[1].split("</section>")[0]
        self.assertIn("La ville", cards)
        self.assertNotIn("Hors menu", cards)

    def test_footer_comes_from_the_site_setting_in_the_current_language(self):
        footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
        footer.about_fr, footer.about_en, footer.email = "Animé par AIBSL.", "Run by AIBSL.", "info@passerelle.example"
        footer.links = [
            {"type": "link", "value": {"label_fr": "Notre ville", "label_en": "Our city", "page": self.city.pk}},
            {"type": "link", "value": {"label_fr": "TCRI", "label_en": "TCRI", "url": "https://tcri.example/"}},
        ]
        footer.save()
        french = self.html("/").split('class="site-footer"')[1]
        self.assertIn("Animé par AIBSL.", french)
        self.assertIn('href="mailto:info@passerelle.example"', french)
        self.assertIn('<a href="/la-ville/">Notre ville</a>', french)
        self.assertIn('<a href="https://tcri.example/">TCRI</a>', french)
        english = self.html("/en/").split('class="site-footer"')[1]
        self.assertIn("Run by AIBSL.", english)
        self.assertIn('<a href="/en/the-city/">Our city</a>', english)

    def test_switcher_links_to_the_page_translation(self):
        html = self.html("/la-ville/")
        self.assertIn('<a href="/en/the-city/" hreflang="en" lang="en">English</a>', html)
        self.assertIn('<link rel="alternate" hreflang="en" href="/en/the-city/">', html)
        self.assertIn('<a href="/la-ville/" hreflang="fr" lang="fr">Français</a>', self.html("/en/the-city/"))

    def test_switcher_falls_back_to_the_other_home_without_translation(self):
        self.assertIn('<a href="/en/" hreflang="en" lang="en">English</a>', self.html("/hors-menu/"))

    def test_switcher_keeps_the_query_on_other_views(self):
        html = self.html("/recherche/", q="ville")
        self.assertIn('<a href="/en/search/?q=ville" hreflang="en" lang="en">English</a>', html)

    def test_not_found_page(self):
        response = self.client.get("/en/nowhere/")
        self.assertEqual(response.status_code, 404)
        html = response.content.decode()
        self.assertIn("Page not found", html)
        self.assertIn('<html lang="en">', html)
        self.assertIn('<a href="/" hreflang="fr" lang="fr">Français</a>', html)
        self.assertIn("Page introuvable", self.html("/nulle-part/"))

    def test_anonymous_visitor_sees_sign_in_and_the_workspace_entry(self):
        html = self.html("/la-ville/")
        self.assertIn('href="/connexion/?next=/la-ville/"', html)
        self.assertIn('<a href="/references/">Espace partenaires</a>', html)
        self.assertIn('<a href="/en/referrals/">Partner workspace</a>', self.html("/en/"))

    def test_signed_in_user_signs_out_with_a_post_form(self):
        self.client.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
        html = self.html("/")
        self.assertIn('<form class="inline-form" method="post" action="/deconnexion/">', html)
        self.assertNotIn("Se connecter", html)

    @override_settings(ROOT_URLCONF="tests.portal.urls_without_workspace")
    def test_no_workspace_link_without_the_referrals_inbox(self):
        html = self.html("/")
        self.assertNotIn("Espace partenaires", html)
        self.assertIn("Se connecter", html)

    def test_every_page_has_a_labelled_search_form_except_the_search_page(self):
        html = self.html("/la-ville/")
        self.assertIn('<label for="header-search-q" class="visually-hidden">Rechercher dans le site</label>', html)
        self.assertIn('action="/recherche/"', html)
        search = self.html("/recherche/")
        self.assertNotIn("header-search-q", search)
        self.assertIn('id="search-q"', search)


def test_server_error_page_needs_no_database():
    # No `db` fixture: pytest-django makes any database access raise here.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode() and "Server error" in response.content.decode()
