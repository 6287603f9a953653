"""The editors' translation workflow: a new French page prompts its translation; a report lists the pages the
English site lacks, with their count."""

from django.contrib.messages import get_messages
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.pages import StandardPage
from tests.factories import add_page, make_home, make_superuser, make_user, translate


def prompts(response, title: str) -> list[str]:
    """The translation prompts for a page among the admin's messages (the editor's admin speaks French); the
    messages of earlier requests the test did not display are there too, hence the title."""
    return [str(m) for m in get_messages(response.wsgi_request) if f"« {title} » n’existe qu’en français" in str(m)]


class TranslationWorkflowTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.home_en = make_home()
        cls.editor = make_superuser("editor")

    def setUp(self):
        self.client.force_login(self.editor)

    def create(self, parent, title, slug, action="action-publish"):
        data = nested_form_data({"title": title, "slug": slug, "intro": "", "body": streamfield([])})
        data[action] = "1"
        return self.client.post(f"/admin/pages/add/portal/standardpage/{parent.pk}/", data)

    def test_a_new_french_page_prompts_its_translation_once_with_a_link(self):
        response = self.create(self.home, "Nous joindre", "nous-joindre")
        self.assertEqual(response.status_code, 302)
        page = StandardPage.objects.get(slug="nous-joindre")
        url = f"/admin/translation/submit/page/{page.pk}/"
        [prompt] = prompts(response, "Nous joindre")  # created and published in one request: one prompt
        self.assertIn("Nous joindre", prompt)
        self.assertIn(f'href="{url}"', prompt)
        self.assertIn("Traduire en anglais", prompt)
        self.assertEqual(self.client.get(url).status_code, 200)  # Wagtail's own translation form

    def test_a_draft_prompts_too_an_english_or_translated_page_does_not(self):
        draft = self.create(self.home, "Brouillon", "brouillon", action="action-save")
        self.assertEqual(len(prompts(draft, "Brouillon")), 1)
        self.assertEqual(prompts(self.create(self.home_en, "Contact", "contact"), "Contact"), [])
        page = add_page(self.home, StandardPage, title="Déjà traduite")
        translate(page, title="Already translated", slug="already-translated")
        data = nested_form_data({"title": "Déjà traduite", "slug": page.slug, "intro": "", "body": streamfield([])})
        data["action-publish"] = "1"
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(prompts(response, "Déjà traduite"), [])

    def test_the_report_lists_pages_without_an_english_version_with_their_count(self):
        lonely = add_page(self.home, StandardPage, title="Seulement en français")
        both = add_page(self.home, StandardPage, title="Dans les deux langues")
        translate(both, title="In both languages", slug="in-both-languages")
        response = self.client.get("/admin/reports/untranslated-pages/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("Seulement en français", html)
        self.assertNotIn("Dans les deux langues", html)
        self.assertNotIn("In both languages", html)
        french = Page.objects.filter(depth__gt=1, locale__language_code="fr")
        english_keys = Page.objects.filter(locale__language_code="en").values("translation_key")
        lacking = french.exclude(translation_key__in=english_keys).count()  # "lonely" and Wagtail's welcome page
        self.assertEqual(lacking, 2)
        self.assertIn(f"2 pages sur {french.count()} n’ont pas de version anglaise", html)
        self.assertIn(f'href="/admin/translation/submit/page/{lonely.pk}/"', html)
        self.assertIn("Pages sans traduction anglaise", self.client.get("/admin/").content.decode())  # Reports menu

    def test_the_report_counts_both_numbers_over_the_pages_the_editor_may_change(self):
        from django.contrib.auth.models import Group, Permission
        from wagtail.models import GroupPagePermission

        section = add_page(self.home, StandardPage, title="Section")
        add_page(section, StandardPage, title="Sous-page")
        add_page(self.home, StandardPage, title="Ailleurs")
        group = Group.objects.create(name="Rédaction de la section")
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        GroupPagePermission.objects.create(group=group, page=section,
                                           permission=Permission.objects.get(codename="change_page"))
        editor = make_user("section-editor")
        editor.groups.add(group)
        self.client.force_login(editor)
        html = self.client.get("/admin/reports/untranslated-pages/").content.decode()
        self.assertIn("2 pages sur 2 n’ont pas de version anglaise", html)  # was "2 pages sur 5" (every French page)
        self.assertNotIn("Ailleurs", html)

    def test_the_report_is_for_editors_only(self):
        self.client.logout()
        response = self.client.get("/admin/reports/untranslated-pages/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("next=/admin/reports/untranslated-pages/", response["Location"])  # to sign in
