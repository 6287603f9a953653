"""The network page's context and the download views. HTTP and validation only: the work is in graph.py,
metrics.py, drawing.py and snapshot.py."""

import datetime

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directory.models import OrganizationKind
from network.drawing import EDGE_DASHES, NODE_STYLES
from network.exports import FORMATS, export
from network.forms import NetworkFilterForm
from network.metrics import diff, main_brokers
from network.models import PartnershipKind
from network.snapshot import get_snapshot

TABLE_MAX_ROWS = 150  # a larger network's full table is the CSV download
SHAPE_NAMES = {"circle": _lazy("circle"), "square": _lazy("square"), "diamond": _lazy("diamond"),
               "triangle": _lazy("triangle"), "hexagon": _lazy("hexagon")}


def network_context(request) -> dict:
    form = NetworkFilterForm(request.GET or None, user=request.user)
    spec = form.spec()
    snapshot = get_snapshot(spec)
    metrics = snapshot.metrics
    graph = snapshot.graph
    rows = []
    kind_labels = dict(OrganizationKind.choices)
    ranked = metrics.ranked("betweenness")
    for m in ranked[:TABLE_MAX_ROWS]:
        data = graph.nodes[m.node]
        rows.append({"m": m, "name": data.get("name"), "url": data.get("url"),
                     "kind_label": kind_labels.get(m.kind, m.kind), "sentences": snapshot.sentences[m.node]})
    broker_nodes = main_brokers(metrics)
    brokers = [row for row in rows if row["m"].node in broker_nodes]
    comparison = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("compare"):
        before = get_snapshot(form.spec(as_of=form.cleaned_data["compare"]))
        comparison = diff(before.graph, graph, before.metrics, metrics)
        comparison["date"] = form.cleaned_data["compare"]
        comparison["labels"] = {n: graph.nodes[n].get("label", n) if n in graph else n
                                for n in set(graph) | set(before.graph)}
    query = request.GET.urlencode()
    return {
        "form": form,
        "spec": spec,
        "snapshot": snapshot,
        "network_svg": snapshot.svg,
        "network_sentences": snapshot.summary,
        "network_rows": rows,
        "table_truncated": len(ranked) > TABLE_MAX_ROWS,
        "table_max_rows": TABLE_MAX_ROWS,
        "focus_options": sorted(((graph.nodes[n].get("label") or n, n) for n in graph if graph.degree(n)),
                                key=lambda o: (o[0].lower(), o[1])),
        "brokers": brokers,
        "articulation_rows": [{"m": metrics.nodes[n]} for n in metrics.articulation_points[:10]],
        "comparison": comparison,
        "legend_kinds": [(value, label, *NODE_STYLES[value], SHAPE_NAMES[NODE_STYLES[value][1]])
                         for value, label in OrganizationKind.choices if value in NODE_STYLES],
        "legend_edges": [(value, label) for value, label in PartnershipKind.choices]
        + [("responsibility", _("Shared pathway step")), ("referral", _("Referral flow (arrow: direction)"))],
        "edge_dashes": EDGE_DASHES,
        "export_links": [(fmt, f"?{query}" if query else "") for fmt in FORMATS],
        "growth_years": [datetime.date(year, 12, 31) for year in range(2017, datetime.date.today().year)],
    }


def export_view(request, fmt: str):
    """Downloads with the same filters as the page (and the same visibility rules)."""
    if fmt not in FORMATS:
        raise Http404
    form = NetworkFilterForm(request.GET or None, user=request.user)
    snapshot = get_snapshot(form.spec())
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(export(snapshot.graph, snapshot.metrics, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="passerelle-network-{snapshot.spec.day}.{extension}"'
    return response
