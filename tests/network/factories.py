"""Small builders for the network tests: only what a test needs, never the demo."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from directory.models import Membership, Organization, PathwayStep, Responsibility
from network.models import Partnership, PartnershipKind, PartnershipMember

_seq = itertools.count(1)


def make_org(slug: str, *, kind: str = "community", acronym: str = "", **fields) -> Organization:
    return Organization.objects.create(slug=slug, name=fields.pop("name", slug.upper()), acronym=acronym, kind=kind,
                                       mandate_fr="Mandat fictif.", **fields)


def make_partnership(members, *, kind: str = PartnershipKind.SERVICE, since=datetime.date(2018, 1, 1),
                     until=None, is_public: bool = True, slug: str | None = None, name: str = "") -> Partnership:
    number = next(_seq)
    partnership = Partnership.objects.create(
        slug=slug or f"partnership-{number}", kind=kind, name_fr=name or f"Entente {number}",
        name_en=name or f"Agreement {number}", since=since, until=until, is_public=is_public)
    for org in members:
        PartnershipMember.objects.create(partnership=partnership, organization=org)
    return partnership


def make_step(slug: str = "", order: int = 0) -> PathwayStep:
    number = next(_seq)
    return PathwayStep.objects.create(slug=slug or f"step-{number}", stage="arrival", order=order,
                                      name_fr=f"Étape {number}", name_en=f"Step {number}")


def make_responsibility(org, step, *, level: str = "support", is_public: bool = True) -> Responsibility:
    return Responsibility.objects.create(organization=org, step=step, level=level, is_public=is_public)


def make_user(username: str, organization: Organization | None = None, **fields):
    user = get_user_model().objects.create_user(username=username, password="not-a-real-password-1", **fields)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization)
    return user


def make_network_page(title: str = "Réseau", slug: str = "reseau"):
    """A French home page with a NetworkPage under it, served at /reseau/ (and no English translation)."""
    from wagtail.models import Page, Site

    from network.models import NetworkPage
    from portal.demo import ensure_locales
    from portal.models import HomePage

    fr, _en = ensure_locales()
    root = Page.get_first_root_node()
    home = HomePage(title="Accueil", slug="accueil-test", locale=fr)
    root.add_child(instance=home)
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "testserver", "port": 80,
                                                                  "root_page": home, "site_name": "Passerelle"})
    page = NetworkPage(title=title, slug=slug, locale=fr, show_in_menus=True)
    home.add_child(instance=page)
    return page
