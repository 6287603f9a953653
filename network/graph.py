"""Building the network from the database: the only module of this app that touches the ORM for graphs.

Nodes are active organisations, keyed by slug (stable across databases, readable in Gephi). One undirected
`nx.Graph` carries every switched-on layer; each edge says which layers tie the pair:

- partnerships: one tie per pair of members of each partnership active on `as_of` (a multi-party
  agreement ties all its members pairwise); attributes `partnerships`, `kinds`, `partnership_names`;
- shared responsibilities: organisations responsible (any level) for the same pathway step;
  attributes `shared_steps`, `step_names`;
- referral flows (partners only): counts of referrals sent between two organisations, never a person;
  by whole quarters, rounded down to a multiple of `DISCLOSURE_MIN_COUNT` (see `_add_referrals`).
  Direction is kept in `referrals_forward` (from the alphabetically first slug to the other) and
  `referrals_backward`, so it survives GEXF/GraphML round trips of an undirected graph.

`weight` is the sum of the three counts; it feeds weighted degree and PageRank.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.apps import apps
from django.db.models import Count, Max
from django.utils import timezone

from directory.models import Organization, Responsibility
from network.models import Partnership, PartnershipMember
from portal import disclosure
from portal.i18n import current_language
from portal.lazy import lazy_import

nx = lazy_import("networkx")  # loaded on first use: a worker serving cached parts never needs it

LAYER_PARTNERSHIPS = "partnerships"
LAYER_RESPONSIBILITIES = "responsibilities"
LAYER_REFERRALS = "referrals"
LAYERS = (LAYER_PARTNERSHIPS, LAYER_RESPONSIBILITIES, LAYER_REFERRALS)
PUBLIC_LAYERS = (LAYER_PARTNERSHIPS, LAYER_RESPONSIBILITIES)


@dataclass(frozen=True)
class GraphSpec:
    """What to draw. `partner_view` is False for anonymous visitors: then only public partnerships and
    responsibilities are read and the referral layer is dropped, whatever `layers` asks for."""

    layers: tuple[str, ...] = (LAYER_PARTNERSHIPS,)
    as_of: datetime.date | None = None
    org_kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    partnership_kinds: tuple[str, ...] = ()
    referrals_since: datetime.date | None = None
    partner_view: bool = False
    effective_layers: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        allowed = LAYERS if self.partner_view else PUBLIC_LAYERS
        object.__setattr__(self, "effective_layers", tuple(layer for layer in LAYERS if layer in self.layers
                                                           and layer in allowed))

    @property
    def day(self) -> datetime.date:
        return self.as_of or timezone.localdate()

    def as_dict(self) -> dict:
        """JSON-safe form, to hand the spec to a background task."""
        return {"layers": list(self.layers), "as_of": self.as_of.isoformat() if self.as_of else None,
                "org_kinds": list(self.org_kinds), "sectors": list(self.sectors),
                "partnership_kinds": list(self.partnership_kinds),
                "referrals_since": self.referrals_since.isoformat() if self.referrals_since else None,
                "partner_view": self.partner_view}

    @classmethod
    def from_dict(cls, data: dict) -> GraphSpec:
        day = lambda value: datetime.date.fromisoformat(value) if value else None  # noqa: E731
        return cls(layers=tuple(data["layers"]), as_of=day(data["as_of"]), org_kinds=tuple(data["org_kinds"]),
                   sectors=tuple(data["sectors"]), partnership_kinds=tuple(data["partnership_kinds"]),
                   referrals_since=day(data["referrals_since"]), partner_view=data["partner_view"])

    def key(self) -> str:
        """A short, stable text of everything that changes the graph (for cache keys)."""
        return "|".join([
            ",".join(self.effective_layers),
            self.day.isoformat(),
            ",".join(sorted(self.org_kinds)),
            ",".join(sorted(self.sectors)),
            ",".join(sorted(self.partnership_kinds)),
            self.referrals_since.isoformat() if self.referrals_since else "",
            "partner" if self.partner_view else "public",
        ])


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_after(day: datetime.date) -> datetime.date:
    """The first day of the quarter after the one holding `day`."""
    start = quarter_start(day)
    return datetime.date(start.year + 1, 1, 1) if start.month == 10 else start.replace(month=start.month + 3)


def referral_model():
    """The referrals app's Referral model, or None while it is not installed (the layer is then empty)."""
    try:
        return apps.get_model("referrals", "Referral")
    except LookupError:
        return None


