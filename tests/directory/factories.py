"""Small builders for the directory tests: each builds only what a test asks for."""

import itertools

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from directory import services
from directory.models import (
    Language,
    MembershipRole,
    OrganizationKind,
    PathwayStage,
    PathwayStep,
    ResponsibilityLevel,
    Sector,
)
from directory.pages import DirectoryIndexPage

_counter = itertools.count(1)


def make_user(username: str | None = None, **fields):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password="x" * 16, **fields)


def make_organization(slug: str | None = None, *, kind: str = OrganizationKind.COMMUNITY, **fields):
    slug = slug or f"org-{next(_counter)}"
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("mandate_fr", f"Mandat de {slug}.")
    fields.setdefault("mandate_en", f"Mandate of {slug}.")
    return services.organization_create(slug=slug, kind=kind, **fields)


def make_member(organization, *, role: str = MembershipRole.CASEWORKER, username: str | None = None, **fields):
    user = make_user(username, **fields)
    services.membership_add(user=user, organization=organization, role=role)
    return user


def make_admin(organization, username: str | None = None):
    return make_member(organization, role=MembershipRole.ADMIN, username=username)


def make_step(slug: str | None = None, *, stage: str = PathwayStage.ARRIVAL, order: int = 0, **fields):
    slug = slug or f"step-{next(_counter)}"
    fields.setdefault("name_fr", f"Étape {slug}")
    fields.setdefault("name_en", f"Step {slug}")
    return PathwayStep.objects.create(slug=slug, stage=stage, order=order, **fields)


def make_responsibility(organization, step, level: str = ResponsibilityLevel.LEAD, **fields):
    return services.responsibility_set(organization=organization, step=step, level=level, **fields)


def make_sector(slug: str = "health", name_fr: str = "Santé", name_en: str = "Health"):
    return Sector.objects.get_or_create(slug=slug, defaults={"name_fr": name_fr, "name_en": name_en})[0]


def make_language(code: str = "es", name_fr: str = "Espagnol", name_en: str = "Spanish"):
    return Language.objects.get_or_create(code=code, defaults={"name_fr": name_fr, "name_en": name_en})[0]


def make_superuser(username: str = "platform"):
    return get_user_model().objects.create_superuser(username=username, password="x" * 16, email="")


def make_directory_page():
    """A home page at the site root with the directory under it, in French and in English."""
    from portal.demo import translate_page
    from portal.models import HomePage

    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed the tree the migrations created
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=fr))
    home = HomePage(title="Accueil", slug="accueil-test", locale=fr)
    root.add_child(instance=home)
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "testserver", "root_page": home})
    page = DirectoryIndexPage(title="Répertoire", slug="repertoire", locale=fr, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    translate_page(home, en, {"title": "Home"})
    translate_page(page, en, {"title": "Directory", "slug": "directory"})
    return page
