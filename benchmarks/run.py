"""Time the network's stages on the benchmark database (fill it first with benchmarks/generate.py).

    .venv/bin/python benchmarks/run.py            # public view, then the partners' view with referrals

Reports, with CPU time beside wall time (the CPU is what stays stable on a shared machine): the data
version, graph build, metrics, layout, SVG, the whole view computed in both languages, `network_warm` on
a cold cache, and the network page cold (the request never computes a large view) and cached, with its
size, its SQL queries and the picture's size; writes them to benchmarks/results/results.json as well.
"""

import io
import json
import os
import platform
import statistics
import time

from setup_django import RESULTS, setup


def timed(label, function, results, key):
    started, cpu = time.perf_counter(), time.process_time()
    value = function()
    results[key][label] = {"wall_s": round(time.perf_counter() - started, 3),
                           "cpu_s": round(time.process_time() - cpu, 3)}
    print(f"  {label:<34} wall {results[key][label]['wall_s']:>8.3f} s   cpu {results[key][label]['cpu_s']:>8.3f} s",
          flush=True)
    return value


def main() -> None:
    setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from directory.models import Membership, Organization, OrganizationKind
    from network import snapshot
    from network.drawing import layout, render_svg
    from network.graph import GraphSpec, build_graph, data_version
    from network.metrics import compute_metrics
    from network.pages import NetworkPage
    from portal import page_cache
    from portal.demo import ensure_home

    translation.activate("fr")
    page_cache._cacheable_request = lambda request: False  # the page itself, not the whole-page cache
    home = ensure_home()
    if not NetworkPage.objects.exists():
        home.add_child(instance=NetworkPage(title="Réseau", slug="reseau", show_in_menus=True, locale=home.locale))
    page_url = NetworkPage.objects.filter(locale=home.locale).first().url
    user, _ = get_user_model().objects.get_or_create(username="benchmark-partner")
    Membership.objects.get_or_create(user=user, organization=Organization.objects.order_by("pk").first())
    hub = Organization.objects.annotate(n=Count("partnership_memberships")).order_by("-n", "pk").first()

    results = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
               "database": os.environ["DATABASE_URL"].split("@")[-1].split("://")[0], "warm": {}}
    cache.clear()
    out = io.StringIO()
    print("network_warm, cold cache:")
    timed("network_warm (4 views, fr + en)", lambda: call_command("network_warm", "--no-progress", stdout=out),
          results, "warm")
    print("  " + out.getvalue().strip().replace("\n", "\n  "))
    for view, spec, login in [
        ("public", GraphSpec(), False),
        ("partners, all layers", GraphSpec(layers=("partnerships", "responsibilities", "referrals"),
                                           partner_view=True), True),
    ]:
        results[view] = {}
        print(f"{view}:")
        version = timed("data version (cache key)", lambda spec=spec: data_version(spec), results, view)
        graph = timed("graph build", lambda spec=spec: build_graph(spec), results, view)
        results[view]["nodes"], results[view]["edges"] = graph.number_of_nodes(), graph.number_of_edges()
        print(f"  {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
        metrics = timed("metrics", lambda graph=graph: compute_metrics(graph), results, view)
        positions = timed("layout (from scratch)", lambda graph=graph: layout(graph), results, view)
        svg = timed("SVG (image of its own)", lambda graph=graph, metrics=metrics, positions=positions: render_svg(
            graph, metrics, positions, kind_labels=dict(OrganizationKind.choices), title="t", description="d",
            standalone=True, max_edges=snapshot.STANDALONE_MAX_EDGES, max_labels=snapshot.STANDALONE_MAX_LABELS),
            results, view)
        results[view]["svg_bytes"] = len(svg.encode())
        timed("view in fr + en (metrics, layout once)", lambda spec=spec, version=version: snapshot.compute_view(
            spec, version), results, view)
        client = Client()
        if login:
            client.force_login(user)
        query = "?layers=partnerships&layers=responsibilities&layers=referrals" if login else ""
        for language, url in (("fr", page_url), ("en", "/en" + page_url.replace("/reseau/", "/network/"))):
            response = client.get(url + query)
            if response.status_code != 200:
                continue
            cpu, wall, sql = [], [], []
            for _ in range(7):
                with CaptureQueriesContext(connection) as queries:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url + query)
                    cpu.append(time.process_time() - started_cpu)
                    wall.append(time.perf_counter() - started)
                sql.append(len(queries))
            results[view][f"page cached ({language})"] = {
                "cpu_ms": round(statistics.median(cpu) * 1000, 1), "wall_ms": round(statistics.median(wall) * 1000, 1),
                "sql": statistics.median(sql), "bytes": len(response.content)}
            print(f"  page cached ({language}): {results[view][f'page cached ({language})']}")
        picture = client.get(("/reseau/carte.svg") + query)
        results[view]["picture bytes"] = len(picture.content) if picture.status_code == 200 else None
        print(f"  picture: {picture.status_code}, {len(picture.content)} bytes")
        cache.clear()
        response = timed("page, cold cache (no compute in the request)",
                         lambda client=client, query=query: client.get(page_url + query), results, view)
        results[view]["cold page bytes"] = len(response.content)
        print(f"  cold page: {response.status_code}, {len(response.content)} bytes (then computed by the worker)")
        snapshot.compute_view(spec)  # what the worker (or the thread after the response) does
    role = Client()
    cache.clear()
    call_command("network_warm", "--no-progress", stdout=io.StringIO())
    role.get(hub.get_absolute_url())
    parts = snapshot.get_node_parts(GraphSpec(), hub.slug)
    results["role page"] = {"hub": hub.slug, "ego_svg_bytes": len(parts[0].encode()),
                            "page_bytes": len(role.get(hub.get_absolute_url()).content)}
    print(f"role page of {hub.slug}: {results['role page']}")
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
