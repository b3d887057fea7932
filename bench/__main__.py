"""`make bench`: every benchmark, printed as figures.

1. cold start: ``python -X importtime -c "import app"`` (total and the project's own share);
2. password hashing with the production argon2id parameters, and a whole login;
3. DynamoDB round trips per request, 10 vs 1,000 partners in the contract, and for storage
   accounts (plus backend calls), 10 vs 1,000 accounts under the partner;
4. the local stack: seconds to ready, and the parallel-clicks race with its outcomes;
5. the usage aggregation at scale (``bench.usage_aggregation``);
6. the packaged Lambda zip, if ``make package`` has been run, and ``import app`` from it
   unpacked, with and without its compiled bytecode, against its third-party modules alone;
7. a 100,000-row usage-like CSV export into a multipart upload, against a bare csv.writer loop;
8. the same export as xlsx and ndjson, each against a bare writer loop of its format;
9. the storage backends: port latencies on S3 + IAM (moto) vs Ceph RGW, a 1,000-account
   metering run on RGW, and RGW's hard-quota figures (``bench.storage_backends``);
10. webhook delivery throughput and latency to a loopback receiver, and alert rule evaluation
    (``bench.alerts``; its 10,000-account figures: ``python -m bench.alerts --accounts 10000``);
11. calls and items read per page and route, small vs large tenant, and the console's people,
    key, deal and contract lists (``bench.page_reads``; the lists alone:
    ``python -m bench.page_reads lists``);
12. ``make run DEMO=1``'s demo load, by phase, against bare batch writes (``bench.demo_load``);
13. the backfill of derived keys, first and second run, against a bare Scan + UpdateItem loop
    (``bench.backfill``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: ``make bench`` sizes of the usage aggregation benchmark (fan-out against the single process);
#: ``BENCH_USAGE_ACCOUNTS=2000,10000,50000 make bench`` adds the larger ones (10,000 takes
#: several minutes on a 2-core machine, 50,000 most of an hour).
USAGE_ACCOUNTS = os.environ.get("BENCH_USAGE_ACCOUNTS", "2000")


def import_time() -> str:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    total = own = 0
    for line in out.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[12:].split("|"))
        total += int(self_us)
        if name == "app" or name.startswith("chalicelib"):
            own += int(self_us)
    walls = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, check=True)
        walls.append(time.perf_counter() - started)
    return (
        f"import app: {total / 1000:.0f} ms of imports, of which app + chalicelib "
        f"{own / 1000:.0f} ms ({100 * own / total:.0f}%); whole interpreter start + import, "
        f"median of 5: {statistics.median(walls) * 1000:.0f} ms"
    )


def argon2_cost() -> str:
    from chalicelib.services.credentials import _hasher
    from chalicelib.settings import DEFAULTS

    hasher = _hasher(
        int(DEFAULTS["ARGON2_TIME_COST"]),
        int(DEFAULTS["ARGON2_MEMORY_KIB"]),
        int(DEFAULTS["ARGON2_PARALLELISM"]),
    )
    stored = hasher.hash("Bench-Passw0rd!")
    times = []
    for _ in range(10):
        started = time.perf_counter()
        hasher.verify(stored, "Bench-Passw0rd!")
        times.append(time.perf_counter() - started)
    return (
        f"argon2id t={DEFAULTS['ARGON2_TIME_COST']} m={DEFAULTS['ARGON2_MEMORY_KIB']} KiB "
        f"p={DEFAULTS['ARGON2_PARALLELISM']}: "
        f"verify median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms (10 runs; a login is one verify)"
    )


def login_time() -> str:
    """A whole POST /v1/auth/login through the app (moto in-process), production argon2."""
    import os

    from bench.ddb_calls import counting, install_hook, test_environment
    from chalicelib.settings import DEFAULTS

    test_environment()
    install_hook()
    for name in ("ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM"):
        os.environ[name] = str(DEFAULTS[name])
    from chalice.test import Client
    from moto import mock_aws

    import app as application
    from chalicelib import bootstrap

    with mock_aws(), Client(application.app, stage_name="local") as client:
        bootstrap.create_tables()
        bootstrap.ensure_provider_admin("bench@example.com", "Bench-Passw0rd!")
        body = b'{"email": "bench@example.com", "password": "Bench-Passw0rd!"}'
        headers = {"Content-Type": "application/json"}
        times = []
        for _ in range(10):
            with counting() as calls:
                started = time.perf_counter()
                reply = client.http.post("/v1/auth/login", headers=headers, body=body)
                times.append(time.perf_counter() - started)
            assert reply.status_code == 200, reply.body
    return (
        f"POST /v1/auth/login: median {statistics.median(times) * 1000:.0f} ms "
        f"(10 runs, in-process), DynamoDB calls: "
        + ", ".join(f"{k} {v}" for k, v in sorted(calls.items()))
    )


def local_stack_race() -> str:
    import requests

    from bench.race import race, report
    from devstack.process import start_stack

    stack = start_stack()
    try:
        token = requests.post(
            f"{stack.base_url}/v1/auth/login",
            json={"email": stack.admin_email, "password": stack.admin_password},
            timeout=60,
        ).json()["token"]
        started = time.perf_counter()
        result = race(stack.base_url, token, parallel=32)
        took = time.perf_counter() - started
        from bench.account_race import account_race
        from bench.account_race import report as account_report

        accounts = account_race(stack.base_url, token, stack.aws_url)
        from bench.idempotency_race import idempotency_race
        from bench.idempotency_race import report as retry_report

        retries = idempotency_race(stack.base_url, token, parallel=16)
    finally:
        stack.stop()
    return (
        f"local stack ready in {stack.seconds_to_ready:.2f}s (dependencies installed)\n"
        f"parallel clicks ({took:.1f}s in all, 32 at a time):\n{report(result)}\n"
        f"storage accounts:\n{account_report(accounts)}\n"
        f"retries with Idempotency-Key:\n{retry_report(retries)}"
    )


def package_size() -> str:
    zip_path = ROOT / "build" / "package" / "deployment.zip"
    if not zip_path.exists():
        return "Lambda zip: run `make package` first"
    import zipfile

    with zipfile.ZipFile(zip_path) as z:
        unzipped = sum(i.file_size for i in z.infolist())
    return f"Lambda zip: {zip_path.stat().st_size / 1e6:.1f} MB ({unzipped / 1e6:.1f} MB unzipped)"


def _cpu_once(directory: Path, code: str) -> float:
    """CPU seconds of ``code`` in a fresh interpreter that sees only ``directory`` (as Lambda
    sees ``/var/task``: no site-packages, nothing written back)."""
    import os

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    program = (
        f"import sys, time; sys.path.insert(0, {str(directory)!r}); "
        f"t = time.process_time(); exec({code!r}); print(time.process_time() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", program],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.split()[-1])


def _cpu_of(directory: Path, code: str, runs: int = 7) -> float:
    """Median CPU seconds of ``code`` over ``runs`` fresh interpreters."""
    return statistics.median(_cpu_once(directory, code) for _ in range(runs))


def _paired(directory: Path, code: str, baseline: str, runs: int = 15) -> tuple[float, ...]:
    """``code`` and ``baseline`` run alternately (so that a change in the machine's load
    falls on both): medians of each, and the median of the runs' ratios."""
    pairs = [(_cpu_once(directory, code), _cpu_once(directory, baseline)) for _ in range(runs)]
    return (
        statistics.median(a for a, _ in pairs),
        statistics.median(b for _, b in pairs),
        statistics.median(a / b for a, b in pairs),
    )


