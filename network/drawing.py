"""Server-rendered SVG of the network: a deterministic layout, then plain SVG text.

Same graph in, same bytes out: nodes arrive in slug order, the spring layout has a fixed seed and the
coordinates are rounded. Every node is a link (an `<a>` with a `<title>` and an accessible name); its
kind shows by colour *and* shape, partnership kinds by dash pattern, so colour is never the only signal.
"""

import math
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
from django.utils.translation import ngettext

from network.metrics import SEED, NetworkMetrics

# kind → (fill colour, shape). Colours reach ≥ 4.5:1 against white.
NODE_STYLES = {
    "state": ("#1f4e99", "square"),
    "community": ("#a8361a", "circle"),
    "private": ("#4d5c00", "diamond"),
    "citizen": ("#7b2d8e", "triangle"),
    "concertation": ("#00676a", "hexagon"),
}
DEFAULT_NODE_STYLE = ("#4a4a4a", "circle")

# edge class → dash pattern; strongest partnership kind wins when a pair has several ties.
EDGE_DASHES = {
    "agreement": "",
    "service": "7 4",
    "concertation": "2 3",
    "informal": "1 5",
    "responsibility": "10 3 2 3",
}
EDGE_PRIORITY = ("agreement", "service", "concertation", "informal")
MAX_DRAWN_EDGES = 2500  # beyond this a picture is a hairball and a heavy page: the strongest ties are drawn


def layout(graph: nx.Graph, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]², reproducible for the same graph. Tied organisations get a spring layout in the
    upper part; organisations with no tie are lined up along the bottom, so they do not push the network
    into a corner."""
    isolates = [node for node in graph if graph.degree(node) == 0]
    tied = graph.subgraph([node for node in graph if graph.degree(node)])
    positions = {}
    band = 0.0 if not isolates else min(0.08 + 0.04 * (len(isolates) // 8), 0.3)
    if tied.number_of_nodes():
        k = 1.6 / math.sqrt(tied.number_of_nodes())
        # Above 500 nodes NetworkX switches to its energy method; fewer iterations keep 2,000 nodes near 8 s.
        iterations = 60 if tied.number_of_nodes() < 500 else 20
        raw = nx.spring_layout(tied, seed=seed, weight=None, k=k, iterations=iterations)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        for node, p in raw.items():
            x = (p[0] - min(xs)) / span_x if len(raw) > 1 else 0.5
            y = (p[1] - min(ys)) / span_y * (1 - band - (0.04 if isolates else 0)) if len(raw) > 1 else 0.4
            positions[node] = (round(x, 4), round(y, 4))
    # Few per row and spread over the whole width: their labels need room (the placement below does the rest).
    per_row = 5
    for index, node in enumerate(isolates):
        row, column = divmod(index, per_row)
        in_row = min(per_row, len(isolates) - row * per_row)
        positions[node] = (round((column + 0.5) / in_row, 4), round(1 - band + 0.04 * row + 0.02, 4))
    return {node: positions[node] for node in graph}


def hub_layout(graph: nx.Graph, centre: str) -> dict[str, tuple[float, float]]:
    """An ego network as a hub: the organisation in the middle, its partners in two columns on either side
    (sorted by kind, then slug), so that every label has a line of its own and reads outwards."""
    others = sorted((node for node in graph if node != centre), key=lambda n: (graph.nodes[n].get("kind", ""), n))
    positions = {centre: (0.5, 0.5)}
    half = (len(others) + 1) // 2
    for side, column in ((0.3, others[:half]), (0.7, others[half:])):
        for index, node in enumerate(column):
            y = 0.5 if len(column) == 1 else index / (len(column) - 1)
            positions[node] = (side, round(y, 4))
    return {node: positions[node] for node in graph}


def ego_height(count: int, *, minimum: int = 240, line: int = 24) -> int:
    """Height of a hub drawing with `count` partners: one line per partner in each column."""
    return max(minimum, line * ((count + 1) // 2) + 80)


FONT_SIZE = 12  # px, as in network.css (.net-label)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of a label's width in the sans-serif font (no font metrics on the server)."""
    wide = sum(1 for ch in text if ch.isupper() or ch in "mwMW")
    return size * (0.53 * (len(text) - wide) + 0.7 * wide)


