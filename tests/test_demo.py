"""The whole demo (`passerelle demo`), loaded once for this module and run twice: complete, bilingual,
idempotent (the second run doubles nothing), with the seed's real gap and overlap.

Loading it costs tens of seconds, so it happens once: a module-scoped fixture loads it inside a transaction
that is rolled back after the last test here (each test runs in a savepoint of it, as usual), so no other
test ever sees the demo.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from wagtail.images.models import Image
from wagtail.models import Page

from concertation.models import ActionItem, Decision, Meeting, SharedDocument
from directory.matrix import build_matrix
from directory.models import Membership, MembershipRole, Organization, PathwayStep, Responsibility
from directory.pages import DirectoryIndexPage
from network.models import Partnership, PartnershipMember
from network.pages import NetworkPage
from portal import demo_content
from portal.models import FooterSettings, PracticeTheme
from portal.pages import EventPage, HomePage, PracticePage
from referrals.models import Referral, ReferralState

pytestmark = pytest.mark.django_db

COUNTED = {
    "pages": Page, "homes": HomePage, "practices": PracticePage, "events": EventPage, "themes": PracticeTheme,
    "footers": FooterSettings, "images": Image, "organisations": Organization, "steps": PathwayStep,
    "responsibilities": Responsibility, "memberships": Membership, "directory pages": DirectoryIndexPage,
    "partnerships": Partnership, "partnership members": PartnershipMember, "network pages": NetworkPage,
    "referrals": Referral, "shared documents": SharedDocument, "meetings": Meeting, "decisions": Decision,
    "action items": ActionItem,
}


def counts():
    return {name: model.objects.count() for name, model in COUNTED.items()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """{"first": counts after one run, "second": counts after a second run}; the demo stays loaded."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", stdout=io.StringIO(), verbosity=0)
            first = counts()
            call_command("demo", stdout=io.StringIO(), verbosity=0)
            yield {"first": first, "second": counts()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()  # Wagtail's cached site root paths point to the pages rolled back
            media.disable()


@pytest.fixture(autouse=True)
def _media_and_language():
    """Replaces the suite's per-test media folder: the demo's images live in the module's folder."""
    translation.activate("fr")
    yield
    translation.deactivate()


def test_a_second_run_doubles_nothing(demo):
    assert demo["second"] == demo["first"]


def test_the_directory_has_the_seed_stakeholders_gap_and_overlap(demo):
    slugs = set(Organization.objects.values_list("slug", flat=True))
    assert {"aibsl", "mifi", "cisss-bsl", "css-phares", "ville-rimouski", "soper", "tcri", "trait-union"} <= slugs
    assert Organization.objects.get(slug="mifi").former_name.startswith("Ministère de l'Immigration, de la Diversité")
    matrix = build_matrix()
    assert "garderie" in {row.step.slug for row in matrix.gaps}
    assert "logement-permanent" in {row.step.slug for row in matrix.overlaps}


def test_the_organisations_exchanging_referrals_have_every_role(demo):
    for slug in ("aibsl", "cisss-bsl", "css-phares", "ville-rimouski", "maison-familles", "moisson",
                 "pediatrie-sociale", "cpe"):
        roles = set(Membership.objects.filter(organization__slug=slug).values_list("role", flat=True))
        assert roles == set(MembershipRole.values), slug


def test_entry_pages_exist_in_both_languages_in_the_menu(demo):
    assert demo["first"]["homes"] == 2
    assert demo["first"]["directory pages"] == 2 and demo["first"]["network pages"] == 2
    assert all(page.show_in_menus for page in DirectoryIndexPage.objects.all())
    assert demo["first"]["practices"] == 2 * len(demo_content.PRACTICES)
    assert demo["first"]["events"] == 2 * len(demo_content.EVENTS)
    assert demo["first"]["images"] == 1


def test_events_link_to_the_directory_organisations(demo):
    evening = EventPage.objects.get(slug="soiree-de-jumelage")
    aibsl = Organization.objects.get(slug="aibsl")
    assert {page.organizer for page in evening.get_translations(inclusive=True).specific()} == {aibsl}


def test_referrals_cover_every_state(demo):
    assert set(Referral.objects.values_list("state", flat=True)) == set(ReferralState.values)


def test_the_site_is_served_in_both_languages(demo, client):
    assert "Rimouski, ville d&#x27;accueil" in client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Rimouski, welcome city" in english and "/en/winning-practices/" in english
    assert client.get("/en/winning-practices/twinning/").status_code == 200
    assert client.get("/calendrier/ics/")["Content-Type"].startswith("text/calendar")
    city = client.get("/en/the-city/").content.decode()
    assert 'alt="Diagram: the St. Lawrence River widens' in city


def test_partner_space_from_the_seed(demo):
    agreement = SharedDocument.objects.get(title="Entente-cadre ville d'accueil (2017)")
    assert agreement.partnership.slug == "entente-cadre-ville-accueil" and agreement.visibility == "partners"
    assert SharedDocument.objects.filter(title__startswith="Cahier de charges", visibility="members").exists()
    assert SharedDocument.objects.filter(partnership__slug="clinique-refugies").exists()
    table = Organization.objects.get(slug="table-immigration")
    assert Meeting.objects.filter(table=table).count() == 3
    assert Meeting.objects.filter(table=table, minutes__isnull=False).count() == 2
    steps = set(ActionItem.objects.filter(table=table).values_list("step__slug", flat=True))
    assert {"garderie", "logement-permanent"} <= steps


def test_the_home_figures_say_where_and_when_they_come_from(demo, client):
    """The seed's figures are from 2018–2019 and say so; the register's are computed and dated."""
    home = client.get("/").content.decode()
    assert "Source\u00a0: Présentation d&#x27;AIBSL « Pratiques gagnantes, défis et enjeux », 2018</dd>" in home
    english = client.get("/en/").content.decode()
    assert "49,383" in english and "since 11 January 2017" in english


def test_every_demo_address_is_ascii(demo):
    """No `soir%C3%A9e-…` in the demo: every page's slug (both languages) and organisation's slug is ASCII."""
    slugs = [*Page.objects.values_list("slug", flat=True), *Organization.objects.values_list("slug", flat=True)]
    assert slugs and [slug for slug in slugs if not slug.isascii()] == []


def test_privacy_accessibility_and_contact_pages_in_both_languages(demo, client):
    """The pages a Québec public site has: editable pages for the accessibility statement and contact, the
    privacy app's page, all three offered to the footer in the visitor's language."""
    from django.test import RequestFactory

    statement = client.get("/accessibilite/").content.decode()
    assert "WCAG 2.2, niveau AA" in statement and "SGQRI 008 3.0" in statement and "Signaler un problème" in statement
    assert "30 novembre 2026" in statement
    assert "WCAG 2.2, level AA" in client.get("/en/accessibility/").content.decode()
    assert "info@passerelle.example" in client.get("/nous-joindre/").content.decode()
    assert client.get("/en/contact/").status_code == 200
    assert client.get("/confidentialite/").status_code == 200
    footer = FooterSettings.objects.get()
    request = RequestFactory().get("/")
    with translation.override("en"):
        links = {link["kind"]: (str(link["label"]), link["href"]) for link in footer.service_links(request)}
    assert links == {"privacy": ("Privacy and personal information", "/en/privacy/"),
                     "accessibility": ("Accessibility statement", "/en/accessibility/"),
                     "contact": ("Contact us", "/en/contact/")}
    french = {link["kind"]: link["href"] for link in footer.service_links(request)}
    assert french == {"privacy": "/confidentialite/", "accessibility": "/accessibilite/", "contact": "/nous-joindre/"}
