"""No import cycle between the modules of an app: each app's modules form a directed acyclic graph of
imports, lazy imports inside functions included (a lazy import hides a cycle, it does not remove it).
Imports of other apps are not followed: an app may use another's public modules."""

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, name: str) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


def import_graph(app: str) -> nx.DiGraph:
    paths = [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    modules = {module_name(path): path for path in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in imported_modules(path, name):
            if target in modules and target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    return graph


@pytest.mark.parametrize("app", APPS)
def test_no_import_cycle_between_the_modules_of_an_app(app):
    cycles = list(nx.simple_cycles(import_graph(app)))
    assert not cycles, f"{app}: import cycles " + "; ".join(" → ".join([*c, c[0]]) for c in cycles[:10])


def test_the_walk_finds_the_imports_it_checks():
    graph = import_graph("referrals")
    assert graph.has_edge("referrals.views", "referrals.services")
    assert graph.has_edge("referrals.api", "referrals.actions")


def test_every_page_type_lives_in_its_apps_pages_module():
    """One convention for page types, the portal included: `<app>/pages.py`, registered by the app."""
    from django.apps import apps
    from wagtail.models import Page

    ours = [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]
    assert ours
    misplaced = [
        f"{model.__name__} in {model.__module__}"
        for model in ours
        if model.__module__ != f"{model._meta.app_label}.pages"
    ]
    assert not misplaced, misplaced


@pytest.mark.parametrize("app", APPS)
def test_a_models_module_does_not_import_the_pages(app):
    graph = import_graph(app)
    if f"{app}.models" in graph and f"{app}.pages" in graph:
        assert not nx.has_path(graph, f"{app}.models", f"{app}.pages")
