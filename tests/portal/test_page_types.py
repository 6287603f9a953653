"""Each page type can be created where it belongs, and only there."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.models import PracticeTheme
from portal.pages import EventIndexPage, EventPage, HomePage, PracticeIndexPage, PracticePage, StandardPage
from tests.factories import make_calendar, make_home, make_practice_index


class PageTypeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.home_en = make_home()

    def setUp(self):
        # force_login: the sign-in lockout (django-axes) refuses authenticate() without a request, as Client.login does
        self.client.force_login(self.create_test_user())

    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertCanNotCreateAt(PracticeIndexPage, HomePage)

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_practices_live_under_their_index(self):
        self.assertAllowedParentPageTypes(PracticeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PracticeIndexPage, {PracticePage})
        self.assertAllowedSubpageTypes(PracticePage, set())
        self.assertCanNotCreateAt(HomePage, PracticePage)
        self.assertCanNotCreateAt(StandardPage, PracticePage)

    def test_events_live_under_the_calendar(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(PracticeIndexPage, EventPage)

    def test_home_accepts_the_portal_entry_points(self):
        for model in (StandardPage, PracticeIndexPage, EventIndexPage):
            self.assertCanCreateAt(HomePage, model)

    def test_one_calendar_and_one_practice_index_per_home(self):
        make_calendar(self.home)
        make_practice_index(self.home)
        self.assertFalse(EventIndexPage.can_create_at(self.home))
        self.assertFalse(PracticeIndexPage.can_create_at(self.home))
        self.assertTrue(EventIndexPage.can_create_at(self.home_en))

    def test_create_standard_page_through_the_admin(self):
        data = nested_form_data(
            {
                "title": "La ville",
                "slug": "la-ville",
                "intro": "Au bord du fleuve.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Une métropole régionale", "level": "h2"}),
                        ("paragraph", rich_text("<p>49 383 habitants.</p>")),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, StandardPage, data)
        page = StandardPage.objects.get(slug="la-ville")
        self.assertEqual([block.block_type for block in page.body], ["heading", "paragraph"])

    def test_create_event_through_the_admin(self):
        calendar = make_calendar(self.home)
        data = nested_form_data(
            {
                "title": "Soirée de jumelage",
                "slug": "soiree-de-jumelage",
                "start": "2026-12-03 18:30",
                "end": "2026-12-03 21:00",
                "place": "Locaux d'AIBSL",
                "audience": "volunteers",
                "summary": "Familles et bénévoles.",
                "description": rich_text(""),
            }
        )
        self.assertCanCreate(calendar, EventPage, data)

    def test_an_accented_slug_posted_to_the_admin_is_transliterated(self):
        """Addresses stay ASCII (`soiree-…`, never `soir%C3%A9e-…`), even when the slug is posted as typed
        (no JavaScript to clean it): every page type's admin form transliterates it."""
        calendar = make_calendar(self.home)
        data = nested_form_data({
            "title": "Soirée de jumelage", "slug": "soirée-de-jumelage", "start": "2026-12-03 18:30",
            "place": "Locaux d'AIBSL", "audience": "volunteers", "summary": "Familles et bénévoles.",
            "description": rich_text(""),
        })
        self.assertCanCreate(calendar, EventPage, data)
        self.assertEqual(EventPage.objects.get().slug, "soiree-de-jumelage")

    def test_every_page_type_is_a_site_page(self):
        """Every page type inherits the site's base page: its ASCII-slug admin form and slug repair."""
        from django.apps import apps

        from portal.page_base import SitePage
        from portal.page_forms import PageForm

        page_types = [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]
        self.assertEqual([m.__name__ for m in page_types if not issubclass(m, SitePage)], [])
        self.assertTrue(all(issubclass(m.get_edit_handler().get_form_class(), PageForm) for m in page_types))

    def test_a_page_made_in_code_gets_an_ascii_slug(self):
        """Outside the admin form, Wagtail filled the slug with Django's slugify: "Sœurs" gave `surs`."""
        made = self.home.add_child(instance=StandardPage(title="Les Sœurs à l'œuvre", locale=self.home.locale))
        self.assertEqual(made.slug, "les-soeurs-a-loeuvre")
        typed = self.home.add_child(instance=StandardPage(title="Soirée", slug="soirée-été", locale=self.home.locale))
        self.assertEqual(typed.slug, "soiree-ete")

    def test_event_end_before_start_is_refused(self):
        calendar = make_calendar(self.home)
        data = nested_form_data(
            {
                "title": "À l'envers",
                "slug": "a-l-envers",
                "start": "2026-12-03 18:30",
                "end": "2026-12-02 21:00",
                "place": "Rimouski",
                "audience": "everyone",
                "summary": "Une erreur de saisie.",
                "description": rich_text(""),
            }
        )
        with self.assertRaises(AssertionError):
            self.assertCanCreate(calendar, EventPage, data)
        self.assertFalse(EventPage.objects.exists())

    def test_pages_render(self):
        calendar = make_calendar(self.home)
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRenderable(calendar)
        self.assertPageIsRoutable(calendar, "ics/")

    def test_editors_reach_the_footer_setting_and_the_practice_themes(self):
        PracticeTheme.objects.create(slug="sante", name_fr="Santé", name_en="Health")
        response = self.client.get("/admin/settings/portal/footersettings/", follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="about_fr"')
        response = self.client.get("/admin/snippets/portal/practicetheme/")
        self.assertContains(response, "Santé")
