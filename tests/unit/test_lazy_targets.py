"""The names ``app.py`` calls lazily exist: a typo would otherwise surface only when the
schedule or queue first fires in production; and the lazy lookup of routes and pages."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

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


def test_declared_imports_the_named_module_once_and_says_when_it_declares_nothing(
    tmp_path, monkeypatch
):
    from chalicelib import lazy

    (tmp_path / "lazy_fake_registry.py").write_text("REGISTRY = {}\nIMPORTS = []\n")
    (tmp_path / "lazy_fake_routes.py").write_text(
        "import lazy_fake_registry as r\n"
        "r.IMPORTS.append(1)\n"
        "r.REGISTRY[('/x', 'GET')] = 'spec of x'\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import lazy_fake_registry as fake

    table = {("/x", "GET"): "lazy_fake_routes", ("/y", "GET"): "lazy_fake_registry"}
    assert lazy.declared(fake.REGISTRY, table, ("/x", "GET"), "GET /x") == "spec of x"
    assert lazy.declared(fake.REGISTRY, table, ("/x", "GET"), "GET /x") == "spec of x"
    assert fake.IMPORTS == [1]
    assert lazy.declared(fake.REGISTRY, table, ("/z", "GET"), "GET /z") is None
    with pytest.raises(RuntimeError, match="GET /y: the table names lazy_fake_registry"):
        lazy.declared(fake.REGISTRY, table, ("/y", "GET"), "GET /y")
    assert lazy.load_all(fake.REGISTRY, table) == {("/x", "GET"): "spec of x"}
