import pytest


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    """Every test starts in French (the default language) with its own media folder."""
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    translation.activate("fr")
    yield
    translation.deactivate()
