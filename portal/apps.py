from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public site")

    def ready(self):
        # Page types live in pages.py, registered here once the models are loaded, as in every app: a page
        # uses blocks, feeds and queries that import the models, so the models module never imports it.
        from . import pages, postgres_loaders  # noqa: F401
        from .page_cache import connect_signals

        connect_signals()
