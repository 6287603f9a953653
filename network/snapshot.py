"""Computed once, served many times, as small rendered parts.

`compute_view(spec)` builds the graph, its metrics and its layout **once** (the language-free core), then,
for each language, renders what the pages show: the page's parts (three plain sentences, the summary, the
first rows of the table, the growth series), the picture (SVG), and each organisation's sentences; each
organisation's ego picture is drawn from a small language-free record on first use. Keys hold the kind of
part, the view (`GraphSpec.key()`), `data_version()` (a cheap fingerprint of the tables underneath) and,
for the rendered parts, the language: any change of the data changes the key, nothing is invalidated by
hand, and several app servers can share the cache. **The cache never holds a graph**: the core it keeps
(for the downloads and the API, which rebuild the graph from the database in a fraction of a second) is
the metrics and the positions.

A view too large to compute within a request (`NETWORK_BACKGROUND_ABOVE` organisations) is computed by the
task worker, or, with the in-process default backend, in a thread after the response; meanwhile pages
show the last good view of the same filters (its version is remembered), or "being computed".
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from directory.models import Organization, OrganizationKind
from network.drawing import (
    EGO_COLUMN_WIDTH,
    MAX_DRAWN_EDGES,
    PlainGraph,
    column_layout,
    ego_height,
    layout,
    render_svg,
)
from network.graph import LAYER_REFERRALS, GraphSpec, build_graph, data_version, partnership_timeline
from network.metrics import (
    NetworkMetrics,
    NodeMetrics,
    compute_metrics,
    describe_network,
    describe_node,
    diff,
    growth,
    headline,
    main_brokers,
)
from portal.i18n import current_language
from portal.lazy import lazy_import

nx = lazy_import("networkx")  # loaded on first use: a worker serving cached parts never needs it

logger = logging.getLogger(__name__)

INLINE_MAX_NODES = 150  # up to this, the picture is inline (links, highlighting); above, an image of its own
STANDALONE_MAX_EDGES = 1200  # the image of a large network draws its strongest ties only (the downloads: all)
STANDALONE_MAX_LABELS = 40
TABLE_MAX_ROWS = 50  # the page's table; the CSV download has every organisation
EGO_MAX_PARTNERS = 40  # a hub has hundreds: the picture keeps the strongest ties, the list links to all
COMPARISON_MAX_NAMES = 60
EGO_EDGE_KEYS = ("weight", "kinds", "partnerships", "shared_steps", "referrals_forward", "referrals_backward")


@dataclass
class Core:
    """What is language-free and costly: kept once per view and data version, shared by every language."""

    metrics: NetworkMetrics
    positions: dict


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def part_key(kind: str, spec: GraphSpec, version: str, language: str = "", extra: str = "") -> str:
    raw = f"{spec.key()}#{version}#{language}#{extra}"
    return f"network-{kind}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def _latest_key(spec: GraphSpec, language: str) -> str:
    return part_key("latest", spec, "", language)


def is_large() -> bool:
    return Organization.objects.active().count() > settings.NETWORK_BACKGROUND_ABOVE


def computes_in_background() -> bool:
    """A task worker to hand the work to (the in-process backend would run it inside the request)."""
    return not settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def _queue(name: str, spec: GraphSpec, version: str, *args, extra: str = "") -> None:
    """Hand `name`'s work to the worker once per view, version and `extra` (a comparison's date), however
    many requests ask."""
    if not cache.add(part_key("queued", spec, version, "", f"{name}#{extra}"), True, settings.NETWORK_QUEUE_TIMEOUT):
        return
    function = {"view": compute_network_view, "comparison": compute_network_comparison}[name]
    if computes_in_background():
        function.enqueue(spec.as_dict(), *args)
    else:
        _compute_after_response(function, spec.as_dict(), *args)


def _compute_after_response(function, *args) -> None:
    """Without a worker (the in-process default), a large view is computed in a thread of this process
    while the request answers with the last good view or "being computed": never inside a request."""
    import threading

    from django.db import close_old_connections

    def work():
        try:
            function.call(*args)
        except Exception:  # a thread's failure must be seen in the logs, not lost
            logger.exception("network view computed after the response failed")
        finally:
            close_old_connections()

    threading.Thread(target=work, name="network-view", daemon=True).start()


# --- computing ----------------------------------------------------------------------------------------

def layout_base(spec: GraphSpec) -> GraphSpec:
    """The view whose layout seeds the others of the same day and organisations: the public partnerships.
    Starting from it, another layer or the partners' view needs a few iterations instead of a whole
    layout, and keeps the map familiar from one view to the next."""
    return GraphSpec(as_of=spec.as_of, org_kinds=spec.org_kinds, sectors=spec.sectors,
                     partnership_kinds=spec.partnership_kinds)


def compute_core(spec: GraphSpec) -> tuple[nx.Graph, Core]:
    graph = build_graph(spec)
    metrics = compute_metrics(graph)
    base = layout_base(spec)
    seed = None
    if base.key() != spec.key():
        found = cache.get(part_key("core", base, data_version(base)))
        seed = found.positions if found is not None else None
    return graph, Core(metrics=metrics, positions=layout(graph, initial=seed))


@dataclass
class View:
    """What `compute_view` built and cached, for the request that asked: with no working cache (a dummy
    one, or Redis down) it is all that request has."""

    graph: nx.Graph  # in the language current when it was computed
    core: Core
    pages: dict  # language → the page's parts
    svgs: dict  # language → the picture of a large view (none for a small one: it is inline)
    sentences: dict  # language → {organisation: its sentences}
    records: dict  # organisation → its ego record


def compute_view(spec: GraphSpec, version: str | None = None) -> View:
    """Compute one view and cache its parts in every language: the graph, metrics and layout once."""
    version = version or data_version(spec)
    graph, core = compute_core(spec)
    metrics, positions = core.metrics, core.positions
    timeout = settings.NETWORK_CACHE_TIMEOUT
    large = len(graph) > INLINE_MAX_NODES
    today = spec.day
    days = [datetime.date(year, 12, 31) for year in range(2017, today.year) if datetime.date(year, 12, 31) < today]
    series = growth(partnership_timeline(spec), [*days, today])
    brokers = main_brokers(metrics)
    ranked = metrics.ranked("betweenness")
    records = {node: ego_record(graph, metrics, node) for node in graph}
    organizations = list(Organization.objects.only("slug", "name", "name_en", "acronym"))
    view = View(graph=graph, core=core, pages={}, svgs={}, sentences={}, records=records)
    # The organisations' parts first: a size-bound cache (local memory) evicts the oldest first, so a network
    # of many organisations loses some of their parts, which a role page draws again from the core.
    cache.set_many({part_key("ego-record", spec, version, "", node): record for node, record in records.items()},
                   timeout)
    graph_language = current_language()
    for language in languages():
        with translation.override(language):
            drawn = graph
            if not large and language != graph_language:
                drawn = build_graph(spec)  # small: partnership names in this language for the ties' titles
            labels = {organization.slug: organization.short_name for organization in organizations}
            # Each language's names: the metrics and a large view's graph keep the first language's.
            parts = {node: describe_node(metrics, node, brokers=brokers, label=labels.get(node)) for node in graph}
            view.sentences[language] = parts
            cache.set_many({part_key("sentences", spec, version, language, node): sentences
                            for node, sentences in parts.items()}, timeout)
            view.pages[language], svg = _page_parts(spec, drawn, metrics, positions, ranked, parts, series, large,
                                                    brokers)
            if svg is not None:
                view.svgs[language] = svg
    # The view's own parts last, so that they outlive the organisations' parts in a size-bound cache.
    pages = {part_key("core", spec, version): core}
    for language, page in view.pages.items():
        pages[part_key("page", spec, version, language)] = page
        if language in view.svgs:
            pages[part_key("svg", spec, version, language)] = view.svgs[language]
        pages[_latest_key(spec, language)] = version
    cache.set_many(pages, timeout)
    return view


def _page_parts(spec, graph, metrics, positions, ranked, sentences, series, large,
                brokers) -> tuple[dict, str | None]:
    kind_labels = dict(OrganizationKind.choices)
    summary = describe_network(metrics)
    sentences_headline = headline(metrics)
    description = " ".join(sentences_headline)
    max_edges = STANDALONE_MAX_EDGES if large else MAX_DRAWN_EDGES
    if large and LAYER_REFERRALS in spec.effective_layers:
        max_edges //= 2  # each tie may carry two flow arrows: the image keeps about the same weight
    if graph.number_of_edges() > max_edges:
        description += " " + _("The picture draws the %(drawn)d strongest of %(total)d ties; the downloads hold "
                               "them all.") % {"drawn": max_edges, "total": graph.number_of_edges()}
    svg = render_svg(
        graph, metrics, positions, kind_labels=kind_labels,
        title=_("Partnership network on %(date)s") % {"date": date_format(spec.day)}, description=description,
        standalone=large, max_edges=max_edges, max_labels=STANDALONE_MAX_LABELS if large else 60,
    )
    rows = []
    for m in ranked[:TABLE_MAX_ROWS]:
        data = graph.nodes[m.node]
        rows.append({"m": m, "name": data.get("name"), "url": data.get("url"),
                     "kind_label": kind_labels.get(m.kind, m.kind), "sentences": sentences[m.node]})
    brokers = set(brokers)
    page = {
        "day": spec.day,
        "node_count": metrics.node_count,
        "edge_count": metrics.edge_count,
        "headline": sentences_headline,
        "summary": summary,
        "rows": rows,
        "table_truncated": len(ranked) > TABLE_MAX_ROWS,
        "brokers": [row for row in rows if row["m"].node in brokers],
        "articulation_rows": [{"m": metrics.nodes[n]} for n in metrics.articulation_points[:10]],
        "growth": series,
        "inline_svg": "" if large else svg,
        "svg_bytes": len(svg.encode()) if large else 0,
        "focus_options": [] if large else sorted(
            ((graph.nodes[n].get("label") or n, n) for n in graph if graph.degree(n)),
            key=lambda o: (o[0].lower(), o[1])),
    }
    return page, (svg if large else None)


@task()
def compute_network_view(spec: dict) -> dict:
    """Compute and cache one view (graph, metrics, layout once; its parts in every language)."""
    spec = GraphSpec.from_dict(spec)
    compute_view(spec)
    return {"view": spec.key()}


@task()
def compute_network_comparison(spec: dict, before: dict) -> dict:
    spec, before = GraphSpec.from_dict(spec), GraphSpec.from_dict(before)
    _compute_comparison(spec, before)
    return {"view": spec.key(), "before": before.key()}


def _compute_comparison(spec: GraphSpec, before: GraphSpec, version: str | None = None) -> dict:
    version = version or data_version(spec)
    after_graph, after_core = load_view(spec, version=version)
    before_graph, before_core = load_view(before)
    found = diff(before_graph, after_graph, before_core.metrics, after_core.metrics)
    result = {
        "date": before.day, "edge_count": found["edge_count"], "components": found["components"],
        "edges_added": len(found["edges_added"]), "edges_removed": len(found["edges_removed"]),
        "top_changes": found["top_changes"],
        "tied_labels": [after_graph.nodes[n].get("label") or n for n in found["tied_nodes_added"]
                        if n in after_graph][:COMPARISON_MAX_NAMES],
    }
    cache.set(part_key("comparison", spec, version, "", before.key()), result, settings.NETWORK_CACHE_TIMEOUT)
    return result


# --- reading ------------------------------------------------------------------------------------------

def get_page_parts(spec: GraphSpec, *, background: bool = True,
                   version: str | None = None) -> tuple[dict | None, bool]:
    """The page's parts in the current language: (parts, stale). On a miss, a small view is computed now;
    a large one is queued once and the last good parts of the same view are served meanwhile (stale), or
    None while there are none. `version`: the spec's data version, when the caller has it already."""
    language = current_language()
    version = version or data_version(spec)
    parts = cache.get(part_key("page", spec, version, language))
    if parts is not None:
        return parts, False
    if background and is_large():
        _queue("view", spec, version)
        latest = cache.get(_latest_key(spec, language))
        parts = cache.get(part_key("page", spec, latest, language)) if latest else None
        return parts, parts is not None
    return compute_view(spec, version).pages[language], False


