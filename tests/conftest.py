import pytest

from tests import schema_cache


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Just before the test databases are made: reuse a cached migrated SQLite schema (tests/schema_cache.py)."""
    if schema_cache.enabled():
        schema_cache.install()


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    """Every test starts in French (the default language) with its own media folder."""
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    translation.activate("fr")
    yield
    translation.deactivate()
