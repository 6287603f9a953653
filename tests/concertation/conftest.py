import pytest

from .factories import World


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def directory_page(db):
    from tests.factories import make_directory_page

    return make_directory_page()
