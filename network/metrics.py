"""Network analysis: pure functions over NetworkX graphs. No ORM, no request, no cache here.

Per organisation: degree, weighted degree, betweenness (brokerage), PageRank, clustering, Louvain
community, articulation point and how many organisations its loss would cut off. For the whole network:
density, components, isolates, communities, bridges, cut vertices, and the difference between two dates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.lazy import lazy_import

nx = lazy_import("networkx")  # loaded on first use: a worker serving cached parts never needs it

SEED = 2017  # fixed, so sampling and communities are the same on every run
EXACT_BETWEENNESS_MAX_NODES = 600  # exact betweenness is O(n·m); above this we sample k pivots
BETWEENNESS_SAMPLE_K = 200  # error against exact: benchmarks/README.md


@dataclass
class NodeMetrics:
    node: str
    label: str
    kind: str
    degree: int
    weighted_degree: float
    betweenness: float
    pagerank: float
    clustering: float
    community: int
    is_articulation_point: bool
    cut_off: int  # organisations separated from the rest of their component if this one disappears
    referrals_sent: int = 0  # from the referral layer, when it is on (partners only)
    referrals_received: int = 0


@dataclass
class NetworkMetrics:
    nodes: dict[str, NodeMetrics]
    node_count: int
    edge_count: int
    density: float
    components: int
    largest_component: int
    isolates: list[str]
    communities: list[list[str]]
    bridges: list[tuple[str, str]]
    articulation_points: list[str]  # sorted by what their loss would cut off, worst first
    betweenness_sampled: bool
    betweenness_k: int | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    def ranked(self, key: str = "betweenness") -> list[NodeMetrics]:
        return sorted(self.nodes.values(), key=lambda m: (-getattr(m, key), m.label.lower(), m.node))


def cut_off_counts(graph: nx.Graph) -> dict[str, int]:
    """For every node, how many other nodes its removal separates from the largest remaining piece of its
    component (0 for nodes that are not articulation points). One iterative depth-first search per
    component (Hopcroft–Tarjan low-points with subtree sizes): O(n + m), fine for 2,000 organisations."""
    result = dict.fromkeys(graph, 0)
    disc, low, size = {}, {}, {}
    counter = 0
    for root in graph:
        if root in disc:
            continue
        component_size = len(nx.node_connected_component(graph, root))
        pieces = {root: []}
        disc[root] = low[root] = counter
        counter += 1
        size[root] = 1
        stack = [(root, None, iter(graph[root]))]
        while stack:
            node, parent, neighbours = stack[-1]
            advanced = False
            for nbr in neighbours:
                if nbr == parent:
                    continue
                if nbr in disc:
                    low[node] = min(low[node], disc[nbr])
                else:
                    disc[nbr] = low[nbr] = counter
                    counter += 1
                    size[nbr] = 1
                    pieces[nbr] = []
                    stack.append((nbr, node, iter(graph[nbr])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[node])
                size[parent] += size[node]
                if low[node] >= disc[parent]:
                    pieces[parent].append(size[node])
        for node, separated in pieces.items():
            if node != root:
                rest = component_size - 1 - sum(separated)
                if rest:
                    separated = separated + [rest]
            if len(separated) >= 2:
                result[node] = sum(separated) - max(separated)
    return result


def referral_totals(graph: nx.Graph) -> tuple[dict, dict]:
    """Referrals sent and received by each organisation, from the direction kept on each edge
    (`referrals_forward` runs from the alphabetically first node of the pair to the other)."""
    sent, received = {}, {}
    for a, b, data in graph.edges(data=True):
        first, second = sorted((a, b))
        for source, target, count in ((first, second, data.get("referrals_forward", 0)),
                                      (second, first, data.get("referrals_backward", 0))):
            if count:
                sent[source] = sent.get(source, 0) + count
                received[target] = received.get(target, 0) + count
    return sent, received


def compute_metrics(graph: nx.Graph, *, exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
                    sample_k: int = BETWEENNESS_SAMPLE_K, seed: int = SEED) -> NetworkMetrics:
    """Every metric of the page, the table, the exports and the API, computed once."""
    n = graph.number_of_nodes()
    sampled = n > exact_max_nodes
    k = min(sample_k, n) if sampled else None
    betweenness = nx.betweenness_centrality(graph, k=k, seed=seed if sampled else None, normalized=True)
    pagerank = nx.pagerank(graph, weight="weight")
    clustering = nx.clustering(graph)
    weighted = dict(graph.degree(weight="weight"))
    communities = sorted(
        (sorted(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=seed)) if n else [],
        key=lambda c: (-len(c), c[0]),
    )
    community_of = {node: index for index, members in enumerate(communities, start=1) for node in members}
    cut_off = cut_off_counts(graph)
    sent, received = referral_totals(graph)
    nodes = {}
    for node, data in graph.nodes(data=True):
        nodes[node] = NodeMetrics(
            node=node, label=data.get("label", str(node)), kind=data.get("kind", ""),
            degree=graph.degree(node), weighted_degree=round(float(weighted[node]), 6),
            betweenness=round(betweenness[node], 6), pagerank=round(pagerank.get(node, 0.0), 6),
            clustering=round(clustering[node], 6), community=community_of.get(node, 0),
            is_articulation_point=cut_off[node] > 0, cut_off=cut_off[node],
            referrals_sent=sent.get(node, 0), referrals_received=received.get(node, 0),
        )
    components = list(nx.connected_components(graph))
    articulation = sorted((v for v in graph if cut_off[v]), key=lambda v: (-cut_off[v], str(v)))
    return NetworkMetrics(
        nodes=nodes, node_count=n, edge_count=graph.number_of_edges(),
        density=round(nx.density(graph), 6) if n > 1 else 0.0,
        components=len(components), largest_component=max((len(c) for c in components), default=0),
        isolates=sorted(nx.isolates(graph)), communities=communities,
        bridges=sorted(tuple(sorted(edge)) for edge in nx.bridges(graph)),
        articulation_points=articulation, betweenness_sampled=sampled, betweenness_k=k,
    )


def describe_node(metrics: NetworkMetrics, node: str, *, brokers: list[str] | None = None,
                  label: str | None = None) -> list[str]:
    """Plain sentences about one organisation, in the active language. Pass `brokers` (main_brokers())
    when describing many organisations, so the ranking is done once, and `label`, its name in the active
    language (the metrics keep the names of the language they were computed in)."""
    m = metrics.nodes[node]
    if label:
        m = replace(m, label=label)
    sentences = []
    if m.degree == 0:
        return [_("%(name)s has no tie in this view of the network.") % {"name": m.label}]
    sentences.append(ngettext("%(name)s is tied to %(count)d organisation.",
                              "%(name)s is tied to %(count)d organisations.", m.degree)
                     % {"name": m.label, "count": m.degree})
    if m.cut_off:
        sentences.append(ngettext(
            "%(name)s is the only link between %(count)d organisation and the rest of the network.",
            "%(name)s is the only link between %(count)d organisations and the rest of the network.",
            m.cut_off) % {"name": m.label, "count": m.cut_off})
    if node in (main_brokers(metrics) if brokers is None else brokers):
        sentences.append(_("%(name)s is one of the main bridges between organisations that do not work "
                           "together directly.") % {"name": m.label})
    return sentences


def headline(metrics: NetworkMetrics, *, top: int = 3) -> list[str]:
    """The three sentences that matter, in plain words: how many work together, who is most connected,
    who bridges groups (or, failing a bridge, whose loss would cut others off)."""
    if not metrics.node_count:
        return [_("No organisation matches these filters.")]
    tied = metrics.node_count - len(metrics.isolates)
    sentences = [ngettext(
        "%(tied)d of the %(count)d organisations work with at least one other: %(ties)d tie between them.",
        "%(tied)d of the %(count)d organisations work with at least one other: %(ties)d ties between them.",
        metrics.edge_count) % {"tied": tied, "count": metrics.node_count, "ties": metrics.edge_count}]
    connected = [m for m in sorted(metrics.nodes.values(), key=lambda m: (-m.degree, m.label.lower(), m.node))
                 if m.degree][:top]
    if connected:
        names = ", ".join(ngettext("%(name)s (%(count)d partner)", "%(name)s (%(count)d partners)", m.degree)
                          % {"name": m.label, "count": m.degree} for m in connected)
        sentences.append(_("Most connected: %(names)s.") % {"names": names})
    bridges = [metrics.nodes[n].label for n in main_brokers(metrics, top=top)]
    if bridges:
        sentences.append(_("Bridges between groups: %(names)s. Through them, organisations that do not work "
                           "together directly reach each other.") % {"names": ", ".join(bridges)})
    elif metrics.articulation_points:
        worst = metrics.nodes[metrics.articulation_points[0]]
        sentences.append(ngettext(
            "Without %(name)s, %(count)d organisation would lose its only link to the others.",
            "Without %(name)s, %(count)d organisations would lose their only link to the others.",
            worst.cut_off) % {"name": worst.label, "count": worst.cut_off})
    return sentences


def main_brokers(metrics: NetworkMetrics, *, top: int = 3) -> list[str]:
    """The few organisations that carry most brokerage: the top three, if they reach a quarter of the best."""
    ranked = metrics.ranked("betweenness")
    if not ranked or ranked[0].betweenness <= 0:
        return []
    return [m.node for m in ranked[:top] if m.betweenness >= 0.25 * ranked[0].betweenness]


def describe_network(metrics: NetworkMetrics) -> list[str]:
    """Plain sentences about the whole network, in the active language."""
    if not metrics.node_count:
        return [_("No organisation matches these filters.")]
    sentences = [
        ngettext("%(nodes)d organisations, %(edges)d tie.", "%(nodes)d organisations, %(edges)d ties.",
                 metrics.edge_count) % {"nodes": metrics.node_count, "edges": metrics.edge_count},
        _("Density: %(density)d%% of all possible ties exist.") % {"density": round(metrics.density * 100)},
        ngettext("The network is in %(count)d piece.", "The network is in %(count)d pieces.", metrics.components)
        % {"count": metrics.components},
    ]
    if metrics.isolates:
        sentences.append(ngettext("%(count)d organisation has no tie.", "%(count)d organisations have no tie.",
                                  len(metrics.isolates)) % {"count": len(metrics.isolates)})
    if metrics.articulation_points:
        worst = metrics.nodes[metrics.articulation_points[0]]
        sentences.append(ngettext(
            "%(count)d organisation holds the network together: without it, it splits.",
            "%(count)d organisations hold the network together: without any one of them, it splits.",
            len(metrics.articulation_points)) % {"count": len(metrics.articulation_points)})
        sentences.append(ngettext(
            "%(name)s is the only link between %(count)d organisation and the rest of the network.",
            "%(name)s is the only link between %(count)d organisations and the rest of the network.",
            worst.cut_off) % {"name": worst.label, "count": worst.cut_off})
    if len(metrics.communities) > 1:
        sentences.append(_("Louvain finds %(count)d groups of organisations more tied to each other than to "
                           "the rest.") % {"count": len(metrics.communities)})
    if metrics.betweenness_sampled:
        sentences.append(_("Betweenness is estimated from %(k)d sampled organisations (the network is large).")
                         % {"k": metrics.betweenness_k})
    return sentences


def diff(before: nx.Graph, after: nx.Graph, before_metrics: NetworkMetrics, after_metrics: NetworkMetrics,
         *, top: int = 5) -> dict:
    """What changed between two graphs (two dates): nodes and ties added and removed, whole-network figures,
    and the organisations whose brokerage moved most."""
    before_edges = {tuple(sorted(e)) for e in before.edges}
    after_edges = {tuple(sorted(e)) for e in after.edges}
    before_active = {v for v in before if before.degree(v)}
    after_active = {v for v in after if after.degree(v)}
    changes = []
    for node in sorted(set(before_metrics.nodes) | set(after_metrics.nodes)):
        old = before_metrics.nodes.get(node)
        new = after_metrics.nodes.get(node)
        changes.append({
            "node": node,
            "label": (new or old).label,
            "degree_before": old.degree if old else 0, "degree_after": new.degree if new else 0,
            "betweenness_before": old.betweenness if old else 0.0,
            "betweenness_after": new.betweenness if new else 0.0,
        })
    changes.sort(key=lambda c: (-abs(c["betweenness_after"] - c["betweenness_before"]),
                                -abs(c["degree_after"] - c["degree_before"]), c["node"]))
    return {
        "tied_nodes_added": sorted(after_active - before_active),
        "tied_nodes_removed": sorted(before_active - after_active),
        "nodes_added": sorted(set(after) - set(before)),
        "nodes_removed": sorted(set(before) - set(after)),
        "edges_added": sorted(after_edges - before_edges),
        "edges_removed": sorted(before_edges - after_edges),
        "density": (before_metrics.density, after_metrics.density),
        "components": (before_metrics.components, after_metrics.components),
        "edge_count": (before_metrics.edge_count, after_metrics.edge_count),
        "top_changes": [c for c in changes if c["degree_before"] != c["degree_after"]
                        or c["betweenness_before"] != c["betweenness_after"]][:top],
    }


def growth(timeline, days) -> list[dict]:
    """For each day: partnerships in force, distinct ties between organisations, and organisations tied.
    `timeline` is [(since, until, members)], as graph.partnership_timeline() gives it."""
    series = []
    for day in days:
        active = [members for since, until, members in timeline
                  if since <= day and (until is None or until >= day) and len(members) > 1]
        ties = {(a, b) for members in active for i, a in enumerate(members) for b in members[i + 1:]}
        tied = {node for members in active for node in members}
        series.append({"day": day, "partnerships": len(active), "ties": len(ties), "organisations": len(tied)})
    return series

