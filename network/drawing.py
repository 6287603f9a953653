"""Server-rendered SVG of the network: a deterministic layout, then plain SVG text.

Same graph in, same bytes out: nodes arrive in slug order, the spring layout has a fixed seed and the
coordinates are rounded. Every node is a link (an `<a>` with a `<title>` and an accessible name); its
kind shows by colour *and* shape, partnership kinds by dash pattern, so colour is never the only signal.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import ngettext

from network.metrics import SEED, NetworkMetrics
from portal.lazy import lazy_import

nx = lazy_import("networkx")  # loaded on first use: a worker serving cached parts never needs it

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


LARGE_LAYOUT = 500  # from here NetworkX uses its energy method, and the start matters more than the steps


def layout(graph: nx.Graph, *, seed: int = SEED, initial: dict | None = None) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]², reproducible for the same graph (and the same `initial` positions). Tied
    organisations get a spring layout in the upper part; organisations with no tie are lined up along the
    bottom, so they do not push the network into a corner.

    A large network starts from its spectral layout (a fraction of a second, already the right overall
    shape), so 12 iterations of the energy method finish it (2,000 organisations: about 3 s of CPU, where
    20 from random positions took 4.5 s); given the `initial` positions of a related view (same
    organisations, other layers) it only refines them, in 5."""
    isolates = [node for node in graph if graph.degree(node) == 0]
    tied = graph.subgraph([node for node in graph if graph.degree(node)])
    positions = {}
    band = 0.0 if not isolates else min(0.08 + 0.04 * (len(isolates) // 8), 0.3)
    if tied.number_of_nodes():
        n = tied.number_of_nodes()
        k = 1.6 / math.sqrt(n)
        iterations, start = 60, None
        if n >= LARGE_LAYOUT:
            if initial and all(node in initial for node in tied):
                iterations, start = 5, {node: initial[node] for node in tied}
            else:
                iterations, start = 12, nx.spectral_layout(tied, scale=0.5, center=(0.5, 0.5))
        raw = nx.spring_layout(tied, seed=seed, weight=None, k=k, iterations=iterations, pos=start)
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


class PlainGraph:
    """The few reads `render_svg` and `column_layout` make of a graph (its nodes and their data, each one's
    neighbours, the edges), without NetworkX: a role page's ego picture is drawn in a web worker from a
    small cached record, and the worker never loads the 22 MB library for it."""

    def __init__(self, nodes: dict[str, dict], edges: list[tuple[str, str, dict]]):
        self.nodes = nodes
        self.adj = {node: {} for node in nodes}
        self._edges = list(edges)
        for a, b, data in self._edges:
            self.adj[a][b] = self.adj[b][a] = data

    def __iter__(self):
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, node) -> bool:
        return node in self.nodes

    def __getitem__(self, node) -> dict:
        return self.adj[node]

    def degree(self, node) -> int:
        return len(self.adj[node])

    def number_of_edges(self) -> int:
        return len(self._edges)

    def edges(self, data: bool = False) -> list:
        return [(a, b, d) if data else (a, b) for a, b, d in self._edges]


def column_layout(graph: nx.Graph | PlainGraph, centre: str) -> dict[str, tuple[float, float]]:
    """An ego network narrow enough for a phone: the organisation on the left, its partners in one column
    (sorted by kind, then slug) with their labels reading rightwards, one line each."""
    others = sorted((node for node in graph if node != centre), key=lambda n: (graph.nodes[n].get("kind", ""), n))
    positions = {centre: (0.0, 0.5)}
    for index, node in enumerate(others):
        positions[node] = (0.4, 0.5 if len(others) == 1 else round(index / (len(others) - 1), 4))
    return {node: positions[node] for node in graph}


EGO_COLUMN_WIDTH = 360  # user units = CSS px at a phone's width: its 12 px labels stay 12 px there
EGO_COLUMN_LINE = 26


def ego_height(partners: int, *, minimum: int = 160, line: int = EGO_COLUMN_LINE) -> int:
    """Height of an ego drawing with `partners` in its one column: a line each."""
    return max(minimum, line * partners + 80)


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


class BoxGrid:
    """Boxes bucketed in square cells: "which boxes may touch this one" reads the few cells under it, not
    every box (a spatial hash: building is O(n), each query O(boxes nearby), so placing n labels is
    O(n log n)-like in practice instead of O(n²))."""

    def __init__(self, cell: float = 48.0):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.boxes: list[tuple] = []

    def _keys(self, box):
        c = self.cell
        for cx in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for cy in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield cx, cy

    def add(self, box) -> int:
        index = len(self.boxes)
        self.boxes.append(box)
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(index)
        return index

    def near(self, box) -> list[int]:
        found = set()
        for key in self._keys(box):
            found.update(self.cells.get(key, ()))
        return sorted(found)

    def overlap(self, box, *, skip: int = -1) -> float:
        return sum(_overlap(box, self.boxes[i]) for i in self.near(box) if i != skip)


def label_box(tx: float, ty: float, anchor: str, text: str, size: float = FONT_SIZE) -> tuple:
    """The box a label drawn at (tx, ty) with this anchor covers (estimated width, ascent and descent)."""
    w = text_width(text, size)
    left = tx if anchor == "start" else tx - w if anchor == "end" else tx - w / 2
    return (left, ty - 0.84 * size, left + w, ty + 0.25 * size)


def place_labels(nodes: list, width: float, height: float, *, size: float = FONT_SIZE) -> dict:
    """Greedy, deterministic label placement: nodes in the given order (most important first) take the first
    position around them (right, left, below, above, then shifted) that stays inside the picture, overlaps
    no label already placed and the fewest nodes. A label that finds no such place is left out (the node
    keeps its name in its link and title): labels never overlap one another.
    `nodes` holds (node, x, y, r, text); an empty text is an obstacle only. Returns node → (x, y, anchor)
    for the labels placed. Spatial grids for the nodes and the labels keep it O(n log n)-like."""
    s = size / FONT_SIZE
    shapes = BoxGrid(cell=max(24.0, 4 * size))
    for _node, x, y, r, _text in nodes:
        shapes.add((x - r, y - r, x + r, y + r))
    labels = BoxGrid(cell=max(24.0, 4 * size))
    placed = {}
    for index, (node, x, y, r, text) in enumerate(nodes):
        if not text:
            continue
        gap = 3 * s
        candidates = [
            (x + r + gap, y + 4 * s, "start"), (x - r - gap, y + 4 * s, "end"),
            (x, y + r + 13 * s, "middle"), (x, y - r - 4 * s, "middle"),
            (x + r + gap, y - 9 * s, "start"), (x + r + gap, y + 17 * s, "start"),
            (x - r - gap, y - 9 * s, "end"), (x - r - gap, y + 17 * s, "end"),
        ]
        if x < width / 2 - 1:  # labels read outwards: fewer crossings with the edges towards the middle
            candidates[0], candidates[1] = candidates[1], candidates[0]
        best = None
        for tx, ty, anchor in candidates:
            tx, ty = round(tx, 1), round(ty, 1)  # the box is the one drawn, from the written coordinates
            box = label_box(tx, ty, anchor, text, size)
            if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2:
                continue
            if labels.overlap(box):
                continue
            cost = shapes.overlap(box, skip=index)
            if best is None or cost < best[0]:
                best = (cost, (round(tx, 1), round(ty, 1), anchor), box)
            if cost == 0:
                break
        if best is None and text_width(text, size) > width / 2:
            # too wide for any place inside: anchored on the side with more room, if no label is there
            anchor = "end" if x > width / 2 else "start"
            tx = x - r - gap if anchor == "end" else x + r + gap
            w = text_width(text, size)
            tx = max(tx, 2 + (w if anchor == "end" else 0))  # kept inside as far as it fits
            tx = min(tx, width - 2 - (0 if anchor == "end" else w)) if w < width - 4 else tx
            tx, ty = round(tx, 1), round(y + 4 * s, 1)
            box = label_box(tx, ty, anchor, text, size)
            if not labels.overlap(box) and box[1] >= 2 and box[3] <= height - 2:
                best = (0, (tx, ty, anchor), box)
        if best is None:
            continue
        placed[node] = best[1]
        labels.add(best[2])
    return placed


def drawn_edges(graph: nx.Graph | PlainGraph, max_edges: int = MAX_DRAWN_EDGES) -> list:
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


def node_radii(metrics: NetworkMetrics, *, small: bool = False) -> dict[str, float]:
    """Every node's radius, sized by brokerage (betweenness) with degree as a tie-breaker so a dense clique is
    not all dots. The two maxima are read once: O(n)."""
    most = max((m.betweenness for m in metrics.nodes.values()), default=0) or 1.0
    top_degree = max((m.degree for m in metrics.nodes.values()), default=0) or 1
    base, scale = (5, 9) if small else (6, 16)
    return {node: base + scale * (0.75 * math.sqrt(m.betweenness / most) + 0.25 * math.sqrt(m.degree / top_degree))
            for node, m in metrics.nodes.items()}


PHONE_SCREEN = 330  # CSS px a picture gets on a 360 px phone, margins off
PHONE_MIN_FONT = 12.5  # on-screen px wanted there
PHONE_LABELS = 8
# The picture's own style, for when it is an image of its own (<img>: the page's stylesheet does not reach
# it). Its media query reads the image's width on screen: narrow, only the few large labels are drawn;
# zoomed in (the image made wider), the full set comes back.
STANDALONE_STYLE = (
    ".net-edge{stroke:#555;stroke-linecap:round;fill:none;opacity:.55}"
    ".net-edge--agreement{stroke:#1b1b1b}.net-edge--concertation{stroke:#00676a}"
    ".net-edge--responsibility{stroke:#8a6d00}.net-edge--referral{stroke:#5b3a8c}"
    ".net-nodes>*{stroke:#fff;stroke-width:1.5}"
    ".net-label{fill:#1b1b1b;paint-order:stroke;stroke:#fff;stroke-width:3px;font-family:sans-serif}"
    ".net-labels--phone{display:none}"
    "@media (max-width:40rem){.net-labels--wide{display:none}.net-labels--phone{display:inline}}"
)


def phone_font_size(width: float) -> float:
    """The font size, in the picture's units, that shows as about 12 px when `width` fits a phone's screen."""
    return round(width * PHONE_MIN_FONT / PHONE_SCREEN, 1)


def render_svg(graph: nx.Graph | PlainGraph, metrics: NetworkMetrics, positions: dict, *, kind_labels: dict,
               title: str, description: str, width: int = 960, height: int = 640, id_prefix: str = "net",
               max_labels: int = 60, small: bool = False, max_edges: int = MAX_DRAWN_EDGES,
               label_width: float | None = None, standalone: bool = False,
               phone_labels: int = PHONE_LABELS, edge_titles: bool = True) -> str:
    """The whole picture as one SVG string. Inline in a page (`standalone=False`), each node is a link whose
    accessible name is the organisation's name (the labels are drawn apart, hidden from screen readers:
    a link's visible text never contradicts its name) and the page's script highlights ties. As an image
    of its own (`standalone=True`, for large networks) it carries its own style and no links or titles.

    Two sets of labels: `max_labels` at 12 units for a wide screen, and the `phone_labels` most important
    at a size that stays legible when the whole picture fits a 360 px phone (CSS shows one set or the
    other; zooming in shows the wide set)."""
    margin = 40
    def xy(node):
        px, py = positions[node]
        return margin + px * (width - 2 * margin), margin + py * (height - 2 * margin)

    ranked = [m.node for m in metrics.ranked("betweenness")]
    labelled = set(ranked[:max_labels]) if len(graph) > max_labels else set(graph)
    radii = node_radii(metrics, small=small)
    # The most important nodes choose their label's place first; ties in slug order (deterministic).
    order = sorted(graph, key=lambda n: (-radii[n], n))
    points = {node: xy(node) for node in graph}

    def texts(nodes, max_width):
        found = {node: graph.nodes[node].get("label") or node for node in nodes}
        return {node: truncate(text, max_width) for node, text in found.items()} if max_width else found

    label_texts = texts(labelled, label_width)
    label_places = place_labels([(node, *points[node], radii[node], label_texts.get(node, "")) for node in order],
                                width, height)
    phone_size = phone_font_size(width)
    phone_nodes = set(ranked[:phone_labels]) if len(graph) > phone_labels else set(graph)
    phone_texts = {node: truncate(text, width * 0.45 * FONT_SIZE / phone_size) if len(text) > 3 else text
                   for node, text in texts(phone_nodes, None).items()}
    phone_places = place_labels([(node, *points[node], radii[node], phone_texts.get(node, "")) for node in order],
                                width, height, size=phone_size) if phone_labels else {}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="net-svg" viewBox="0 0 {width} {height}" '
        + (f'width="{width}" height="{height}" role="img" ' if standalone else 'role="group" ')
        + f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" id="{id_prefix}-svg">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
    ]
    if standalone:
        out.append(f"<style>{STANDALONE_STYLE}</style>")
    out += [
        f'<defs><marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#5b3a8c"/></marker></defs>',
        '<g class="net-edges">',
    ]
    for a, b, data in drawn_edges(graph, max_edges):
        a, b = sorted((a, b))
        (x1, y1), (x2, y2) = points[a], points[b]
        css = edge_class(data)
        if css != "referral":
            dash = EDGE_DASHES[css]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            stroke_width = min(1.2 + 0.6 * (data.get("partnerships", 0) + data.get("shared_steps", 0)), 5)
            if standalone or not edge_titles:
                ends = "" if standalone else f"data-a={quoteattr(a)} data-b={quoteattr(b)} "
                out.append(f'<line class="net-edge net-edge--{css}" {ends}x1="{x1:.0f}" y1="{y1:.0f}" '
                           f'x2="{x2:.0f}" y2="{y2:.0f}" stroke-width="{stroke_width:.1f}"{dash_attr}/>')
            else:
                tip = _edge_title(graph, a, b, data)
                out.append(f'<line class="net-edge net-edge--{css}" data-a={quoteattr(a)} data-b={quoteattr(b)} '
                           f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                           f'stroke-width="{stroke_width:.1f}"{dash_attr}><title>{escape(tip)}</title></line>')
        for count, (source, target) in ((data.get("referrals_forward", 0), (a, b)),
                                        (data.get("referrals_backward", 0), (b, a))):
            if count:
                out.append(_flow_path(graph, source, target, count, points, radii, id_prefix, standalone))
    out.append('</g><g class="net-nodes">')
    for node in graph:
        data = graph.nodes[node]
        x, y = points[node]
        m = metrics.nodes[node]
        fill, shape = NODE_STYLES.get(data.get("kind"), DEFAULT_NODE_STYLE)
        drawn = _shape(shape, x, y, radii[node], fill)
        if standalone:
            out.append(drawn)
            continue
        neighbours = " ".join(sorted(graph[node]))
        kind_label = kind_labels.get(data.get("kind"), data.get("kind", ""))
        name = ngettext("%(name)s (%(kind)s), %(count)d tie", "%(name)s (%(kind)s), %(count)d ties", m.degree) % {
            "name": data.get("name") or node, "kind": kind_label, "count": m.degree}
        href = data.get("url") or f"#row-{node}"
        out.append(f'<a href={quoteattr(href)} class="net-node net-node--{escape(data.get("kind", ""))}" '
                   f'data-node={quoteattr(node)} data-neighbours={quoteattr(neighbours)} aria-label={quoteattr(name)}>'
                   f'<title>{escape(name)}</title>{drawn}</a>')
    out.append("</g>")
    for css, places, shown, size in (("wide", label_places, label_texts, None),
                                     ("phone", phone_places, phone_texts, phone_size)):
        if not places:
            continue
        size_attr = f' font-size="{size}"' if size else (' font-size="12"' if standalone else "")
        out.append(f'<g class="net-labels net-labels--{css}" aria-hidden="true"{size_attr}>')
        for node in order:
            if node in places:
                tx, ty, anchor = places[node]
                anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
                out.append(f'<text x="{tx:.1f}" y="{ty:.1f}" class="net-label" data-for={quoteattr(node)}'
                           f'{anchor_attr}>{escape(shown[node])}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _edge_title(graph, a, b, data) -> str:
    parts = [f'{graph.nodes[a].get("label", a)} — {graph.nodes[b].get("label", b)}']
    if data.get("partnership_names"):
        parts.append(data["partnership_names"])
    if data.get("shared_steps"):
        parts.append(ngettext("%(count)d shared pathway step", "%(count)d shared pathway steps",
                              data["shared_steps"]) % {"count": data["shared_steps"]})
    return ": ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else "")


def _flow_path(graph, source, target, count, points, radii, id_prefix, standalone) -> str:
    """A referral flow: a curved arrow (so the two directions of a pair do not overlap), width by count."""
    (x1, y1), (x2, y2) = points[source], points[target]
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    r = radii[target] + 3
    x2e, y2e = x2 - dx / length * r, y2 - dy / length * r
    cx, cy = (x1 + x2) / 2 - dy / length * 18, (y1 + y2) / 2 + dx / length * 18
    width = min(1 + math.log2(1 + count), 6)
    path = (f'd="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2e:.1f},{y2e:.1f}" fill="none" '
            f'stroke-width="{width:.1f}" marker-end="url(#{id_prefix}-arrow)"')
    if standalone:
        return f'<path class="net-edge net-edge--referral" {path}/>'
    tip = ngettext("%(source)s → %(target)s: %(count)d referral", "%(source)s → %(target)s: %(count)d referrals",
                   count) % {
        "source": graph.nodes[source].get("label", source), "target": graph.nodes[target].get("label", target),
        "count": count}
    return (f'<path class="net-edge net-edge--referral" data-a={quoteattr(source)} data-b={quoteattr(target)} '
            f'{path}><title>{escape(tip)}</title></path>')
