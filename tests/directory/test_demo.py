"""The directory demo loads the seed's stakeholders with a real gap and overlap, and runs twice unchanged."""

import io

import pytest
from django.core.management import call_command

from directory.matrix import build_matrix
from directory.models import Membership, MembershipRole, Organization, PathwayStep, Responsibility
from directory.pages import DirectoryIndexPage

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    call_command("demo", stdout=io.StringIO(), verbosity=0)
    counts = (Organization.objects.count(), PathwayStep.objects.count(), Responsibility.objects.count(),
              Membership.objects.count(), DirectoryIndexPage.objects.count())
    call_command("demo", stdout=io.StringIO(), verbosity=0)
    assert counts == (Organization.objects.count(), PathwayStep.objects.count(), Responsibility.objects.count(),
                      Membership.objects.count(), DirectoryIndexPage.objects.count())
    slugs = set(Organization.objects.values_list("slug", flat=True))
    assert {"aibsl", "mifi", "cisss-bsl", "css-phares", "ville-rimouski", "soper", "tcri", "trait-union"} <= slugs
    assert Organization.objects.get(slug="mifi").former_name.startswith("Ministère de l'Immigration, de la Diversité")
    matrix = build_matrix()
    assert "garderie" in {row.step.slug for row in matrix.gaps}
    assert "logement-permanent" in {row.step.slug for row in matrix.overlaps}
    for slug in ("aibsl", "cisss-bsl", "css-phares", "ville-rimouski", "maison-familles", "moisson",
                 "pediatrie-sociale", "cpe"):
        roles = set(Membership.objects.filter(organization__slug=slug).values_list("role", flat=True))
        assert roles == set(MembershipRole.values), slug
    assert DirectoryIndexPage.objects.count() == 2  # French original and its English translation
    assert all(page.show_in_menus for page in DirectoryIndexPage.objects.all())
