"""French at `/`, English at `/en/`: the home page, a practice and an event answer in both languages."""

from django.test import TestCase

from tests.factories import (
    local,
    make_calendar,
    make_event,
    make_home,
    make_practice,
    make_practice_index,
    translate,
)


class RoutingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home, _ = make_home(intro="Ville d'accueil depuis 2017.")
        translate(home, intro="Welcome city since 2017.")
        practices = make_practice_index(home)
        translate(practices, title="Winning practices", slug="practices")
        twinning = make_practice(practices, "Le jumelage", slug="jumelage")
        translate(twinning, title="Twinning", slug="twinning", summary="Families meet residents.")
        calendar = make_calendar(home)
        translate(calendar, title="Calendar", slug="calendar")
        evening = make_event(calendar, "Soirée de jumelage", slug="soiree", start=local(2026, 12, 3, 18, 30))
        translate(evening, title="Twinning evening", slug="evening", summary="Meet the volunteers.")

    def test_pages_answer_in_their_language(self):
        for url, language, text in [
            ("/", "fr", "Ville d&#x27;accueil depuis 2017."),
            ("/en/", "en", "Welcome city since 2017."),
            ("/pratiques/jumelage/", "fr", "Le jumelage"),
            ("/en/practices/twinning/", "en", "Families meet residents."),
            ("/calendrier/soiree/", "fr", "Soirée de jumelage"),
            ("/en/calendar/evening/", "en", "Meet the volunteers."),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(f'<html lang="{language}">', response.content.decode())
                self.assertIn(text, response.content.decode())
                self.assertEqual(response["Content-Language"], language)

    def test_english_slug_is_not_served_in_french(self):
        self.assertEqual(self.client.get("/pratiques/twinning/").status_code, 404)
        self.assertEqual(self.client.get("/en/pratiques/jumelage/").status_code, 404)

    def test_interface_strings_follow_the_language(self):
        self.assertIn("Aller au contenu", self.client.get("/").content.decode())
        self.assertIn("Skip to content", self.client.get("/en/").content.decode())
