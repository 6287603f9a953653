"""The network page's context and the download views. HTTP and validation only: the work is in graph.py,
metrics.py, drawing.py and snapshot.py."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from directory.models import OrganizationKind
from network.drawing import EDGE_DASHES, NODE_STYLES
from network.exports import FORMATS, export
from network.forms import NetworkFilterForm
from network.graph import LAYER_PARTNERSHIPS, LAYER_REFERRALS, LAYER_RESPONSIBILITIES
from network.models import PartnershipKind
from network.snapshot import get_comparison, get_page_parts, get_svg, load_view, node_parts_version
from portal.page_cache import content_version, database_tag, do_not_store

SHAPE_NAMES = {"circle": gettext_lazy("circle"), "square": gettext_lazy("square"), "diamond": gettext_lazy("diamond"),
               "triangle": gettext_lazy("triangle"), "hexagon": gettext_lazy("hexagon")}


def network_context(request) -> dict:
    """The page from cached parts only: no graph is built or read here on a hit (nor, for a large network,
    on a miss: the worker computes it while the last good view is shown)."""
    form = NetworkFilterForm(request.GET or None, user=request.user)
    spec = form.spec()
    version = node_parts_version(spec)  # once per content version: for the page and its comparison
    query = request.GET.urlencode()
    # The filter form's HTML (a template per checkbox: half of the page's rendering) depends on the query,
    # the language, the sectors (content) and whether the layers of partners are offered: nothing else.
    content = content_version()
    form_key = hashlib.sha256(
        f"{database_tag()}#{content}#{get_language()}#{form.partner_view}#{query}".encode()).hexdigest()[:32]
    form_parts = {"form_fragment_key": form_key, "form_seconds": settings.PAGE_CACHE_SECONDS if content else 0}
    parts, stale = get_page_parts(spec, version=version)
    if parts is None:
        do_not_store(request)  # it reloads until the view is computed: never keep the placeholder
        return {"form": form, "spec": spec, "network_pending": True, **form_parts}
    if stale:
        do_not_store(request)
    comparison = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("compare"):
        comparison = get_comparison(spec, form.spec(as_of=form.cleaned_data["compare"]), version=version)
        if comparison is None:
            do_not_store(request)
            comparison = {"pending": True, "date": form.cleaned_data["compare"]}
    suffix = f"?{query}" if query else ""
    return {
        **form_parts,
        "form": form,
        "spec": spec,
        "parts": parts,
        "network_stale": stale,
        "network_svg": parts["inline_svg"],
        "svg_url": "" if parts["inline_svg"] else reverse("network-svg") + suffix,
        "network_headline": parts["headline"],
        "network_sentences": parts["summary"],
        "network_rows": parts["rows"],
        "show_flows": LAYER_REFERRALS in spec.effective_layers,
        "table_truncated": parts["table_truncated"],
        "table_max_rows": len(parts["rows"]),
        "focus_options": parts["focus_options"],
        "brokers": parts["brokers"],
        "articulation_rows": parts["articulation_rows"],
        "growth": parts["growth"],
        "comparison": comparison,
        "legend_kinds": [(value, label, *NODE_STYLES[value], SHAPE_NAMES[NODE_STYLES[value][1]])
                         for value, label in OrganizationKind.choices if value in NODE_STYLES],
        "legend_edges": legend_edges(spec),
        "edge_dashes": EDGE_DASHES,
        "export_links": [(fmt, reverse("network-export", args=[fmt]) + suffix) for fmt in FORMATS],
        # The template's {% cache %} fragments (the facts, the growth table, the downloads and the big
        # table: most of the page's rendering) are made of these parts alone, so they are kept under the
        # parts' own key, the address's query and the language, as long as the frame's parts.
        "fragment_key": hashlib.sha256(
            f"{database_tag()}#{spec.key()}#{version}#{stale}#{query}#{get_language()}".encode()).hexdigest()[:32],
        "fragment_seconds": settings.PAGE_CACHE_SECONDS if not stale else 0,
    }


def legend_edges(spec) -> list[tuple[str, str]]:
    """Edge styles of the layers on show only: a visitor never sees a referral entry in the legend."""
    entries = list(PartnershipKind.choices) if LAYER_PARTNERSHIPS in spec.effective_layers else []
    if LAYER_RESPONSIBILITIES in spec.effective_layers:
        entries.append(("responsibility", _("Shared pathway step")))
    if LAYER_REFERRALS in spec.effective_layers:
        entries.append(("referral", _("Referral flow (arrow: direction)")))
    return entries


def _pending() -> HttpResponse:
    response = HttpResponse(_("The network is being computed; try again in a minute."), status=503,
                            content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "60"
    return response


def export_view(request, fmt: str):
    """Downloads with the same filters as the page (and the same visibility rules)."""
    if fmt not in FORMATS:
        raise Http404
    form = NetworkFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        messages = "\n".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        return HttpResponse(messages, status=400, content_type="text/plain; charset=utf-8")
    spec = form.spec()
    view = load_view(spec, background=True)
    if view is None:
        return _pending()
    graph, core = view
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(export(graph, core.metrics, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="passerelle-network-{spec.day}.{extension}"'
    return response


def svg_view(request):
    """The picture of a large network as an image of its own: cached by the browser and the page cache,
    referenced from the page (which stays small). Same filters and visibility as the page."""
    form = NetworkFilterForm(request.GET or None, user=request.user)
    svg = get_svg(form.spec())
    if svg == "":
        raise Http404  # a small network's picture is inline in its page: it has no image of its own
    if svg is None:
        return _pending()
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=300)
    else:
        patch_cache_control(response, public=True, max_age=300)
    # An image runs no script; its own <style> is its only styling (the page's stylesheet does not reach it).
    response._csp_update = {"style-src": ["'unsafe-inline'"]}
    return response
