"""Import a heavy library on first use rather than at start-up (the standard library's LazyLoader).

`nx = lazy_import("networkx")` at the top of a module gives a module object that runs networkx's own
import the first time one of its attributes is read. A web worker that only serves cached network parts
never pays for it (22 MB a worker, issue 8); the task worker and the tests load it as soon as they compute.
Modules that use this write their annotations as strings (`from __future__ import annotations`), so that
`def draw(graph: nx.Graph)` does not load the library when the function is defined.
"""

import importlib.util
import sys


def lazy_import(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
