import pytest

from .factories import make_directory_page


@pytest.fixture
def directory_page(db):
    return make_directory_page()
