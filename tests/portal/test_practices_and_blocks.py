"""Practices filtered by theme, and the content blocks' rules and rendering."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from portal.blocks import CallToActionBlock, ImageBlock, KeyFigureBlock, KeyFiguresBlock, QuoteBlock
from portal.pages import StandardPage
from tests.factories import add_page, make_home, make_practice, make_practice_index, make_theme, translate


@pytest.fixture
def practices(db):
    home, _ = make_home()
    index = make_practice_index(home)
    translate(index, title="Practices", slug="practices")
    health, community = make_theme("sante", "Santé", "Health"), make_theme("communaute", "Communauté", "Community")
    clinic = make_practice(index, "Clinique des réfugiés", slug="clinique", themes=[health])
    translate(clinic, title="Refugee clinic", slug="clinic", themes=[health])
    make_practice(index, "Jumelage", slug="jumelage", themes=[community])
    return index


def test_theme_filter_keeps_matching_practices(client, practices):
    html = client.get("/pratiques/", {"theme": "sante"}).content.decode()
    assert "Clinique des réfugiés" in html and "Jumelage</a>" not in html
    assert '<a href="/pratiques/?theme=sante" aria-current="true" class="is-selected">Santé</a>' in html
    everything = client.get("/pratiques/").content.decode()
    assert "Clinique des réfugiés" in everything and "Jumelage</a>" in everything
    assert "2 pratiques" in everything


def test_theme_filter_in_english(client, practices):
    html = client.get("/en/practices/", {"theme": "sante"}).content.decode()
    assert "Refugee clinic" in html and ">Health</a>" in html


def test_unknown_theme_is_not_found(client, practices):
    assert client.get("/pratiques/", {"theme": "nope"}).status_code == 404


def test_call_to_action_needs_exactly_one_target(db):
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Voir", "page": None, "url": ""}))
    home, _ = make_home()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Voir", "page": home.pk, "url": "https://example.org/"}))
    assert block.clean(block.to_python({"label": "Voir", "page": None, "url": "https://example.org/"}))


def test_call_to_action_follows_the_language(client, db):
    home, _ = make_home()
    city = add_page(home, StandardPage, title="La ville", slug="la-ville")
    translate(city, title="The city", slug="the-city")
    add_page(
        home, StandardPage, title="Démarche", slug="demarche",
        body=[{"type": "call_to_action", "value": {"label": "Voir la ville", "page": city.pk, "url": ""}}],
    )
    translate(StandardPage.objects.get(slug="demarche"), title="Approach", slug="approach")
    assert 'class="button" href="/la-ville/"' in client.get("/demarche/").content.decode()
    assert 'class="button" href="/en/the-city/"' in client.get("/en/approach/").content.decode()


def test_image_needs_alternative_text():
    block = ImageBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))
    assert "alt_text" in error.value.block_errors


def test_quote_and_key_figures_render_accessibly():
    quote = QuoteBlock().render(QuoteBlock().to_python({"quote": "Ça nourrit l'âme.", "attribution": "Un jumeau"}))
    assert "<blockquote>" in quote and "<figcaption>— Un jumeau" in quote
    figures = KeyFiguresBlock()
    value = figures.to_python({"heading": "En chiffres", "figures": [{"number": "14e", "label": "ville"}]})
    html = figures.render(value)
    assert '<dt class="key-figure__number">14e</dt>' in html and "<h2" in html


def test_key_figures_say_their_source_and_period_and_need_a_value_or_the_register():
    figures = KeyFiguresBlock()
    value = figures.to_python({"heading": "", "figures": [
        {"number": "49 383", "label": "habitants", "source": "AIBSL", "period": "2018", "computed": ""},
        {"number": "535 km²", "label": "de territoire", "source": "", "period": "", "computed": ""},
    ]})
    html = figures.render(value)
    assert '<dd class="key-figure__source">Source\u00a0: AIBSL, 2018</dd>' in html
    assert html.count("key-figure__source") == 1  # nothing said when neither is known
    figure = KeyFigureBlock()
    with pytest.raises(ValidationError) as error:
        figure.clean(figure.to_python({"number": "", "label": "personnes", "computed": ""}))
    assert "number" in error.value.block_errors
    assert figure.clean(figure.to_python({"number": "", "label": "personnes", "computed": "persons"}))


def test_practice_list_queries_do_not_grow_with_practices(client, practices, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        client.get("/pratiques/")
    theme = make_theme("formation", "Formation", "Training")
    for number in range(5):
        make_practice(practices, f"Pratique {number}", slug=f"pratique-{number}", themes=[theme])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/pratiques/").content.decode()
    assert "7 pratiques" in html


def test_image_block_renders_the_alternative_text_and_caption(db):
    image = Image.objects.create(title="Le fleuve", file=get_test_image_file())
    block = ImageBlock()
    html = block.render(
        block.to_python({"image": image.pk, "alt_text": "Le fleuve en hiver", "caption": "Rimouski", "credit": ""})
    )
    assert 'alt="Le fleuve en hiver"' in html and "<figcaption>Rimouski" in html