def truncate(text: str, max_width: float) -> str:
    """The label cut with an ellipsis to fit `max_width` (the full name stays in the link's title)."""
    if text_width(text) <= max_width:
        return text
    while text and text_width(text + "…") > max_width:
        text = text[:-1]
    return text.rstrip(" -,(") + "…"


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def place_labels(nodes: list, width: float, height: float) -> dict:
    """Greedy, deterministic label placement: nodes in the given order (most important first) take the first
    position around them (right, left, below, above, then shifted) that stays inside the picture and
    overlaps no node and no label already placed; failing that, the position that overlaps least.
    `nodes` holds (node, x, y, r, text); returns node → (x, y, anchor)."""
    boxes = [(x - r, y - r, x + r, y + r) for _node, x, y, r, _text in nodes]
    placed = {}
    for index, (node, x, y, r, text) in enumerate(nodes):
        w = text_width(text)
        candidates = [
            (x + r + 3, y + 4, "start"), (x - r - 3, y + 4, "end"),
            (x, y + r + 13, "middle"), (x, y - r - 4, "middle"),
            (x + r + 3, y - 9, "start"), (x + r + 3, y + 17, "start"),
            (x - r - 3, y - 9, "end"), (x - r - 3, y + 17, "end"),
        ]
        if x < width / 2 - 1:  # labels read outwards: fewer crossings with the edges towards the middle
            candidates[0], candidates[1] = candidates[1], candidates[0]
        best = None
        for tx, ty, anchor in candidates:
            left = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
            box = (left, ty - 10, left + w, ty + 3)
            if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2:
                continue
            cost = sum(_overlap(box, other) for i, other in enumerate(boxes) if i != index)
            if best is None or cost < best[0]:
                best = (cost, (round(tx, 1), round(ty, 1), anchor), box)
            if cost == 0:
                break
        if best is None:  # wider than the picture: anchored on the side with more room
            anchor = "end" if x > width / 2 else "start"
            tx = x - r - 3 if anchor == "end" else x + r + 3
            best = (0, (round(tx, 1), round(y + 4, 1), anchor), (tx - w, y - 10, tx + w, y + 3))
        placed[node] = best[1]
        boxes.append(best[2])
    return placed


def drawn_edges(graph: nx.Graph, max_edges: int = MAX_DRAWN_EDGES) -> list:
    """The edges to draw, in a stable order: all of them, or the `max_edges` strongest on a large network."""
    edges = sorted(graph.edges(data=True), key=lambda e: (min(e[0], e[1]), max(e[0], e[1])))
    if len(edges) > max_edges:
        strongest = sorted(edges, key=lambda e: (-e[2].get("weight", 1), min(e[0], e[1]), max(e[0], e[1])))
        keep = {(min(a, b), max(a, b)) for a, b, _data in strongest[:max_edges]}
        edges = [e for e in edges if (min(e[0], e[1]), max(e[0], e[1])) in keep]
    return edges


def edge_class(data: dict) -> str:
    kinds = data.get("kinds", "").split(",") if data.get("kinds") else []
    for kind in EDGE_PRIORITY:
        if kind in kinds:
            return kind
    if data.get("shared_steps"):
        return "responsibility"
    return "referral"


