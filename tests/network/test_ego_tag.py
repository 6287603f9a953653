"""{% ego_network organization %}: the partners list and the ego SVG, with the same visibility rules."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import make_organization, make_partnership, make_user

pytestmark = pytest.mark.django_db


def render(organization, user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    template = Template("{% load network_tags %}{% ego_network organization %}")
    return template.render(Context({"organization": organization, "request": request}))


def test_ego_network_lists_partners_once_per_agreement_and_draws_them():
    aibsl = make_organization("aibsl", acronym="AIBSL")
    cisss, css, ville = (make_organization(slug, kind="state") for slug in ("cisss", "css", "ville"))
    far = make_organization("far")
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


def _render_with(organization, query: str) -> str:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/" + query)
    request.user = AnonymousUser()
    template = Template("{% load network_tags %}{% ego_network organization %}")
    return template.render(Context({"organization": organization, "request": request}))


def test_a_hub_lists_its_strongest_ties_first_and_the_rest_behind_a_link():
    import datetime

    from network.templatetags.network_tags import ROLE_PAGE_TIES

    hub = make_organization("hub")
    make_partnership([hub, make_organization("ended")], kind="agreement", name="Finie", until=datetime.date(2019, 1, 1))
    for n in range(ROLE_PAGE_TIES + 3):
        make_partnership([hub, make_organization(f"p{n:02d}")], kind="informal", name=f"Informel {n:02d}")
    make_partnership([hub, make_organization("state", kind="state")], kind="agreement", name="Entente forte")
    html = _render_with(hub, "")
    assert html.count("<strong>") == ROLE_PAGE_TIES
    assert html.index("Entente forte") < html.index("Informel")  # a current agreement first
    assert "Finie" not in html  # an ended tie is not among the strongest
    assert "?partners=all" in html and f"{ROLE_PAGE_TIES + 5}" in html
    everything = _render_with(hub, "?partners=all")
    assert everything.count("<strong>") == ROLE_PAGE_TIES + 5 and "Finie" in everything


def test_the_partners_part_is_kept_per_content_version_and_audience(settings, django_assert_num_queries):
    """Kept like the frame's parts (issue 8): read once per content version, language and audience; a new
    partnership replaces the content version and shows on the next request; partners-only ties stay out of
    the anonymous part."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    aibsl, cisss = make_organization("aibsl", acronym="AIBSL"), make_organization("cisss", acronym="CISSS")
    make_partnership([aibsl, cisss], kind="agreement", name="Entente-cadre")
    make_partnership([aibsl, cisss], is_public=False, name="Secrète")
    member = make_user("member", cisss)
    assert "Secrète" not in render(aibsl, None)
    with django_assert_num_queries(0):  # the part and the picture: from the cache
        assert "Entente-cadre" in render(aibsl, None)
    assert "Secrète" in render(aibsl, member)
    assert "Secrète" not in render(aibsl, None)
    make_partnership([aibsl, make_organization("ville", acronym="VILLE")], name="Nouvelle")
    assert "Nouvelle" in render(aibsl, None)


@pytest.mark.parametrize("partners", [2, 30])
def test_the_partners_part_costs_three_queries_whatever_the_number_of_ties(partners, django_assert_num_queries):
    """When the part is cold: the two counts in one aggregate, the strongest ties (read through the membership
    index, not a join over every partnership), their members with their organisations (issue 8)."""
    from django.contrib.auth.models import AnonymousUser

    from network.templatetags.network_tags import _partners

    hub = make_organization("hub", acronym="HUB")
    for n in range(partners):
        make_partnership([hub, make_organization(f"p{n}"), make_organization(f"q{n}")], name=f"Partenariat {n}")
    with django_assert_num_queries(3):
        part = _partners(hub, AnonymousUser(), show_all=False)
    assert f"travaille avec {2 * partners} organismes" in part["works_with"]
    assert part["list"].count("<li>") == min(partners, 8)


def test_two_sites_sharing_a_cache_never_read_each_others_partners(settings, django_assert_num_queries):
    """Two sites on one cache share the content token; their organisations share primary keys (the benchmark
    serves the demo and the province side by side): the part is keyed by host and database too."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    settings.ALLOWED_HOSTS = ["demo.example", "province.example"]
    cache.clear()
    aibsl = make_organization("aibsl", acronym="AIBSL")
    make_partnership([aibsl, make_organization("cisss", acronym="CISSS")], kind="agreement", name="Entente-cadre")
    template = Template("{% load network_tags %}{% ego_network organization %}")
    for host, queries in (("demo.example", None), ("demo.example", 0), ("province.example", 3)):
        request = RequestFactory().get("/", HTTP_HOST=host)
        request.user = AnonymousUser()
        if queries is None:
            template.render(Context({"organization": aibsl, "request": request}))
            continue
        with django_assert_num_queries(queries):
            template.render(Context({"organization": aibsl, "request": request}))
