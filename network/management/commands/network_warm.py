"""Compute and cache the default network views ahead of the first visitor.

The page computes what is missing on first request, which takes seconds on a province-sized network;
run this after a data import or from a scheduler to keep that wait off visitors. Safe to run any time:
a view whose data has not changed is already cached and is skipped at the cost of one cache read.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from network.graph import LAYERS, PUBLIC_LAYERS, GraphSpec
from network.snapshot import get_snapshot


class Command(BaseCommand):
    help = "Compute and cache the network page's default views (public and partners), in every language."

    def handle(self, *args, **options):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for spec in (GraphSpec(), GraphSpec(partner_view=True), GraphSpec(layers=PUBLIC_LAYERS),
                             GraphSpec(layers=LAYERS, partner_view=True)):
                    started = time.perf_counter()
                    snapshot = get_snapshot(spec)
                    self.stdout.write(f"{language} {spec.key()}: {snapshot.metrics.node_count} organisations, "
                                      f"{snapshot.metrics.edge_count} ties, {time.perf_counter() - started:.2f} s")