def data_version(spec: GraphSpec) -> str:
    """A cheap fingerprint of every table the graph reads: count and latest change of each. Any write,
    whether from the admin, the API or the demo, changes it; it needs no signal and works across several
    app servers sharing one cache."""
    parts = []
    models = [Organization, Partnership, PartnershipMember, Responsibility]
    for model in models:
        row = model.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        parts.append(f"{row['n']}:{row['last'].isoformat() if row['last'] else ''}")
    parts.append(str(Organization.sectors.through.objects.count()))
    Referral = referral_model()
    if Referral is not None and LAYER_REFERRALS in spec.effective_layers:
        row = Referral.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        parts.append(f"{row['n']}:{row['last'].isoformat() if row['last'] else ''}")
    parts.append(timezone.localdate().isoformat())  # "active today" moves with the calendar
    return ";".join(parts)


def _edge(graph: nx.Graph, a: str, b: str) -> dict:
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, weight=0, layers="", partnerships=0, kinds="", partnership_names="",
                       shared_steps=0, step_names="", referrals=0, referrals_forward=0, referrals_backward=0)
    return graph.edges[a, b]


def _append(data: dict, key: str, value: str, sep: str) -> None:
    items = data[key].split(sep) if data[key] else []
    if value not in items:
        items.append(value)
        data[key] = sep.join(sorted(items))


def build_graph(spec: GraphSpec) -> nx.Graph:
    """The network described by `spec`, with nodes in slug order (so layouts are reproducible)."""
    organizations = Organization.objects.active().order_by("slug").prefetch_related("sectors")
    if spec.org_kinds:
        organizations = organizations.filter(kind__in=spec.org_kinds)
    if spec.sectors:
        organizations = organizations.filter(sectors__slug__in=spec.sectors).distinct()
    graph = nx.Graph(as_of=spec.day.isoformat(), layers=",".join(spec.effective_layers))
    ids = {}
    for org in organizations:
        url = org.get_absolute_url() if hasattr(org, "get_absolute_url") else ""
        # In the active language (the English name on English pages): a small network's picture is drawn
        # per language; metrics and ego records, computed once, keep the language they were computed in.
        graph.add_node(org.slug, label=org.short_name, name=org.display_name, kind=org.kind, url=url or "",
                       sectors=",".join(sorted(sector.slug for sector in org.sectors.all())))
        ids[org.pk] = org.slug
    if LAYER_PARTNERSHIPS in spec.effective_layers:
        _add_partnerships(graph, spec, ids)
    if LAYER_RESPONSIBILITIES in spec.effective_layers:
        _add_responsibilities(graph, spec, ids)
    if LAYER_REFERRALS in spec.effective_layers:
        _add_referrals(graph, spec, ids)
    return graph


def _add_partnerships(graph: nx.Graph, spec: GraphSpec, ids: dict) -> None:
    partnerships = Partnership.objects.active_on(spec.day)
    if not spec.partner_view:
        partnerships = partnerships.public()
    if spec.partnership_kinds:
        partnerships = partnerships.filter(kind__in=spec.partnership_kinds)
    language = current_language()
    found = {}
    for pk, kind, name_fr, name_en in partnerships.values_list("pk", "kind", "name_fr", "name_en"):
        found[pk] = (kind, (name_en if language == "en" else name_fr) or name_fr)
    members = defaultdict(list)
    # All member rows, filtered here: an IN list of every partnership costs more than reading them.
    for partnership_id, organization_id in PartnershipMember.objects.values_list("partnership_id",
                                                                                 "organization_id"):
        if partnership_id in found and organization_id in ids:
            members[partnership_id].append(ids[organization_id])
    for partnership_id in sorted(members):
        kind, name = found[partnership_id]
        for a, b in combinations(sorted(members[partnership_id]), 2):
            data = _edge(graph, a, b)
            data["partnerships"] += 1
            data["weight"] += 1
            _append(data, "layers", LAYER_PARTNERSHIPS, ",")
            _append(data, "kinds", kind, ",")
            _append(data, "partnership_names", name, "; ")