def get_svg(spec: GraphSpec) -> str | None:
    """The picture of a large view, an image of its own (None until it is computed; the last good one
    meanwhile). "" for a small view, whose picture is inline in its page: found without computing it."""
    language = current_language()
    version = data_version(spec)
    svg = cache.get(part_key("svg", spec, version, language))
    if svg is not None:
        return svg
    page = cache.get(part_key("page", spec, version, language))
    if (page is not None and page["inline_svg"]) or Organization.objects.active().count() <= INLINE_MAX_NODES:
        return ""  # a view has at most the active organisations: this one is small
    if is_large():
        _queue("view", spec, version)
        latest = cache.get(_latest_key(spec, language))
        return cache.get(part_key("svg", spec, latest, language)) if latest else None
    return compute_view(spec, version).svgs.get(language, "")


def load_view(spec: GraphSpec, *, background: bool = False,
              version: str | None = None) -> tuple[nx.Graph, Core] | None:
    """The graph (rebuilt from the database, in the current language) and the cached core, for the
    downloads and the API; on a miss, the ones just computed (the graph is built once). None while a large
    view is being computed (with `background`)."""
    version = version or data_version(spec)
    core = cache.get(part_key("core", spec, version))
    if core is not None:
        return build_graph(spec), core
    if background and is_large():
        _queue("view", spec, version)
        return None
    view = compute_view(spec, version)
    return view.graph, view.core


