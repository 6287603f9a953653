import pytest
from django.test import override_settings

from tests.factories import Register


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Public figures are cached for the day: every test starts without yesterday's (another test's)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(db):
    with override_settings(ARRIVALS_ROUTINE_STEPS=["routine-0", "routine-1"]):
        yield Register()
