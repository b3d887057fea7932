"""Calling a function by name, importing its module on the first call; looking up what a module
declares (a route, a page), importing the module the first time it is asked for.

``app.py``'s schedule and queue shims use it, so that a Lambda started for one job (or one
request) imports only the modules that job needs: every Lambda of the application loads
``app.py``, and importing every service at cold start was most of the project's import time.
Each target is checked by a unit test (``tests/unit/test_lazy_targets.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


def call(target: str, *args: Any) -> Any:
    """Calls ``"package.module:function"`` with ``args``."""
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)(*args)


def declared(registry: Mapping[K, V], table: Mapping[K, str], key: K, what: str) -> V | None:
    """What ``registry`` holds under ``key``, importing the module ``table`` names for it the
    first time (a module fills the registry as it is imported): the API's route specs
    (``http.spec_for``) and the console's pages (``web.page_for``). None when the table names
    no module for ``key``."""
    found = registry.get(key)
    if found is not None:
        return found
    module = table.get(key)
    if module is None:
        return None
    import_module(module)
    try:
        return registry[key]
    except KeyError:
        raise RuntimeError(
            f"{what}: the table names {module}, which does not declare it (run `make routes`)"
        ) from None


def load_all(registry: Mapping[K, V], table: Mapping[K, str]) -> Mapping[K, V]:
    """Imports every module ``table`` names, so that ``registry`` holds all it declares."""
    for module in sorted(set(table.values())):
        import_module(module)
    return registry