def get_comparison(spec: GraphSpec, before: GraphSpec, *, version: str | None = None) -> dict | None:
    """What changed since `before` (a language-free part); None while a large one is being computed.
    `version`: the spec's data version, when the caller has it already."""
    version = version or data_version(spec)
    found = cache.get(part_key("comparison", spec, version, "", before.key()))
    if found is not None:
        return found
    if is_large():
        _queue("comparison", spec, version, before.as_dict(), extra=before.key())
        return None
    return _compute_comparison(spec, before, version)


def node_parts_version(spec: GraphSpec) -> str:
    """`data_version(spec)` read once per content version (the frame's token, replaced on every public
    write, organisations, partnerships and responsibilities included): five aggregates over the network's
    tables were most of a role page's SQL at province size (a count over 46,000 memberships alone took
    19 ms). Referrals are private and do not replace the token, so a view with that layer reads the tables."""
    from portal.page_cache import cached_part

    if LAYER_REFERRALS in spec.effective_layers:
        return data_version(spec)
    return cached_part("network-version", (spec.key(),), lambda: data_version(spec))


def get_node_parts(spec: GraphSpec, node: str) -> tuple[str, list]:
    """One organisation's ego picture and sentences, cached on their own (data version and language in
    the key): a role page reads these few kilobytes. ("", []) while the view is being computed or when the
    organisation is not in it. Whether it is in the view is the core's to say: a size-bound cache may have
    evicted the organisation's parts, which are then drawn again from the core (and its ego record)."""
    language = current_language()
    version = node_parts_version(spec)
    sentences_key = part_key("sentences", spec, version, language, node)
    ego_key = part_key("ego", spec, version, language, node)
    record_key = part_key("ego-record", spec, version, "", node)
    found = cache.get_many([sentences_key, ego_key])
    if sentences_key in found and ego_key in found:
        return found[ego_key], list(found[sentences_key])
    timeout = settings.NETWORK_CACHE_TIMEOUT
    core = cache.get(part_key("core", spec, version))
    record = None
    if core is None:
        if is_large():
            _queue("view", spec, version)
            return "", []
        view = compute_view(spec, version)
        core, record = view.core, view.records.get(node)
        if node in view.sentences.get(language, {}):
            found.setdefault(sentences_key, view.sentences[language][node])
    if node not in core.metrics.nodes:
        return "", []  # the view is computed: this organisation is not in it
    if ego_key not in found:
        record = record or cache.get(record_key)
        if record is None and not is_large():  # evicted: a small view's graph is rebuilt in a moment
            record = ego_record(build_graph(spec), core.metrics, node)
            cache.set(record_key, record, timeout)
    # The labels of what is missing in one read: the sentences' organisation, the picture's organisations.
    wanted = set() if sentences_key in found else {node}
    if ego_key not in found and record is not None:
        wanted.update(slug for slug, *_rest in record["nodes"])
    labels = localized_labels(wanted) if wanted else {}
    if sentences_key not in found:
        label = labels.get(node, ("", ""))[0]
        found[sentences_key] = describe_node(core.metrics, node, brokers=main_brokers(core.metrics), label=label)
        cache.set(sentences_key, found[sentences_key], timeout)
    if ego_key not in found:
        if record is None:
            return "", list(found[sentences_key])  # a large view's picture waits for its next computation
        found[ego_key] = render_ego(record, labels)
        cache.set(ego_key, found[ego_key], timeout)
    return found[ego_key], list(found[sentences_key])


