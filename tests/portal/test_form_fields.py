"""Every form renders through one field template: each id an input's aria-describedby names is on the page
(before, the directory, matrix, who-to-contact and network forms pointed screen readers at ids never
rendered), and a field in error says so (aria-invalid) next to its message."""

import re

import pytest
from django import forms
from django.template import engines

from tests.factories import make_directory_page, make_network_page, make_step

pytestmark = pytest.mark.django_db


def assert_described_ids_exist(html: str):
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    missing = [ident for value in described for ident in value.split() if ident not in ids]
    assert not missing, f"aria-describedby points at ids never rendered: {missing}"
    return described


class SampleForm(forms.Form):
    name = forms.CharField(help_text="Your name.")
    agree = forms.BooleanField()
    colour = forms.ChoiceField(choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)


def test_the_field_template_renders_the_ids_django_describes_with():
    form = SampleForm(data={})
    html = engines["django"].from_string("{{ form }}").render({"form": form})
    described = assert_described_ids_exist(html)
    assert "id_name_helptext id_name_error" in described and 'aria-invalid="true"' in html
    assert 'class="help" id="id_name_helptext"' in html and '<fieldset aria-describedby="id_colour_error">' in html


@pytest.mark.parametrize("path", [
    "/repertoire/?kind=martian&language=zz",  # errors and help texts
    "/repertoire/",
    "/repertoire/matrice/?stage=someday",
    "/repertoire/qui-contacter/?step=nowhere",
    "/en/directory/matrix/",
])
def test_directory_forms_describe_with_rendered_ids(client, path):
    make_directory_page()
    make_step("logement")
    response = client.get(path)
    assert response.status_code in (200, 400)
    assert_described_ids_exist(response.content.decode())


def test_network_form_describes_with_rendered_ids(client):
    page = make_network_page()
    page.save_revision().publish()
    for query in ("", "?as_of=not-a-date&layers=nonsense"):
        response = client.get("/reseau/" + query)
        assert response.status_code in (200, 400)
        html = response.content.decode()
        assert 'aria-describedby' in html or query == ""
        assert_described_ids_exist(html)
