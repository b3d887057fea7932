"""The route tables the app installs at cold start are what the code declares, and a cold
start imports no route module, console page or job service."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from chalicelib.api.route_table import ROUTES
from chalicelib.console.page_table import PAGE_ROUTES
from tools import routes

ROOT = Path(__file__).resolve().parents[2]


def test_the_route_and_page_tables_are_current():
    stale = [path.name for path, text in routes.expected().items() if path.read_text() != text]
    assert not stale, f"{stale} differ from the routes the code declares: run `make routes`"


def test_every_route_of_the_app_comes_from_a_table_and_imports_its_module_when_asked():
    from chalicelib.api import http
    from chalicelib.console import web

    assert ROUTES and PAGE_ROUTES and not set(ROUTES) & set(PAGE_ROUTES)
    for (path, method), module in ROUTES.items():
        assert http.spec_for(path, method).view.__module__ == module
    for (path, method), module in PAGE_ROUTES.items():
        assert web.page_for(path, method).view.__module__ == module
    assert http.spec_for("/v1/nothing-here", "GET") is None
    import app as application

    names = [e.view_name for by in application.app.routes.values() for e in by.values()]
    assert len(names) == len(ROUTES) + len(PAGE_ROUTES) == len(set(names))  # one view each


def test_a_cold_start_imports_the_wiring_only():
    program = (
        "import sys; before = set(sys.modules); import app; "
        "print(__import__('json').dumps(sorted(m for m in sys.modules if m not in before)))"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )
    own = [m for m in loaded if m.startswith("chalicelib")]
    route_modules = set(ROUTES.values()) | set(PAGE_ROUTES.values())
    assert not route_modules & set(own), "a route module is imported at cold start"
    assert "chalicelib.console.web" not in own
    assert "chalicelib.store.models" not in own  # every table's model: loaded by its first user
    jobs = ("exports", "notifications", "sweep", "storage_accounts", "usage", "usage_aggregation")
    assert not {f"chalicelib.services.{job}" for job in jobs} & set(own)
    assert not {"babel", "jinja2", "prometheus_client"} & {m.split(".")[0] for m in loaded}


def test_a_route_whose_module_is_not_loaded_yet_still_demands_authentication():
    """The middleware asks the route table, so the first request to a route is authenticated
    like every other (deny by default), and it is what loads the route's module."""
    program = (
        "import sys\n"
        "import app\n"
        "from chalice.test import Client\n"
        "assert 'chalicelib.api.partners' not in sys.modules\n"
        "with Client(app.app) as client:\n"
        "    reply = client.http.get('/v1/partner/p1')\n"
        "loaded = 'chalicelib.api.partners' in sys.modules\n"
        "print(reply.status_code, reply.json_body['code'], loaded)"
    )
    out = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip().splitlines()[-1] == "401 missing_authorization True"
