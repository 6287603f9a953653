import pytest

from .factories import World


@pytest.fixture
def world(db):
    return World()
