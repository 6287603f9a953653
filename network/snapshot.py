"""Computed once, served many times: the graph, its metrics, its layout and its SVG for one view.

The cache key holds the view (`GraphSpec.key()`), the language (labels and links in the SVG are
translated) and `data_version()`, a cheap fingerprint of the tables underneath. Any change of the data
changes the key, so nothing needs to be invalidated by hand and several app servers can share the cache.
"""

import datetime
import hashlib
from dataclasses import dataclass

import networkx as nx
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from directory.models import Organization, OrganizationKind
from network.drawing import MAX_DRAWN_EDGES, ego_height, hub_layout, layout, render_svg
from network.graph import GraphSpec, build_graph, data_version, partnership_timeline
from network.metrics import (
    NetworkMetrics,
    compute_metrics,
    describe_network,
    describe_node,
    growth,
    main_brokers,
)
from portal.i18n import current_language


@dataclass
class Snapshot:
    spec: GraphSpec
    graph: nx.Graph
    metrics: NetworkMetrics
    positions: dict
    svg: str
    sentences: dict  # node → plain sentences, in the snapshot's language
    summary: list
    growth: list  # partnerships, ties and organisations tied at each year's end since 2017, then today


def cache_key(spec: GraphSpec, *, prefix: str = "network") -> str:
    raw = f"{spec.key()}#{current_language()}#{data_version(spec)}"
    return f"{prefix}:{hashlib.sha256(raw.encode()).hexdigest()}"


def get_snapshot(spec: GraphSpec, *, background: bool = False) -> Snapshot | None:
    """The cached view, computed now if missing — or, with `background=True` on a network too large to
    compute within a request (and a real task worker), queued once for the worker: then None, and the
    caller says "being computed" instead of holding the request for tens of seconds."""
    key = cache_key(spec)
    snapshot = cache.get(key)
    if snapshot is not None:
        return snapshot
    if background and Organization.objects.active().count() > settings.NETWORK_BACKGROUND_ABOVE:
        if cache.add(f"{key}:queued", True, settings.NETWORK_QUEUE_TIMEOUT):
            if computes_in_background():
                compute_network_view.enqueue(spec.as_dict(), current_language())
            else:
                _compute_after_response(spec, current_language())
        return None
    snapshot = compute_snapshot(spec)
    cache.set(key, snapshot, settings.NETWORK_CACHE_TIMEOUT)
    return snapshot


@task()
def compute_network_view(spec: dict, language: str) -> dict:
    """Compute and cache one view (graph, metrics, layout, SVG) in one language, for the page to serve."""
    with translation.override(language):
        snapshot = get_snapshot(GraphSpec.from_dict(spec))
    return {"organisations": snapshot.metrics.node_count, "ties": snapshot.metrics.edge_count}


def computes_in_background() -> bool:
    """A task worker to hand the work to (the in-process backend would run it inside the request)."""
    return not settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def _compute_after_response(spec: GraphSpec, language: str) -> None:
    """Without a worker (the in-process default), a large view is computed in a thread of this process
    while the request answers "being computed": never tens of seconds inside a request."""
    import threading

    from django.db import close_old_connections
    from django.utils import translation

    def work():
        try:
            with translation.override(language):
                get_snapshot(spec)
        finally:
            close_old_connections()

    threading.Thread(target=work, name="network-view", daemon=True).start()


def compute_snapshot(spec: GraphSpec) -> Snapshot:
    graph = build_graph(spec)
    metrics = compute_metrics(graph)
    positions = layout(graph)
    summary = describe_network(metrics)
    description = " ".join(summary)
    if graph.number_of_edges() > MAX_DRAWN_EDGES:
        description += " " + _("The picture draws the %(drawn)d strongest of %(total)d ties; the downloads hold "
                               "them all.") % {"drawn": MAX_DRAWN_EDGES, "total": graph.number_of_edges()}
    svg = render_svg(
        graph, metrics, positions, kind_labels=dict(OrganizationKind.choices),
        title=_("Partnership network on %(date)s") % {"date": date_format(spec.day)}, description=description,
    )
    brokers = main_brokers(metrics)
    sentences = {node: describe_node(metrics, node, brokers=brokers) for node in graph}
    today = spec.day
    days = [datetime.date(year, 12, 31) for year in range(2017, today.year) if datetime.date(year, 12, 31) < today]
    series = growth(partnership_timeline(spec), [*days, today])
    return Snapshot(spec=spec, graph=graph, metrics=metrics, positions=positions, svg=svg, sentences=sentences,
                    summary=summary, growth=series)


def get_node_parts(spec: GraphSpec, node: str) -> tuple[str, list]:
    """One organisation's ego picture and sentences, cached on their own (same data version and language
    in the key): a role page reads these few kilobytes, not the whole network's snapshot. ("", []) while
    the view is being computed or when the organisation is not in it."""
    key = f"{cache_key(spec, prefix='network-node')}:{hashlib.sha256(node.encode()).hexdigest()[:16]}"
    parts = cache.get(key)
    if parts is None:
        snapshot = get_snapshot(spec, background=True)
        if snapshot is None:
            return "", []
        parts = (ego_svg(snapshot, node), list(snapshot.sentences.get(node, []))) if node in snapshot.graph \
            else ("", [])
        cache.set(key, parts, settings.NETWORK_CACHE_TIMEOUT)
    return parts


EGO_MAX_PARTNERS = 40  # a hub has hundreds: the picture keeps the strongest ties, the list links to all


def ego_svg(snapshot: Snapshot, node: str) -> str:
    """The organisation and its direct ties (the strongest `EGO_MAX_PARTNERS`), drawn small (role page)."""
    graph = snapshot.graph
    partners = sorted(graph[node], key=lambda other: (-graph[node][other].get("weight", 1), other))
    ego = nx.ego_graph(graph.subgraph([node, *partners[:EGO_MAX_PARTNERS]]), node, radius=1)
    metrics = compute_metrics(ego)
    positions = hub_layout(ego, node)
    label = snapshot.graph.nodes[node].get("label", node)
    return render_svg(
        ego, metrics, positions, kind_labels=dict(OrganizationKind.choices),
        title=_("Ego network of %(name)s") % {"name": label},
        description=_("%(name)s and the organisations tied to it.") % {"name": label},
        width=640, height=ego_height(len(ego) - 1), id_prefix=f"ego-{node}", small=True,
        label_width=185,
    )
