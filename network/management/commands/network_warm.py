"""Compute and cache the default network views ahead of the first visitor.

The page computes what is missing on first request (for a province-sized network, in the task worker),
which takes seconds; run this after a data import or from a scheduler to keep that wait off visitors.
Each view's graph, metrics and layout are computed once and rendered in every language. Safe to run any
time: a view whose data has not changed is already cached and is skipped at the cost of a few cache reads.
Useful with a shared cache (Redis) only: a local-memory cache ends with this command's process.
"""

import sys
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from tqdm import tqdm

from network.graph import LAYERS, PUBLIC_LAYERS, GraphSpec, data_version
from network.snapshot import compute_view, languages, part_key

DEFAULT_VIEWS = (GraphSpec(), GraphSpec(partner_view=True), GraphSpec(layers=PUBLIC_LAYERS),
                 GraphSpec(layers=LAYERS, partner_view=True))


class Command(BaseCommand):
    help = "Compute and cache the network page's default views (public and partners), in every language."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")

    def handle(self, *args, no_progress=False, **options):
        started = time.perf_counter()
        bar = tqdm(DEFAULT_VIEWS, desc="Network views", unit="view", file=sys.stderr,
                   disable=no_progress or not sys.stderr.isatty())
        for spec in bar:
            bar.set_postfix_str(spec.key().split("|")[0] + (" partners" if spec.partner_view else ""))
            view_started = time.perf_counter()
            version = data_version(spec)
            keys = [part_key("page", spec, version, language) for language in languages()]
            cached = len(cache.get_many(keys)) == len(keys)
            if not cached:
                compute_view(spec, version)
            page = cache.get(keys[0]) or {}
            self.stdout.write(f"{spec.key()}: {page.get('node_count', 0)} organisations, "
                              f"{page.get('edge_count', 0)} ties, {', '.join(languages())}, "
                              f"{'cached' if cached else 'computed'} in {time.perf_counter() - view_started:.2f} s")
        self.stdout.write(f"{len(DEFAULT_VIEWS)} views in {time.perf_counter() - started:.1f} s")
