"""Background work of the network app: computing a large network's view off the request (django-tasks)."""

from django.utils import translation
from django_tasks import task

from network.graph import GraphSpec


@task()
def compute_network_view(spec: dict, language: str) -> dict:
    """Compute and cache one view (graph, metrics, layout, SVG) in one language, for the page to serve."""
    from network.snapshot import get_snapshot

    with translation.override(language):
        snapshot = get_snapshot(GraphSpec.from_dict(spec))
    return {"organisations": snapshot.metrics.node_count, "ties": snapshot.metrics.edge_count}