def _shape(shape: str, x: float, y: float, r: float, fill: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{fill}"/>'
    if shape == "diamond":
        points = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    elif shape == "triangle":
        points = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    else:  # hexagon
        points = [(x + r * 1.1 * math.cos(math.pi / 3 * i), y + r * 1.1 * math.sin(math.pi / 3 * i))
                  for i in range(6)]
    text = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{text}" fill="{fill}"/>'


def node_radius(metrics: NetworkMetrics, node: str, *, small: bool = False) -> float:
    """Sized by brokerage (betweenness), with degree as a tie-breaker so a dense clique is not all dots."""
    most = max((m.betweenness for m in metrics.nodes.values()), default=0) or 1.0
    top_degree = max((m.degree for m in metrics.nodes.values()), default=0) or 1
    m = metrics.nodes[node]
    share = 0.75 * math.sqrt(m.betweenness / most) + 0.25 * math.sqrt(m.degree / top_degree)
    return (5 if small else 6) + (9 if small else 16) * share


def render_svg(graph: nx.Graph, metrics: NetworkMetrics, positions: dict, *, kind_labels: dict,
               title: str, description: str, width: int = 960, height: int = 640, id_prefix: str = "net",
               max_labels: int = 60, small: bool = False, max_edges: int = MAX_DRAWN_EDGES,
               label_width: float | None = None) -> str:
    """The whole picture as one SVG string (inline in the page, so links and the highlighting work)."""
    margin = 40
    def xy(node):
        px, py = positions[node]
        return margin + px * (width - 2 * margin), margin + py * (height - 2 * margin)

    labelled = {m.node for m in metrics.ranked("betweenness")[:max_labels]} if len(graph) > max_labels \
        else set(graph)
    radii = {node: node_radius(metrics, node, small=small) for node in graph}
    # The most important nodes choose their label's place first; ties in slug order (deterministic).
    order = sorted(graph, key=lambda n: (-radii[n], n))
    label_texts = {node: graph.nodes[node].get("label") or node for node in labelled}
    if label_width:
        label_texts = {node: truncate(text, label_width) for node, text in label_texts.items()}
    label_places = place_labels(
        [(node, *xy(node), radii[node], label_texts.get(node, "")) for node in order if node in labelled]
        + [(node, *xy(node), radii[node], "") for node in order if node not in labelled],
        width, height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="net-svg" viewBox="0 0 {width} {height}" '
        f'role="group" aria-labelledby="{id_prefix}-title {id_prefix}-desc" id="{id_prefix}-svg">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        f'<defs><marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#5b3a8c"/></marker></defs>',
        '<g class="net-edges">',
    ]
    for a, b, data in drawn_edges(graph, max_edges):
        a, b = sorted((a, b))
        (x1, y1), (x2, y2) = xy(a), xy(b)
        css = edge_class(data)
        if css != "referral":
            dash = EDGE_DASHES[css]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            stroke_width = min(1.2 + 0.6 * (data.get("partnerships", 0) + data.get("shared_steps", 0)), 5)
            tip = _edge_title(graph, a, b, data)
            out.append(f'<line class="net-edge net-edge--{css}" data-a={quoteattr(a)} data-b={quoteattr(b)} '
                       f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{stroke_width:.1f}"'
                       f'{dash_attr}><title>{escape(tip)}</title></line>')
        for count, (s, t) in ((data.get("referrals_forward", 0), (a, b)), (data.get("referrals_backward", 0), (b, a))):
            if count:
                out.append(_flow_path(graph, s, t, count, xy, metrics, id_prefix, small))
    out.append('</g><g class="net-nodes">')
    for node, data in graph.nodes(data=True):
        x, y = xy(node)
        m = metrics.nodes[node]
        fill, shape = NODE_STYLES.get(data.get("kind"), DEFAULT_NODE_STYLE)
        r = radii[node]
        neighbours = " ".join(sorted(graph[node]))
        kind_label = kind_labels.get(data.get("kind"), data.get("kind", ""))
        name = ngettext("%(name)s (%(kind)s), %(count)d tie", "%(name)s (%(kind)s), %(count)d ties", m.degree) % {
            "name": data.get("name") or node, "kind": kind_label, "count": m.degree}
        href = data.get("url") or f"#row-{node}"
        label = ""
        if node in labelled:
            tx, ty, anchor = label_places[node]
            anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
            label = (f'<text x="{tx:.1f}" y="{ty:.1f}" class="net-label"{anchor_attr}>'
                     f'{escape(label_texts[node])}</text>')
        out.append(f'<a href={quoteattr(href)} class="net-node net-node--{escape(data.get("kind", ""))}" '
                   f'data-node={quoteattr(node)} data-neighbours={quoteattr(neighbours)} aria-label={quoteattr(name)}>'
                   f'<title>{escape(name)}</title>{_shape(shape, x, y, r, fill)}{label}</a>')
    out.append("</g></svg>")
    return "\n".join(out)


def _edge_title(graph, a, b, data) -> str:
    parts = [f'{graph.nodes[a].get("label", a)} — {graph.nodes[b].get("label", b)}']
    if data.get("partnership_names"):
        parts.append(data["partnership_names"])
    if data.get("shared_steps"):
        parts.append(ngettext("%(count)d shared pathway step", "%(count)d shared pathway steps",
                              data["shared_steps"]) % {"count": data["shared_steps"]})
    return ": ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else "")


def _flow_path(graph, source, target, count, xy, metrics, id_prefix, small) -> str:
    """A referral flow: a curved arrow (so the two directions of a pair do not overlap), width by count."""
    (x1, y1), (x2, y2) = xy(source), xy(target)
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    r = node_radius(metrics, target, small=small) + 3
    x2e, y2e = x2 - dx / length * r, y2 - dy / length * r
    cx, cy = (x1 + x2) / 2 - dy / length * 18, (y1 + y2) / 2 + dx / length * 18
    width = min(1 + math.log2(1 + count), 6)
    tip = ngettext("%(source)s → %(target)s: %(count)d referral", "%(source)s → %(target)s: %(count)d referrals",
                   count) % {
        "source": graph.nodes[source].get("label", source), "target": graph.nodes[target].get("label", target),
        "count": count}
    return (f'<path class="net-edge net-edge--referral" data-a={quoteattr(source)} data-b={quoteattr(target)} '
            f'd="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2e:.1f},{y2e:.1f}" fill="none" '
            f'stroke-width="{width:.1f}" marker-end="url(#{id_prefix}-arrow)"><title>{escape(tip)}</title></path>')
