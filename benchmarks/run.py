"""Time the network's stages on the benchmark database (fill it first with benchmarks/generate.py).

    .venv/bin/python benchmarks/run.py            # public view, then the partners' view with referrals

Reports graph build, metrics, layout, SVG, and the network page cold (empty cache) and cached, and writes
them to benchmarks/results/results.json as well.
"""

import json
import os
import platform
import time

from setup_django import RESULTS, setup


def timed(label, function, results, key):
    started = time.perf_counter()
    value = function()
    results[key][label] = round(time.perf_counter() - started, 3)
    print(f"  {label:<28} {results[key][label]:>9.3f} s", flush=True)
    return value


def main() -> None:
    setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.utils import translation

    from directory.models import Membership, Organization, OrganizationKind
    from network.drawing import layout, render_svg
    from network.graph import GraphSpec, build_graph, data_version
    from network.metrics import compute_metrics
    from network.pages import NetworkPage
    from portal.demo import ensure_home

    translation.activate("fr")
    home = ensure_home()
    if not NetworkPage.objects.exists():
        home.add_child(instance=NetworkPage(title="Réseau", slug="reseau", show_in_menus=True, locale=home.locale))
    page_url = NetworkPage.objects.filter(locale=home.locale).first().url
    user, _ = get_user_model().objects.get_or_create(username="benchmark-partner")
    Membership.objects.get_or_create(user=user, organization=Organization.objects.order_by("pk").first())

    results = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
               "database": os.environ["DATABASE_URL"].split("@")[-1].split("://")[0]}
    for view, spec, login in [
        ("public", GraphSpec(), False),
        ("partners, all layers", GraphSpec(layers=("partnerships", "responsibilities", "referrals"),
                                           partner_view=True), True),
    ]:
        results[view] = {}
        print(f"{view}:")
        timed("data version (cache key)", lambda spec=spec: data_version(spec), results, view)
        graph = timed("graph build", lambda spec=spec: build_graph(spec), results, view)
        results[view]["nodes"], results[view]["edges"] = graph.number_of_nodes(), graph.number_of_edges()
        print(f"  {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
        metrics = timed("metrics", lambda graph=graph: compute_metrics(graph), results, view)
        positions = timed("layout", lambda graph=graph: layout(graph), results, view)
        svg = timed("SVG", lambda graph=graph, metrics=metrics, positions=positions: render_svg(
            graph, metrics, positions, kind_labels=dict(OrganizationKind.choices), title="t", description="d"),
            results, view)
        results[view]["svg_bytes"] = len(svg)
        client = Client()
        if login:
            client.force_login(user)
        query = "?layers=partnerships&layers=responsibilities&layers=referrals" if login else ""
        cache.clear()
        response = timed("page, cold cache", lambda client=client, query=query: client.get(page_url + query),
                         results, view)
        assert response.status_code == 200, response.status_code
        results[view]["page_bytes"] = len(response.content)
        timed("page, cached", lambda client=client, query=query: client.get(page_url + query), results, view)
        timed("page, cached (again)", lambda client=client, query=query: client.get(page_url + query), results, view)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
