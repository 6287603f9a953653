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


@pytest.fixture
def page_parts(settings, monkeypatch):
    """Pages rendered on every request (the full-page cache bypassed, as for a signed-in editor) while their
    parts (frame, listings, bodies) are kept in the cache as in production; the cache starts and ends empty."""
    from django.core.cache import cache

    from portal import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    monkeypatch.setattr(page_cache, "_cacheable_request", lambda request: False)
    yield
    cache.clear()
