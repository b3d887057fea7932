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


#: The layers, lowest first: a module imports its own layer and the ones below, never above.
LAYERS = ("domain", "store", "services", "api", "console")


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


APPLICATION = {_module_name(p): p for p in (ROOT / "chalicelib").rglob("*.py")}


def application_imports(path: Path) -> set[str]:
    """The ``chalicelib`` modules ``path`` imports (anywhere in it, function bodies included):
    ``from chalicelib.x import y`` counts as ``chalicelib.x.y`` when that is a module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name in APPLICATION and name != _module_name(path):
                found.add(name)
                break
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 2 and parts[1] in LAYERS else None


def test_api_never_imports_the_console():
    """The console (HTML pages) sits on the API's models; the API never points up at it (the
    single sign-on callback, an HTML page, is served by the console)."""
    for path in modules("api"):
        bad = {m for m in imports(path) if m.startswith("chalicelib.console")}
        assert not bad, f"{path.name} imports {bad}"


def test_every_layer_imports_only_its_own_and_lower_layers():
    for module, path in APPLICATION.items():
        own = _layer(module)
        if own is None:
            continue
        above = {m for m in application_imports(path) if (_layer(m) or 0) > own}
        assert not above, f"{module} imports {above} (above {LAYERS[own]})"


def test_no_import_cycles_in_the_application():
    """No module imports itself through others (counting imports inside functions): a shared
    piece moves down to a module both can import, rather than an import hiding in a function."""
    graph = {module: application_imports(path) for module, path in APPLICATION.items()}
    cycles = []
    for start in graph:
        seen, stack = set(), [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    cycles.append(" -> ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert not cycles, cycles[:5]


#: Application modules imported inside a function on purpose, not to dodge a cycle: a cold
#: start loads the wiring only (``tests/unit/test_route_tables.py``), so a public route does not
#: load sessions, users and every table's model.
LAZY_ON_PURPOSE = {("chalicelib/api/middleware.py", "_authenticate")}


def test_application_modules_are_imported_at_the_top():
    """Imports inside functions are for heavy third-party packages a cold start may not need
    (argon2, webauthn, boto3, openpyxl, …) and the cold-start wiring (``LAZY_ON_PURPOSE``,
    ``importlib.import_module`` in the route tables), never to dodge an import cycle."""
    inside = []
    for path in APPLICATION.values():
        tree = ast.parse(path.read_text())
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                module = node.module if isinstance(node, ast.ImportFrom) else None
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                lazy = (str(path.relative_to(ROOT)), fn.name) in LAZY_ON_PURPOSE
                if not lazy and (
                    (module or "").startswith("chalicelib")
                    or any(n.startswith("chalicelib") for n in names)
                ):
                    inside.append(f"{path.relative_to(ROOT)}:{node.lineno} in {fn.name}")
    assert not inside, inside


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
        "/v1/auth/sso/callback",  # where identity providers send the browser back (a page)
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
