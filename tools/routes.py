"""`make routes`: writes the route and page tables the app registers at cold start.

Every module under ``chalicelib/api`` and ``chalicelib/console`` is imported (which records
every API route in ``http.REGISTRY`` and every console page in ``web.PAGES``), and for each
route the module that declares it is written to ``chalicelib/api/route_table.py`` and
``chalicelib/console/page_table.py``. The app installs the tables and imports a route's module
on its first request. ``--check`` fails when the tables are not what the code declares (the
unit suite runs it).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = {
    "api": ROOT / "chalicelib" / "api" / "route_table.py",
    "console": ROOT / "chalicelib" / "console" / "page_table.py",
}
HEADER = '''"""Written by `make routes` (tools/routes.py) from the routes the code declares.

Do not edit. (path template, method) -> the module that declares it; the app installs every
route at cold start and imports its module on the route's first request.
"""

{name}: dict[tuple[str, str], str] = {{
'''


def declared() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """(API routes, console pages), each (path, method) -> declaring module."""
    for package in ("chalicelib.api", "chalicelib.console"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            importlib.import_module(info.name)
    from chalicelib.api.http import REGISTRY
    from chalicelib.console.web import PAGES

    return (
        {key: spec.view.__module__ for key, spec in REGISTRY.items()},
        {key: spec.view.__module__ for key, spec in PAGES.items()},
    )


def render(name: str, routes: dict[tuple[str, str], str]) -> str:
    lines = [HEADER.format(name=name)]
    for (path, method), module in sorted(routes.items()):
        lines.append(f'    ("{path}", "{method}"): "{module}",\n')
    lines.append("}\n")
    return "".join(lines)


def expected() -> dict[Path, str]:
    api, console = declared()
    return {TABLES["api"]: render("ROUTES", api), TABLES["console"]: render("PAGE_ROUTES", console)}


def main(argv: list[str]) -> int:
    stale = []
    for path, text in expected().items():
        if path.exists() and path.read_text() == text:
            continue
        if "--check" in argv:
            stale.append(path.relative_to(ROOT))
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"stale: {', '.join(map(str, stale))}; run `make routes`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
