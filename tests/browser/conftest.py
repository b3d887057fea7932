"""Browser tests: Playwright driving Debian's Chromium against the real local stack.

The stack (``devstack.process.start_stack``) runs once per session on free ports. A small
world (a distributor with two contracts, its admin and viewer, a partner and its admin, a
direct channel partner) is created through the JSON API, so each test starts from a known
state and the pages are driven only as a person would drive them.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from devstack.process import start_stack

ROOT = Path(__file__).resolve().parents[2]
VENDOR = Path(__file__).resolve().parent / "vendor"
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "Sturdy-Passw0rd!"
TB = 10**12
_seq = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_seq)}"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": ["--disable-dev-shm-usage"]}
    if Path(CHROMIUM).exists():
        args["executable_path"] = CHROMIUM
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, stack):
    # axe-core is injected as an inline script, which our CSP refuses; the CSP itself is
    # checked by test_pages_run_under_the_content_security_policy with bypass off.
    return {
        **browser_context_args,
        "base_url": stack.base_url,
        "bypass_csp": True,
        "viewport": {"width": 1280, "height": 900},
        "accept_downloads": True,
    }


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory) -> Path:
    """Where the stack writes every e-mail it sends (``.eml`` files), as a person's mailbox."""
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def stack(mail_dir):
    running = start_stack(
        extra_env={
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_KIB": "1024",
            "ARGON2_PARALLELISM": "1",
            "MAIL_DIR": str(mail_dir),
        }
    )
    yield running
    running.stop()
    shutil.copy(running.log_path, ROOT / "build" / "browser-stack.log")


