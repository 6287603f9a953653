"""The SVG: deterministic, linked, titled, and readable without colour."""

import re
import xml.etree.ElementTree as ET

import networkx as nx

from network.drawing import layout, render_svg
from network.metrics import compute_metrics

SVG = "{http://www.w3.org/2000/svg}"


def sample():
    g = nx.Graph()
    g.add_node("aibsl", label="AIBSL", name="Accueil et Intégration BSL", kind="community", url="/organismes/aibsl/")
    g.add_node("cisss", label="CISSS", name="CISSS du Bas-Saint-Laurent", kind="state", url="")
    g.add_node("table", label="Table", name="Table <immigration> & co", kind="concertation", url="/t/")
    g.add_edge("aibsl", "cisss", weight=1, kinds="agreement", partnerships=1, shared_steps=0,
               partnership_names="Entente", referrals=3, referrals_forward=2, referrals_backward=1)
    g.add_edge("aibsl", "table", weight=1, kinds="concertation", partnerships=1, shared_steps=0,
               partnership_names="Table", referrals=0, referrals_forward=0, referrals_backward=0)
    return g


def draw(graph):
    from django.utils import translation

    metrics = compute_metrics(graph)
    with translation.override("en"):
        return render_svg(graph, metrics, layout(graph), kind_labels={"community": "Community", "state": "State"},
                          title="Network", description="Three organisations")


def test_same_input_same_bytes():
    assert draw(sample()) == draw(sample())
    assert layout(sample()) == layout(sample())


def test_nodes_are_named_links_with_titles_and_shapes():
    svg = draw(sample())
    root = ET.fromstring(svg)  # noqa: S314 (our own output) — well-formed, names escaped
    links = root.findall(f".//{SVG}a")
    assert len(links) == 3
    by_node = {a.get("data-node"): a for a in links}
    assert by_node["aibsl"].get("href") == "/organismes/aibsl/"
    assert by_node["cisss"].get("href") == "#row-cisss"  # no role page yet: the table row
    assert by_node["aibsl"].get("aria-label").startswith("Accueil et Intégration BSL (Community), 2 ties")
    assert by_node["table"].find(f"{SVG}title").text.startswith("Table <immigration> & co")
    assert by_node["aibsl"].get("data-neighbours") == "cisss table"
    assert by_node["aibsl"].find(f"{SVG}circle") is not None  # community: circle
    assert by_node["cisss"].find(f"{SVG}rect") is not None  # state: square
    assert by_node["table"].find(f"{SVG}polygon") is not None  # concertation: hexagon


def test_edges_are_styled_by_partnership_kind_and_flows_are_arrows():
    svg = draw(sample())
    assert re.search(r'class="net-edge net-edge--agreement"[^>]*x1=', svg)
    assert re.search(r'class="net-edge net-edge--concertation"[^>]*stroke-dasharray="2 3"', svg)
    flows = re.findall(r'<path class="net-edge net-edge--referral"[^>]*>', svg)
    assert len(flows) == 2 and all("marker-end" in f for f in flows)
    assert "AIBSL → CISSS: 2 referrals" in svg and "CISSS → AIBSL: 1 referral<" in svg


def test_large_networks_draw_only_their_strongest_ties():
    from network.drawing import drawn_edges

    graph = sample()
    graph.edges["aibsl", "cisss"]["weight"] = 5
    assert [(a, b) for a, b, _ in drawn_edges(graph, max_edges=1)] == [("aibsl", "cisss")]
    assert len(drawn_edges(graph)) == 2


def _label_boxes(svg):
    """Estimated boxes of the drawn labels (same width estimate as the drawing)."""
    from network.drawing import text_width

    boxes = []
    wide = svg.split('net-labels--wide', 1)[1].split("</g>", 1)[0]
    for x, y, anchor, text in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" class="net-label" data-for="[^"]*"(?: text-anchor="(\w+)")?>'
            r'([^<]*)</text>', wide):
        x, y, w = float(x), float(y), text_width(text.replace("&amp;", "&"))
        left = x if not anchor else x - w if anchor == "end" else x - w / 2
        boxes.append((left, y - 10, left + w, y + 3))
    return boxes


