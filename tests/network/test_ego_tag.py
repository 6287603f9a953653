"""{% ego_network organization %}: the partners list and the ego SVG, with the same visibility rules."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.network.factories import make_org, make_partnership, make_user

pytestmark = pytest.mark.django_db


def render(organization, user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    template = Template("{% load network_tags %}{% ego_network organization %}")
    return template.render(Context({"organization": organization, "request": request}))


def test_ego_network_lists_partners_once_per_agreement_and_draws_them():
    aibsl = make_org("aibsl", acronym="AIBSL")
    cisss, css, ville = make_org("cisss", kind="state"), make_org("css", kind="state"), make_org("ville", kind="state")
    far = make_org("far")
    make_partnership([aibsl, cisss, css, ville], kind="agreement", name="Entente-cadre")
    make_partnership([cisss, far], name="Loin")
    make_partnership([aibsl, far], is_public=False, name="Secrète")
    html = render(aibsl, None)
    assert html.count("<strong>Entente-cadre</strong>") == 1  # one agreement, listed once
    assert "CISSS, CSS, VILLE" in html
    assert "Secrète" not in html
    assert 'data-node="cisss"' in html and 'data-node="far"' not in html  # ego: direct ties only
    member_html = render(aibsl, make_user("member", cisss))
    assert "Secrète" in member_html and 'data-node="far"' in member_html
