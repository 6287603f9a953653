"""Computed once, served many times: the graph, its metrics, its layout and its SVG for one view.

The cache key holds the view (`GraphSpec.key()`), the language (labels and links in the SVG are
translated) and `data_version()`, a cheap fingerprint of the tables underneath. Any change of the data
changes the key, so nothing needs to be invalidated by hand and several app servers can share the cache.
"""

import hashlib
from dataclasses import dataclass

import networkx as nx
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from directory.models import OrganizationKind
from network.drawing import MAX_DRAWN_EDGES, layout, render_svg
from network.graph import GraphSpec, build_graph, data_version
from network.metrics import NetworkMetrics, compute_metrics, describe_network, describe_node, main_brokers
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


def cache_key(spec: GraphSpec, *, prefix: str = "network") -> str:
    raw = f"{spec.key()}#{current_language()}#{data_version(spec)}"
    return f"{prefix}:{hashlib.sha256(raw.encode()).hexdigest()}"


def get_snapshot(spec: GraphSpec) -> Snapshot:
    key = cache_key(spec)
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = compute_snapshot(spec)
        cache.set(key, snapshot, settings.NETWORK_CACHE_TIMEOUT)
    return snapshot


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
        title=_("Partnership network on %(date)s") % {"date": spec.day.isoformat()}, description=description,
    )
    brokers = main_brokers(metrics)
    sentences = {node: describe_node(metrics, node, brokers=brokers) for node in graph}
    return Snapshot(spec=spec, graph=graph, metrics=metrics, positions=positions, svg=svg, sentences=sentences,
                    summary=summary)


def get_ego_svg(spec: GraphSpec, node: str) -> str:
    """The ego network's SVG, cached like the whole network (same data version in the key); "" when the
    organisation is not in the view."""
    key = f"{cache_key(spec, prefix='network-ego')}:{hashlib.sha256(node.encode()).hexdigest()[:16]}"
    svg = cache.get(key)
    if svg is None:
        snapshot = get_snapshot(spec)
        svg = ego_svg(snapshot, node) if node in snapshot.graph else ""
        cache.set(key, svg, settings.NETWORK_CACHE_TIMEOUT)
    return svg


def ego_svg(snapshot: Snapshot, node: str) -> str:
    """The organisation and its direct ties, drawn small (for the role page)."""
    ego = nx.ego_graph(snapshot.graph, node, radius=1)
    metrics = compute_metrics(ego)
    positions = layout(ego)
    label = snapshot.graph.nodes[node].get("label", node)
    return render_svg(
        ego, metrics, positions, kind_labels=dict(OrganizationKind.choices),
        title=_("Ego network of %(name)s") % {"name": label},
        description=_("%(name)s and the organisations tied to it.") % {"name": label},
        width=480, height=360, id_prefix=f"ego-{node}", small=True,
    )
