"""The names ``app.py`` calls lazily exist: a typo would otherwise surface only when the
schedule or queue first fires in production."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lazy_targets() -> list[str]:
    tree = ast.parse((ROOT / "app.py").read_text())
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "call"
        and getattr(node.func.value, "id", "") == "lazy"
    ]


def test_every_shim_of_app_py_names_a_function_that_exists():
    targets = lazy_targets()
    assert len(targets) == 9  # every schedule and queue shim of app.py
    for target in targets:
        module, _, name = target.partition(":")
        assert callable(getattr(importlib.import_module(module), name)), target


def test_lazy_call_imports_and_calls():
    from chalicelib import lazy

    assert lazy.call("os.path:join", "a", "b") == "a/b"
