"""Import a heavy library on first use rather than at start-up.

`nx = lazy_import("networkx")` at the top of a module gives an object that imports networkx the first time
one of its attributes is read, then forwards every read to it. A web worker that only serves cached network
parts never pays for it (22 MB a worker, issue 8); the task worker and the tests load it as soon as they
compute. Modules that use this write their annotations as strings (`from __future__ import annotations`), so
that `def draw(graph: nx.Graph)` does not load the library when the function is defined.

The import goes through `importlib.import_module`, which holds the module's import lock: a second thread
reading an attribute meanwhile waits for the whole module. (The standard library's LazyLoader, used here
before, marks the module loaded before running it on Python 3.11, so a gthread worker's second thread could
read a half-filled networkx.)
"""

import importlib
import sys


class _Deferred:
    def __init__(self, name: str):
        self._name = name
        self._module = None

    def __getattr__(self, attr):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


def lazy_import(name: str):
    return sys.modules.get(name) or _Deferred(name)
