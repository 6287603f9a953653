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