#: What a Lambda imports, each measured against the third-party modules it loads: its init
#: (``import app``), then a first API request and a first console page (each imports its route's
#: module on first use), and every route module at once (what ``import app`` was before routes
#: became lazy).
COLD_STARTS = {
    "import app (the Lambda's init)": "import app",
    "+ a first API request's module (GET /v1/contract/{contractID}/partners)": (
        "import app\n"
        "from chalicelib.api import http\n"
        "http.spec_for('/v1/contract/{contractID}/partners', 'GET')"
    ),
    "+ a first console page (GET /console/partners)": (
        "import app\nfrom chalicelib.console import web\nweb.page_for('/console/partners', 'GET')"
    ),
    "+ every route and page module": (
        "import app\n"
        "from chalicelib.api import http\n"
        "from chalicelib.console import web\n"
        "http.load_all()\n"
        "web.load_all()"
    ),
}


def _third_party_of(directory: Path, code: str) -> str:
    """The third-party modules ``code`` loads, as a Python list literal."""
    listing = (
        "import sys; before = set(sys.modules)\n"
        f"{code}\n"
        "print(repr([m for m in sys.modules if m not in before "
        "and m != 'app' and not m.startswith('chalicelib')]))"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", listing],
        cwd=directory,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip().splitlines()[-1]


def _baseline(third: str) -> str:
    """Code importing the third-party modules ``third`` (a list literal) one by one."""
    return (
        "import importlib\n"
        f"for m in {third}:\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except Exception:\n"  # aliases such as typing.io are not importable by name
        "        pass\n"
    )


def package_import() -> str:
    """``import app`` from the unpacked Lambda zip, with its compiled bytecode and without it,
    against the import of the same third-party modules (the bare baseline); then a first
    request's imports, each against its own third-party modules."""
    import shutil
    import tempfile
    import zipfile

    zip_path = ROOT / "build" / "package" / "deployment.zip"
    if not zip_path.exists():
        return "unpacked package import: run `make package` first"
    lines = [
        "unpacked Lambda package, CPU, each against its third-party modules alone (15 runs "
        "alternating with the baseline; medians, and the median of the runs' ratios):"
    ]
    with tempfile.TemporaryDirectory() as tmp:
        compiled, plain = Path(tmp) / "compiled", Path(tmp) / "plain"
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(compiled)
        shutil.copytree(compiled, plain, ignore=shutil.ignore_patterns("__pycache__"))
        without = _cpu_of(plain, "import app")
        for label, code in COLD_STARTS.items():
            took, baseline, ratio = _paired(
                compiled, code, _baseline(_third_party_of(compiled, code))
            )
            lines.append(
                f"  {label}: {took * 1000:.0f} ms; its third-party modules alone "
                f"{baseline * 1000:.0f} ms: {ratio:.2f}x the bare baseline"
            )
            if code == "import app":
                lines.append(
                    f"  import app without bytecode: {without * 1000:.0f} ms "
                    f"({without / took:.2f}x the compiled package)"
                )
    return "\n".join(lines)


def main() -> None:
    print("== cold start ==")
    print(import_time())
    print("\n== password hashing ==")
    print(argon2_cost())
    print(login_time())
    print("\n== DynamoDB round trips ==")
    from bench.ddb_calls import measure, table

    print(table(measure()))
    print("\n== storage accounts: calls per request ==")
    from bench import account_calls

    print(account_calls.table(account_calls.measure()))
    print("\n== local stack ==")
    print(local_stack_race())
    print("\n== second factor: parallel wrong codes vs parallel wrong passwords ==")
    subprocess.run([sys.executable, "-m", "bench.mfa_burst"], cwd=ROOT, check=True)
    print("\n== reads per page and route: small vs large tenant ==")
    subprocess.run([sys.executable, "-m", "bench.page_reads"], cwd=ROOT, check=True)
    print("\n== demo load (make run DEMO=1) ==")
    subprocess.run([sys.executable, "-m", "bench.demo_load"], cwd=ROOT, check=True)
    print("\n== backfill of derived keys ==")
    subprocess.run([sys.executable, "-m", "bench.backfill"], cwd=ROOT, check=True)
    print("\n== usage aggregation ==")
    for size in USAGE_ACCOUNTS.split(","):
        subprocess.run(  # its own process: its own local AWS, clients and clock
            [sys.executable, "-m", "bench.usage_aggregation", "--accounts", size.strip()],
            cwd=ROOT,
            check=True,
        )
    print("\n== alerts: webhook delivery, and rule evaluation ==")
    subprocess.run(  # its own process: its own embedded AWS and clock
        [
            sys.executable,
            "-m",
            "bench.alerts",
            "--part",
            "delivery",
            "--events",
            "200",
        ],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [sys.executable, "-m", "bench.alerts", "--part", "evaluation", "--accounts", "2000"],
        cwd=ROOT,
        check=True,
    )
    print("\n== package ==")
    print(package_size())
    print(package_import())
    print("\n== CSV export ==")
    from bench import exports

    print(exports.main())
    print("\n== exports per format ==")
    from bench import export_formats

    print(export_formats.main(rounds=1, formats=("xlsx", "ndjson")))
    print("\n== storage backends: S3 + IAM on moto vs Ceph RGW ==")
    subprocess.run(  # its own process: its own Ceph cluster and settings
        [sys.executable, "-m", "bench.storage_backends"], cwd=ROOT, check=True
    )


if __name__ == "__main__":
    main()