def crowded():
    g = nx.Graph()
    names = ["Bureaux des députés de Rimouski", "La Débrouille", "Accueil Maternité", "CALACS",
             "Table de concertation en immigration Rimouski-Neigette", "CISSS du Bas-Saint-Laurent"]
    for index, name in enumerate(names):
        g.add_node(f"n{index}", label=name, name=name, kind="community", url="")
    g.add_edge("n4", "n5", weight=1, kinds="concertation", partnerships=1)
    return g


def test_labels_stay_inside_the_picture_and_do_not_overlap():
    svg = draw(crowded())
    boxes = _label_boxes(svg)
    assert len(boxes) == 6
    for box in boxes:
        assert box[0] >= 0 and box[2] <= 960 and box[1] >= 0 and box[3] <= 640, box
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (a, b)


def test_ego_column_gives_every_partner_its_own_line():
    from network.drawing import EGO_COLUMN_WIDTH, column_layout, ego_height

    g = nx.star_graph(["centre"] + [f"p{i:02d}" for i in range(20)])
    for node in g:
        g.nodes[node].update(label=f"Organisme partenaire numéro {node}", kind="community", url="")
    positions = column_layout(g, "centre")
    assert positions["centre"] == (0.0, 0.5) and {x for node, (x, _y) in positions.items() if node != "centre"} == {0.4}
    metrics = compute_metrics(g)
    svg = render_svg(g, metrics, positions, kind_labels={}, title="Ego", description="",
                     width=EGO_COLUMN_WIDTH, height=ego_height(20), small=True, label_width=185)
    boxes = _label_boxes(svg)
    assert len(boxes) == 21 and all(box[2] - box[0] <= 186 for box in boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (a, b)


def test_labels_never_overlap_on_random_crowded_pictures():
    """Property: whatever the positions, sizes and names, the labels placed never overlap one another and
    stay inside the picture (those that find no room are left out), and the most important label is placed."""
    import random

    from network.drawing import label_box, place_labels

    for seed in range(60):
        rng = random.Random(seed)
        width, height = rng.choice([(960, 640), (640, 400), (300, 200)])
        size = rng.choice([12, 24, 35])
        nodes = [(f"n{i}", rng.uniform(0, width), rng.uniform(0, height), rng.uniform(4, 20),
                  "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklm") for _ in range(rng.randint(0, 30))))
                 for i in range(rng.randint(1, 300))]
        placed = place_labels(nodes, width, height, size=size)
        texts = {node: text for node, _x, _y, _r, text in nodes}
        boxes = [label_box(x, y, anchor, texts[node], size) for node, (x, y, anchor) in placed.items()]
        for i, a in enumerate(boxes):
            assert a[1] >= 0 and a[3] <= height, (seed, a)
            assert a[0] >= 0 and a[2] <= width or a[2] - a[0] > width - 4, (seed, a)
            for b in boxes[i + 1:]:
                assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (seed, a, b)
        assert all(node in texts and texts[node] for node in placed)


def test_label_placement_looks_only_at_nearby_boxes():
    """O(n log n)-like, not O(n²): placing 2,000 labels compares each with the few boxes near it."""
    import random

    from network import drawing

    rng = random.Random(2017)
    nodes = [(f"n{i}", rng.uniform(0, 960), rng.uniform(0, 640), 6, f"Organisme {i}") for i in range(2000)]
    calls = []
    original = drawing._overlap

    def counted(a, b):
        calls.append(1)
        return original(a, b)

    drawing._overlap = counted
    try:
        drawing.place_labels(nodes, 960, 640)
    finally:
        drawing._overlap = original
    assert len(calls) < 2000 * 200  # every label against every other would be 2,000 × 2,000 × 8 candidates


def test_the_main_broker_is_drawn_largest():
    from network.drawing import node_radii

    metrics = compute_metrics(sample())
    radii = node_radii(metrics)
    assert max(radii, key=radii.get) == "aibsl" and radii["aibsl"] > sorted(radii.values())[-2]