@dataclass
class Api:
    base: str
    token: str = ""

    def call(self, method: str, path: str, body: dict | None = None, expect: int = 200):
        reply = requests.request(
            method,
            f"{self.base}{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )
        assert reply.status_code == expect, reply.text
        return reply.json() if reply.content else None


def api_login(base: str, email: str, password: str = PASSWORD) -> Api:
    reply = requests.post(
        f"{base}/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    assert reply.status_code == 200, reply.text
    return Api(base, reply.json()["token"])


@dataclass
class World:
    base: str
    provider: Api
    provider_email: str
    provider_password: str
    distributor_id: str = ""
    distributor_name: str = ""
    contract_a: str = ""
    contract_b: str = ""
    partner_id: str = ""
    partner_name: str = ""
    direct_partner_id: str = ""
    account_id: str = ""
    users: dict[str, str] = field(default_factory=dict)

    def password(self, role: str) -> str:
        return self.provider_password if role == "provider_admin" else PASSWORD


def make_user(api: Api, org_id: str, role: str, path: str | None = None) -> str:
    email = f"{unique(role)}@example.com"
    body = {"email": email, "name": f"{role.title()} Person", "password": PASSWORD, "role": role}
    api.call("POST", path or f"/v1/organizations/{org_id}/members", body, 201)
    return email


def contract(api: Api, org_id: str, name: str, tb: int) -> str:
    body = {
        "organizationId": org_id,
        "details": name,
        "reservedCapacity": tb * TB,
        "costStorageGBCents": 1.2,
        "currency": "EUR",
        "startDate": day(-30),
        "endDate": day(5 * 365),
    }
    return api.call("POST", "/v1/contracts", body, 201)["id"]


def day(offset: int) -> str:
    """Today plus ``offset`` days (YYYY-MM-DD): contracts and dates relative to the clock, so
    the suite means the same whatever day it runs (``make timeshift``)."""
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


@pytest.fixture(scope="session")
def world(stack) -> World:
    provider = api_login(stack.base_url, stack.admin_email, stack.admin_password)
    w = World(stack.base_url, provider, stack.admin_email, stack.admin_password)
    w.distributor_name = "Northwind Distribution"
    org = {"type": "distributor", "name": w.distributor_name}
    w.distributor_id = provider.call("POST", "/v1/organizations", org, 201)["id"]
    w.contract_a = contract(provider, w.distributor_id, "Frame agreement 2026", 100)
    w.contract_b = contract(provider, w.distributor_id, "Spring deal", 50)
    w.users["provider_admin"] = stack.admin_email
    w.users["distributor_admin"] = make_user(provider, w.distributor_id, "admin")
    w.users["distributor_viewer"] = make_user(provider, w.distributor_id, "viewer")
    dist = api_login(stack.base_url, w.users["distributor_admin"])
    w.partner_name = "Acme Cloud Services"
    partner = {
        "name": w.partner_name,
        "allocatedCapacity": 10 * TB,
        "allowOverdraft": False,
        "distributorContractId": w.contract_a,
    }
    w.partner_id = dist.call("POST", "/v1/partner", partner, 201)["id"]
    w.users["partner_admin"] = make_user(
        dist, w.partner_id, "admin", f"/v1/partner/{w.partner_id}/member"
    )
    account = {
        "name": "Backup Bakery Ltd",
        "allocatedCapacity": 2 * TB,
        "allowOverdraft": False,
        "clientAccount": {"contactEmail": "it@bakery.example", "password": "Root-Passw0rd!"},
    }
    w.account_id = dist.call("POST", f"/v1/partner/{w.partner_id}/storage-accounts", account, 201)[
        "clientAccountId"
    ]
    direct = {"type": "partner", "name": "Direct Storage Co"}
    w.direct_partner_id = provider.call("POST", "/v1/organizations", direct, 201)["id"]
    contract(provider, w.direct_partner_id, "Direct 2026", 20)
    w.users["direct_partner_admin"] = make_user(provider, w.direct_partner_id, "admin")
    return w


def login(page, world: World, role: str, email: str | None = None) -> None:
    page.goto("/console/login")
    page.get_by_label("Email").fill(email or world.users[role])
    page.get_by_label("Password").fill(world.password(role))
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


AXE_RESULTS: list[tuple[str, int, int]] = []


def axe_check(page, name: str) -> None:
    """No serious or critical accessibility violation (axe-core, vendored)."""
    page.add_script_tag(path=str(VENDOR / "axe.min.js"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    AXE_RESULTS.append((name, len(result["violations"]), len(bad)))
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    ]
    assert not bad, f"{name}: " + "; ".join(summary)


def page_render_times(log: Path) -> list[float]:
    """Server time of every console page answered 200 (the request log's ``duration_ms``)."""
    times = []
    for line in log.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        route = str(entry.get("route", ""))
        if (
            entry.get("message") == "request"
            and route.startswith("/console")
            and "/static/" not in route
            and entry.get("method") == "GET"
            and entry.get("status") == 200
        ):
            times.append(float(entry["duration_ms"]))
    return times


def payload() -> dict[str, int]:
    """Bytes of JS and CSS a console page loads, gzipped."""
    from chalicelib.console.web import HERE

    sizes = {"js": 0, "css": 0}
    for path in (HERE / "templates" / "base.html").read_text().split("page.static('")[1:]:
        name = path.split("'", 1)[0]
        data = gzip.compress((HERE / "static" / name).read_bytes(), 9)
        sizes["js" if name.endswith(".js") else "css"] += len(data)
    return sizes


def pytest_terminal_summary(terminalreporter):
    if not AXE_RESULTS:
        return
    pages = len(AXE_RESULTS)
    total = sum(r[1] for r in AXE_RESULTS)
    serious = sum(r[2] for r in AXE_RESULTS)
    write = terminalreporter.write_line
    write(
        f"axe-core: {pages} page scans, {serious} serious/critical violations, "
        f"{total} violations of any impact"
    )
    small = sys.modules.get("tests.browser.test_small_screens")
    if small is not None and small.FIGURES:
        walked = sum(f[1] for f in small.FIGURES)
        violations = sum(f[2] for f in small.FIGURES)
        widest = max(f[3] for f in small.FIGURES)
        write(
            f"phone width 390 px under the enforced CSP: {walked} pages of "
            f"{len(small.FIGURES)} roles, {violations} CSP violations, widest page {widest} px"
        )
    sizes = payload()
    write(
        f"console payload (gzip -9): JS {sizes['js'] / 1024:.1f} KiB, "
        f"CSS {sizes['css'] / 1024:.1f} KiB, total {(sizes['js'] + sizes['css']) / 1024:.1f} KiB"
    )
    log = ROOT / "build" / "browser-stack.log"
    times = page_render_times(log) if log.exists() else []
    if len(times) >= 2:  # quantiles need two figures (a run of one test may render one)
        write(
            f"server time per page render: median {statistics.median(times):.1f} ms, "
            f"p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms over {len(times)} pages "
            "(request log duration_ms)"
        )


def wait_for_ready_export(page) -> None:
    """The Exports page polls (htmx) until the newest export is ready."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Exports", level=1)).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("ready", timeout=30_000)


def download_csv(page) -> list[dict[str, str]]:
    """Download the newest export and parse it (UTF-8 with a byte-order mark, RFC 4180)."""
    import csv
    import io

    with page.expect_download() as info:
        page.locator("tbody tr").first.get_by_role("link", name="Download CSV").click()
    data = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))
