"""The frame around every page: menu, footer, language switcher, account links, error pages."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from wagtail.models import Site

from portal.models import FooterSettings, StandardPage
from portal.views import server_error
from tests.portal.factories import add_page, make_home, translate


@pytest.fixture
def home(db):
    home, _ = make_home()
    city = add_page(home, StandardPage, title="La ville", slug="la-ville", show_in_menus=True)
    translate(city, title="The city", slug="the-city")
    add_page(home, StandardPage, title="Hors menu", slug="hors-menu", show_in_menus=False)
    add_page(home, StandardPage, title="Brouillon", slug="brouillon", show_in_menus=True, publish=False)
    return home


def menu_of(html):
    return html.split('aria-label="Menu principal"')[1].split("</nav>")[0] if "Menu principal" in html else (
        html.split('aria-label="Main menu"')[1].split("</nav>")[0]
    )


def test_menu_lists_live_children_shown_in_menus_in_the_current_language(client, home):
    french = menu_of(client.get("/").content.decode())
    assert '<a href="/la-ville/">La ville</a>' in french
    assert "Hors menu" not in french and "Brouillon" not in french
    english = menu_of(client.get("/en/").content.decode())
    assert '<a href="/en/the-city/">The city</a>' in english
    assert "La ville" not in english


def test_menu_marks_the_current_section(client, home):
    html = menu_of(client.get("/la-ville/").content.decode())
    assert '<a href="/la-ville/" aria-current="page">La ville</a>' in html


def test_home_cards_are_the_menu_entries(client, home):
    html = client.get("/").content.decode()
    cards = html.split('id="entry-points-heading"')[1].split("</section>")[0]
    assert "La ville" in cards and "Hors menu" not in cards


def test_footer_comes_from_the_site_setting_in_the_current_language(client, home):
    city = StandardPage.objects.get(slug="la-ville")
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.about_fr, footer.about_en, footer.email = "Animé par AIBSL.", "Run by AIBSL.", "info@passerelle.example"
    footer.links = [{"type": "link", "value": {"label_fr": "Notre ville", "label_en": "Our city", "page": city.pk}}]
    footer.save()
    french = client.get("/").content.decode().split('class="site-footer"')[1]
    assert "Animé par AIBSL." in french and 'href="mailto:info@passerelle.example"' in french
    assert '<a href="/la-ville/">Notre ville</a>' in french
    english = client.get("/en/").content.decode().split('class="site-footer"')[1]
    assert "Run by AIBSL." in english
    assert '<a href="/en/the-city/">Our city</a>' in english


def test_switcher_links_to_the_page_translation(client, home):
    html = client.get("/la-ville/").content.decode()
    assert '<a href="/en/the-city/" hreflang="en" lang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="en" href="/en/the-city/">' in html
    html = client.get("/en/the-city/").content.decode()
    assert '<a href="/la-ville/" hreflang="fr" lang="fr">Français</a>' in html


def test_switcher_falls_back_to_the_other_home_without_translation(client, home):
    html = client.get("/hors-menu/").content.decode()
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html


def test_switcher_keeps_the_query_on_other_views(client, home):
    html = client.get("/recherche/", {"q": "ville"}).content.decode()
    assert '<a href="/en/recherche/?q=ville" hreflang="en" lang="en">English</a>' in html


def test_not_found_page(client, home):
    response = client.get("/en/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and '<html lang="en">' in html
    assert '<a href="/" hreflang="fr" lang="fr">Français</a>' in html
    assert client.get("/nulle-part/").content.decode().count("Page introuvable") >= 1


def test_server_error_page_needs_no_database():
    # No `db` fixture: pytest-django makes any database access raise here.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode() and "Server error" in response.content.decode()


def test_anonymous_visitor_sees_sign_in_and_the_workspace_entry(client, home):
    html = client.get("/la-ville/").content.decode()
    assert 'href="/connexion/?next=/la-ville/"' in html
    assert '<a href="/references/">Espace partenaires</a>' in html


def test_signed_in_user_signs_out_with_a_post_form(client, home):
    user = get_user_model().objects.create_user("camille", password="x" * 12)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert '<form class="inline-form" method="post" action="/deconnexion/">' in html
    assert "Se connecter" not in html


def test_workspace_link_appears_when_referrals_inbox_exists(client, home, settings):
    settings.ROOT_URLCONF = "tests.portal.urls_with_workspace"
    html = client.get("/").content.decode()
    assert '<a href="/espace/inbox/">Espace partenaires</a>' in html
    assert '<a href="/en/espace/inbox/">Partner workspace</a>' in client.get("/en/").content.decode()
