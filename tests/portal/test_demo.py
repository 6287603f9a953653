"""The portal's demo loader builds the bilingual site tree, and loading it twice doubles nothing."""

import io

import pytest
from wagtail.images.models import Image
from wagtail.models import Page

from directory.models import Organization
from portal import demo
from portal.demo_kit import DemoContext
from portal.models import EventPage, FooterSettings, HomePage, PracticePage, PracticeTheme


def counts():
    return {
        "pages": Page.objects.count(),
        "homes": HomePage.objects.count(),
        "practices": PracticePage.objects.count(),
        "events": EventPage.objects.count(),
        "themes": PracticeTheme.objects.count(),
        "footers": FooterSettings.objects.count(),
        "images": Image.objects.count(),
    }


@pytest.mark.django_db
def test_demo_loads_both_languages_and_is_idempotent(client):
    ctx = DemoContext(stdout=io.StringIO(), style=None, verbosity=0)
    demo.load(ctx)
    demo.finish(ctx)
    first = counts()
    assert first["homes"] == 2
    assert first["practices"] == 2 * len(demo.content.PRACTICES)
    assert first["events"] == 2 * len(demo.content.EVENTS)
    assert first["images"] == 1
    # The second pass links events to the directory's organisations once they exist.
    aibsl = Organization.objects.create(
        name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL", slug="aibsl", kind="community",
        mandate_fr="Accueil des personnes immigrantes.",
    )
    demo.load(ctx)
    demo.finish(ctx)
    assert counts() == first
    evening = EventPage.objects.get(slug="soiree-de-jumelage")
    assert {page.organizer for page in evening.get_translations(inclusive=True).specific()} == {aibsl}
    assert "Rimouski, ville d&#x27;accueil" in client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Rimouski, welcome city" in english and "/en/winning-practices/" in english
    assert client.get("/en/winning-practices/twinning/").status_code == 200
    assert client.get("/calendrier/ics/")["Content-Type"].startswith("text/calendar")
    city = client.get("/en/the-city/").content.decode()
    assert 'alt="Diagram: the St. Lawrence River widens' in city
