"""REST API of the network app, mounted under /api/v1/: the graph (node-link JSON) and its metrics.

Same filters and same visibility as the page: anonymous callers get public partnerships and
responsibilities only, never referral flows.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.fields import CharField
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.models import OrganizationKind
from network.exports import node_link, with_metrics
from network.forms import NetworkFilterForm
from network.graph import LAYERS
from network.models import PartnershipKind
from network.snapshot import load_view

FILTER_PARAMETERS = [
    # The choices the filter form accepts, as enums: anything else (an empty value too) is a 400.
    OpenApiParameter("layers", str, many=True, explode=True, enum=list(LAYERS),
                     description="partnerships, responsibilities, referrals (referrals: signed-in partners only)."),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="Draw the network as it was on this day."),
    OpenApiParameter("kinds", str, many=True, explode=True, enum=OrganizationKind.values,
                     description="Organisation kinds to keep."),
    OpenApiParameter("sectors", str, many=True, explode=True, description="Sector slugs to keep."),
    OpenApiParameter("partnership_kinds", str, many=True, explode=True, enum=PartnershipKind.values,
                     description="Partnership kinds to keep."),
    OpenApiParameter("referrals_since", OpenApiTypes.DATE, description="Count referrals sent since this day."),
]

FILTER_NAMES = [parameter.name for parameter in FILTER_PARAMETERS]
DATE_FILTERS = [parameter.name for parameter in FILTER_PARAMETERS if parameter.type == OpenApiTypes.DATE]

NODE_METRICS_FIELDS = {
    "node": serializers.CharField(), "label": serializers.CharField(), "kind": serializers.CharField(),
    "degree": serializers.IntegerField(), "weighted_degree": serializers.FloatField(),
    "betweenness": serializers.FloatField(), "pagerank": serializers.FloatField(),
    "clustering": serializers.FloatField(), "community": serializers.IntegerField(),
    "is_articulation_point": serializers.BooleanField(), "cut_off": serializers.IntegerField(),
    "referrals_sent": serializers.IntegerField(), "referrals_received": serializers.IntegerField(),
}
MetricsSerializer = inline_serializer("NetworkMetrics", {
    "as_of": serializers.DateField(), "layers": serializers.ListField(child=serializers.CharField()),
    "node_count": serializers.IntegerField(), "edge_count": serializers.IntegerField(),
    "density": serializers.FloatField(), "components": serializers.IntegerField(),
    "largest_component": serializers.IntegerField(),
    "isolates": serializers.ListField(child=serializers.CharField()),
    "communities": serializers.ListField(child=serializers.ListField(child=serializers.CharField())),
    "bridges": serializers.ListField(child=serializers.ListField(child=serializers.CharField())),
    "articulation_points": serializers.ListField(child=serializers.CharField()),
    "betweenness_sampled": serializers.BooleanField(),
    "betweenness_k": serializers.IntegerField(allow_null=True),
    "nodes": inline_serializer("NetworkNodeMetrics", NODE_METRICS_FIELDS, many=True),
})


class NetworkFilterMixin:
    permission_classes = [AllowAny]

    def snapshot_or_errors(self, request):
        # The page's GET form sends its blank date fields as `as_of=`; the API takes a date or nothing: a
        # parameter given empty is a 400, as its schema (a date, an enum) says.
        blank = {name: [CharField.default_error_messages["blank"]] for name in FILTER_NAMES
                 if "" in request.query_params.getlist(name)}
        # A date filter the form drops for this caller (referrals_since, anonymous) is still a date or a 400.
        for name in DATE_FILTERS:
            for value in request.query_params.getlist(name):
                try:
                    forms.DateField().clean(value)
                except ValidationError as error:
                    blank.setdefault(name, []).extend(error.messages)
        form = NetworkFilterForm(request.query_params or None, user=request.user)
        if blank:  # every bad field in one answer: the form's own errors beside the strict checks
            if form.is_bound and not form.is_valid():
                for name, errors in form.errors.items():
                    if name not in blank:
                        blank[name] = list(errors)
            raise DRFValidationError(blank)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors.as_data())  # the API's one error shape, by field
        spec = form.spec()
        view = load_view(spec, background=True)
        if view is None:
            pending = Response({"detail": "The network is being computed; try again in a minute.",
                                "code": "pending", "fields": {}}, status=503,
                               headers={"Retry-After": "60"})
            return None, pending
        graph, core = view
        return (spec, graph, core.metrics), None


class NetworkGraphView(NetworkFilterMixin, APIView):
    @extend_schema(operation_id="network_graph", parameters=FILTER_PARAMETERS, responses={200: OpenApiTypes.OBJECT},
                   summary="The partnership network as node-link JSON (NetworkX node_link_data, edges key 'edges').")
    def get(self, request):
        snapshot, errors = self.snapshot_or_errors(request)
        if errors:
            return errors
        _spec, graph, metrics = snapshot
        return Response(node_link(with_metrics(graph, metrics)))


class NetworkMetricsView(NetworkFilterMixin, APIView):
    @extend_schema(operation_id="network_metrics", parameters=FILTER_PARAMETERS, responses={200: MetricsSerializer},
                   summary="Per-organisation and whole-network metrics of the partnership network.")
    def get(self, request):
        snapshot, errors = self.snapshot_or_errors(request)
        if errors:
            return errors
        spec, _graph, m = snapshot
        return Response({
            "as_of": spec.day.isoformat(), "layers": list(spec.effective_layers),
            "node_count": m.node_count, "edge_count": m.edge_count, "density": m.density,
            "components": m.components, "largest_component": m.largest_component, "isolates": m.isolates,
            "communities": m.communities, "bridges": [list(b) for b in m.bridges],
            "articulation_points": m.articulation_points, "betweenness_sampled": m.betweenness_sampled,
            "betweenness_k": m.betweenness_k,
            "nodes": [vars(m.nodes[node]) for node in sorted(m.nodes)],
        })


urlpatterns = [
    path("network/graph/", NetworkGraphView.as_view(), name="api-network-graph"),
    path("network/metrics/", NetworkMetricsView.as_view(), name="api-network-metrics"),
]
