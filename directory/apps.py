from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")


    def ready(self):
        # Page types live in pages.py, registered here once the models are loaded: a page uses forms, views
        # and queries that import the models, so the models module never imports it (no import cycle).
        from . import pages  # noqa: F401
