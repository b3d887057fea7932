"""Where rules live: the layering a newcomer relies on, checked so it cannot drift."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PERSISTENCE = ("boto3", "botocore", "pynamodb")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / "chalicelib" / package).glob("*.py"))


def test_domain_is_pure_python():
    for path in modules("domain"):
        bad = {m for m in imports(path) if m.split(".")[0] in (*PERSISTENCE, "chalice")}
        bad |= {
            m for m in imports(path) if m.startswith(("chalicelib.store", "chalicelib.services"))
        }
        assert not bad, f"{path.name} imports {bad}"


def test_routes_only_reach_data_through_services():
    for path in modules("api"):
        bad = {m for m in imports(path) if m.split(".")[0] in PERSISTENCE}
        bad |= {m for m in imports(path) if m.startswith("chalicelib.store")}
        assert not bad, f"{path.name} imports {bad}"


def test_console_pages_only_reach_data_through_services():
    paths = sorted((ROOT / "chalicelib" / "console").rglob("*.py"))
    assert paths, "no console modules found"
    for path in paths:
        bad = {m for m in imports(path) if m.split(".")[0] in PERSISTENCE}
        bad |= {m for m in imports(path) if m.startswith("chalicelib.store")}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_every_route_is_declared_so_authentication_is_deny_by_default():
    """Each Chalice route is either an API route (``REGISTRY``, authenticated by the middleware
    unless public) or a console page (``PAGES``, authenticated from the session cookie unless
    public); nothing is reachable outside both."""
    import app as application
    from chalicelib.api.http import load_all
    from chalicelib.console import web

    pages = web.load_all()
    declared = set(load_all()) | set(pages)
    for path, methods in application.app.routes.items():
        for method in methods:
            assert (path, method) in declared, f"{method} {path} is not declared"
    public_pages = sorted(p for (p, m), spec in pages.items() if spec.public)
    assert public_pages == [
        "/",
        "/console",
        "/console/accept-invitation",
        "/console/accept-invitation",
        "/console/forgot-password",
        "/console/forgot-password",
        "/console/login",
        "/console/login",
        "/console/login/mfa",
        "/console/login/passkey",
        "/console/login/passkey/options",
        "/console/login/sso",
        "/console/login/sso",
        "/console/reset-password",
        "/console/reset-password",
        "/console/static/{name}",
    ]


#: The one module allowed a Scan: the backfill, a maintenance job that must read every record of
#: a table (a page per call), never a request's read.
SCAN_ALLOWED = ROOT / "chalicelib" / "store" / "backfill.py"


def test_no_table_scan_anywhere_in_the_application_but_the_backfill():
    scanning = []
    for path in (ROOT / "chalicelib").rglob("*.py"):
        tree = ast.parse(path.read_text())
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "scan"]
        if calls:
            scanning.append(path)
    assert scanning == [SCAN_ALLOWED], [str(p.relative_to(ROOT)) for p in scanning]


def test_app_py_only_wires_things_together():
    tree = ast.parse((ROOT / "app.py").read_text())
    assert {m.split(".")[0] for m in imports(ROOT / "app.py")} <= {"chalice", "chalicelib"}
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    for fn in functions:  # schedule and queue shims: one call into chalicelib
        assert any(
            isinstance(d, ast.Call)
            and getattr(d.func, "attr", "") in ("schedule", "on_sqs_message")
            for d in fn.decorator_list
        ), fn.name
        assert len(fn.body) <= 2, f"{fn.name} should only call chalicelib"
