"""The portal's demo loader builds the bilingual site tree, and loading it twice doubles nothing."""

import io

import pytest
from wagtail.models import Page

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
    demo.load(ctx)
    demo.finish(ctx)
    assert counts() == first
    assert "Rimouski, ville d&#x27;accueil" in client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Rimouski, welcome city" in english and "/en/winning-practices/" in english
    assert client.get("/en/winning-practices/twinning/").status_code == 200
    assert client.get("/calendrier/ics/")["Content-Type"].startswith("text/calendar")
