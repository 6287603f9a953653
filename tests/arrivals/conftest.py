import pytest
from django.test import override_settings

from .factories import Register


@pytest.fixture
def register(db):
    with override_settings(ARRIVALS_ROUTINE_STEPS=["routine-0", "routine-1"]):
        yield Register()
