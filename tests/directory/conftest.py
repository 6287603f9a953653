import pytest

from directory.models import ResponsibilityLevel
from tests.factories import (
    make_admin,
    make_directory_page,
    make_member,
    make_organization,
    make_responsibility,
    make_step,
    make_superuser,
)


@pytest.fixture
def directory_page(db):
    return make_directory_page()


@pytest.fixture
def world(db):
    """Alice administers A, Bob administers B, Carol is a caseworker in A, Pat is a platform admin."""
    org_a = make_organization("org-a", name="Organisme Alpha")
    org_b = make_organization("org-b", name="Organisme Bravo")
    step = make_step("housing")
    return {
        "a": org_a,
        "b": org_b,
        "alice": make_admin(org_a, "alice"),
        "bob": make_admin(org_b, "bob"),
        "carol": make_member(org_a, username="carol"),
        "pat": make_superuser("pat"),
        "resp_a": make_responsibility(org_a, step, ResponsibilityLevel.LEAD),
        "resp_b": make_responsibility(org_b, step, ResponsibilityLevel.SUPPORT),
        "step": step,
    }


@pytest.fixture
def parts_cached(page_parts, db):
    """The directory's pages with their parts cached and the page cache bypassed (tests/conftest.py)."""
    make_directory_page()