# --- ego pictures ---------------------------------------------------------------------------------------

def ego_record(graph: nx.Graph, metrics: NetworkMetrics, node: str) -> dict:
    """What an organisation's ego picture needs, language-free and small: itself, its strongest
    `EGO_MAX_PARTNERS` partners, the ties among them."""
    adjacency = graph.adj
    partners = sorted(adjacency[node], key=lambda other: (-adjacency[node][other].get("weight", 1), other))
    members = [node, *partners[:EGO_MAX_PARTNERS]]
    inside = set(members)
    nodes = [(n, graph.nodes[n].get("label") or n, graph.nodes[n].get("name") or n, graph.nodes[n].get("kind", ""),
              graph.nodes[n].get("url", "")) for n in members]
    edges = []
    for a in members:  # the ties among them, read from the adjacency (a subgraph view is ten times slower)
        for b, data in adjacency[a].items():
            if a < b and b in inside:
                edges.append((a, b, {k: data[k] for k in EGO_EDGE_KEYS if data.get(k)}))
    return {"centre": node, "nodes": nodes, "edges": edges}


def localized_labels(slugs) -> dict[str, tuple[str, str, str]]:
    """slug → (short label, full name, role page's address) of these organisations in the active language:
    the English name on English pages (the French one where there is none), the English address."""
    organizations = (Organization.objects.filter(slug__in=list(slugs)).only("slug", "name", "name_en", "acronym")
                     .order_by())
    return {organization.slug: (organization.short_name, organization.display_name,
                                organization.get_absolute_url()) for organization in organizations}