def _add_responsibilities(graph: nx.Graph, spec: GraphSpec, ids: dict) -> None:
    responsibilities = Responsibility.objects.select_related("step").order_by("step__order", "step_id")
    responsibilities = responsibilities.filter(organization_id__in=ids.keys())
    if not spec.partner_view:
        responsibilities = responsibilities.public()
    by_step = defaultdict(list)
    names = {}
    for responsibility in responsibilities:
        by_step[responsibility.step_id].append(ids[responsibility.organization_id])
        names[responsibility.step_id] = responsibility.step.name
    for step_id, slugs in by_step.items():
        for a, b in combinations(sorted(set(slugs)), 2):
            data = _edge(graph, a, b)
            data["shared_steps"] += 1
            data["weight"] += 1
            _append(data, "layers", LAYER_RESPONSIBILITIES, ",")
            _append(data, "step_names", names[step_id], "; ")


def _add_referrals(graph: nx.Graph, spec: GraphSpec, ids: dict) -> None:
    Referral = referral_model()
    if Referral is None:
        return
    # Whole quarters only, and every count rounded down to a multiple of the minimum (0, 3, 6…): comparing
    # two dates or two periods, or reading a pair with one referral (to a sexual-assault centre, say), must
    # not single out a person. Two published counts then differ by 0 or by at least the minimum.
    tz = timezone.get_current_timezone()
    end = datetime.datetime.combine(quarter_after(spec.day), datetime.time.min, tzinfo=tz)
    referrals = Referral.objects.exclude(state="draft").filter(sent_at__isnull=False, sent_at__lt=end)
    if spec.referrals_since:
        start = datetime.datetime.combine(quarter_start(spec.referrals_since), datetime.time.min, tzinfo=tz)
        referrals = referrals.filter(sent_at__gte=start)
    minimum = disclosure.min_count()
    # Grouped in the database, filtered here: two IN lists of every organisation cost more than the pairs.
    counts = (referrals.values_list("sender_id", "receiver_id").annotate(n=Count("pk"))
              .order_by("sender_id", "receiver_id"))
    for sender_id, receiver_id, n in counts:
        a, b = ids.get(sender_id), ids.get(receiver_id)
        n = disclosure.banded(n, minimum=minimum)
        if a is None or b is None or a == b or n == 0:
            continue
        data = _edge(graph, a, b)
        data["referrals"] += n
        data["weight"] += n
        data["referrals_forward" if a < b else "referrals_backward"] += n
        _append(data, "layers", LAYER_REFERRALS, ",")


def partnership_timeline(spec: GraphSpec) -> list[tuple[datetime.date, datetime.date | None, tuple[str, ...]]]:
    """Every partnership this view may show, whatever its dates: (since, until, member slugs). Read once, so
    the growth of the network over the years is counted in Python rather than with one graph per year.
    Three flat reads joined here: subqueries with thousands of ids are what makes this slow in SQL."""
    partnerships = Partnership.objects.all() if spec.partner_view else Partnership.objects.public()
    if spec.partnership_kinds:
        partnerships = partnerships.filter(kind__in=spec.partnership_kinds)
    dates = {pk: (since, until) for pk, since, until in partnerships.values_list("pk", "since", "until")}
    organizations = Organization.objects.active()
    if spec.org_kinds:
        organizations = organizations.filter(kind__in=spec.org_kinds)
    if spec.sectors:
        organizations = organizations.filter(sectors__slug__in=spec.sectors).distinct()
    slugs = dict(organizations.values_list("pk", "slug"))
    members = defaultdict(set)
    for partnership_id, organization_id in PartnershipMember.objects.values_list("partnership_id",
                                                                                 "organization_id"):
        if partnership_id in dates and organization_id in slugs:
            members[partnership_id].add(slugs[organization_id])
    return [(*dates[pk], tuple(sorted(members[pk]))) for pk in sorted(members)]
