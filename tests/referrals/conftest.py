import pytest

from tests.factories import World


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def sent(world):
    from tests.factories import make_referral

    return make_referral(world.sender_cw, world.sender, world.receiver)