def render_ego(record: dict, labels: dict | None = None) -> str:
    """The organisation on the left and its partners in one column, in the current language (`labels`,
    from localized_labels(): the record keeps the names and addresses of the language it was computed in).
    Drawn from the record alone, without NetworkX (a role page's web worker does not load it)."""
    centre = record["centre"]
    labels = labels or {}
    nodes = {}
    for slug, label, name, kind, url in record["nodes"]:
        label, name, url = labels.get(slug, (label, name, url))
        nodes[slug] = {"label": label, "name": name, "kind": kind, "url": url}
    ego = PlainGraph(nodes, record["edges"])
    # The centre is the broker of its own picture; partners are sized by their ties within it.
    nodes = {slug: NodeMetrics(node=slug, label=data["label"], kind=data["kind"], degree=ego.degree(slug),
                               weighted_degree=0, betweenness=1.0 if slug == centre else 0.0, pagerank=0,
                               clustering=0, community=0, is_articulation_point=False, cut_off=0)
             for slug, data in ego.nodes.items()}
    metrics = NetworkMetrics(nodes=nodes, node_count=len(ego), edge_count=ego.number_of_edges(), density=0,
                             components=1, largest_component=len(ego), isolates=[], communities=[], bridges=[],
                             articulation_points=[], betweenness_sampled=False)
    # One column, drawn at a phone's width: labels keep their 12 px on a 360 px screen and are cut only past
    # ~30 characters (the full name is in each link's title and in the list beside the picture).
    label = ego.nodes[centre]["label"]
    names = ", ".join(sorted(ego.nodes[other]["name"] for other in ego if other != centre))
    return render_svg(
        ego, metrics, column_layout(ego, centre), kind_labels=dict(OrganizationKind.choices),
        title=_("%(name)s and its partners") % {"name": label},
        description=_("%(name)s is tied to: %(names)s.") % {"name": label, "names": names},
        width=EGO_COLUMN_WIDTH, height=ego_height(len(ego) - 1),
        id_prefix=f"ego-{centre}", small=True, label_width=EGO_COLUMN_WIDTH - 40 - 0.4 * (EGO_COLUMN_WIDTH - 80) - 18,
        phone_labels=len(ego),  # one line per partner: every label fits at phone size too
        edge_titles=False,  # the role page lists the partnerships in words beside it
    )
