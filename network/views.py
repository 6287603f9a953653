"""The network page's context and the download views. HTTP and validation only: the work is in graph.py,
metrics.py, drawing.py and snapshot.py."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import OrganizationKind
from network.drawing import EDGE_DASHES, NODE_STYLES
from network.exports import FORMATS, export
from network.forms import NetworkFilterForm
from network.graph import LAYER_PARTNERSHIPS, LAYER_REFERRALS, LAYER_RESPONSIBILITIES
from network.metrics import diff, main_brokers
from network.models import PartnershipKind
from network.snapshot import get_snapshot
from portal.page_cache import do_not_store

COMPARISON_MAX_NAMES = 60
TABLE_MAX_ROWS = 150  # a larger network's full table is the CSV download
SHAPE_NAMES = {"circle": gettext_lazy("circle"), "square": gettext_lazy("square"), "diamond": gettext_lazy("diamond"),
               "triangle": gettext_lazy("triangle"), "hexagon": gettext_lazy("hexagon")}


def network_context(request) -> dict:
    form = NetworkFilterForm(request.GET or None, user=request.user)
    spec = form.spec()
    snapshot = get_snapshot(spec, background=True)
    if snapshot is None:
        do_not_store(request)  # it reloads until the view is computed: never keep the placeholder
        return {"form": form, "spec": spec, "network_pending": True}
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
        before = get_snapshot(form.spec(as_of=form.cleaned_data["compare"]), background=True)
        if before is None:
            do_not_store(request)
            comparison = {"pending": True, "date": form.cleaned_data["compare"]}
        else:
            comparison = diff(before.graph, graph, before.metrics, metrics)
            comparison["date"] = form.cleaned_data["compare"]
            comparison["tied_labels"] = [graph.nodes[n].get("label") or n for n in comparison["tied_nodes_added"]
                                         if n in graph][:COMPARISON_MAX_NAMES]
    query = request.GET.urlencode()
    return {
        "form": form,
        "spec": spec,
        "snapshot": snapshot,
        "network_svg": snapshot.svg,
        "network_sentences": snapshot.summary,
        "network_rows": rows,
        "show_flows": LAYER_REFERRALS in spec.effective_layers,
        "table_truncated": len(ranked) > TABLE_MAX_ROWS,
        "table_max_rows": TABLE_MAX_ROWS,
        "focus_options": sorted(((graph.nodes[n].get("label") or n, n) for n in graph if graph.degree(n)),
                                key=lambda o: (o[0].lower(), o[1])),
        "brokers": brokers,
        "articulation_rows": [{"m": metrics.nodes[n]} for n in metrics.articulation_points[:10]],
        "comparison": comparison,
        "legend_kinds": [(value, label, *NODE_STYLES[value], SHAPE_NAMES[NODE_STYLES[value][1]])
                         for value, label in OrganizationKind.choices if value in NODE_STYLES],
        "legend_edges": legend_edges(spec),
        "edge_dashes": EDGE_DASHES,
        "export_links": [(fmt, f"?{query}" if query else "") for fmt in FORMATS],
    }


def legend_edges(spec) -> list[tuple[str, str]]:
    """Edge styles of the layers on show only: a visitor never sees a referral entry in the legend."""
    entries = list(PartnershipKind.choices) if LAYER_PARTNERSHIPS in spec.effective_layers else []
    if LAYER_RESPONSIBILITIES in spec.effective_layers:
        entries.append(("responsibility", _("Shared pathway step")))
    if LAYER_REFERRALS in spec.effective_layers:
        entries.append(("referral", _("Referral flow (arrow: direction)")))
    return entries


def export_view(request, fmt: str):
    """Downloads with the same filters as the page (and the same visibility rules)."""
    if fmt not in FORMATS:
        raise Http404
    form = NetworkFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        messages = "\n".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        return HttpResponse(messages, status=400, content_type="text/plain; charset=utf-8")
    snapshot = get_snapshot(form.spec(), background=True)
    if snapshot is None:
        response = HttpResponse(_("The network is being computed; try again in a minute."), status=503,
                                content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(export(snapshot.graph, snapshot.metrics, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="passerelle-network-{snapshot.spec.day}.{extension}"'
    return response
