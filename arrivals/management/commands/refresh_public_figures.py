"""Compute today's public figures of the register and refresh the public pages that show them (run daily).

The figures are cached for the day anyway; this command makes the change visible at once: when the day's
figures differ from the ones last published, it bumps the public pages' content version, so that no cached
home page keeps yesterday's numbers.
"""

import hashlib

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils import translation

from arrivals.figures import public_figures
from portal.page_cache import bump_content_version

DIGEST_KEY = "arrivals:public-figures:digest"


class Command(BaseCommand):
    help = "Compute the register's public figures for today and refresh the cached public pages if they changed."

    def handle(self, *args, **options):
        with translation.override("fr"):
            figures = public_figures(refresh=True)
        digest = hashlib.sha256(repr((str(figures.persons), str(figures.households), str(figures.languages),
                                      figures.language_names, figures.progress)).encode()).hexdigest()
        try:
            previous = cache.get(DIGEST_KEY)
            cache.set(DIGEST_KEY, digest, None)
        except Exception:  # noqa: BLE001 — with the cache down, pages are rendered uncached anyway
            previous = None
        if previous != digest:
            bump_content_version()
            self.stdout.write(f"Public figures changed (as of {figures.as_of}): public pages refreshed.")
        else:
            self.stdout.write(f"Public figures unchanged (as of {figures.as_of}).")
