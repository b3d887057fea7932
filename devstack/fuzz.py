"""`make fuzz`: schemathesis against our own OpenAPI document on a throw-away local stack.

1. start the local stack on free ports (``devstack.process.start_stack``);
2. log in as the bootstrapped provider admin and create an admin-role API key
   (``POST /v1/api-keys``), so the fuzzer reaches the authenticated operations;
3. run schemathesis (its own Python 3.13 venv, ``.venv-fuzz``) against ``/v1/openapi.json`` with
   ``Authorization: Bearer <key>``, bounded by ``--max-examples`` per operation and ``--max-time``
   (``DELETE /v1/api-keys/{id}`` is left out: it would revoke the fuzzer's own key);
4. read its HAR and JSON reports and print the number of requests, of 5xx responses and of schema
   violations, and list each failure (method, path, status, body); then stop the stack.

Exit code: 0 when there is no 5xx and no schema violation, 1 otherwise (2 if the run itself broke).
Not part of ``make test``: it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import yaml

from devstack.process import ROOT, start_stack

SCHEMATHESIS = ROOT / ".venv-fuzz" / "bin" / "schemathesis"
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
)
# Operations left out: schemathesis reuses ids it has seen in responses, so it finds the fuzzer's
# own key in GET /v1/api-keys and revokes it within seconds; every later request is then a 401.
EXCLUDED = ("DELETE /v1/api-keys/{id}",)
# What counts as a "schema violation": the response does not match what the document says.
SCHEMA_CHECKS = {
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
}


def create_api_key(base_url: str, email: str, password: str) -> str:
    login = requests.post(
        f"{base_url}/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    login.raise_for_status()
    expires = (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds")
    created = requests.post(
        f"{base_url}/v1/api-keys",
        json={"description": "make fuzz", "expiresAt": expires, "role": "admin"},
        headers={"Authorization": f"Bearer {login.json()['token']}"},
        timeout=30,
    )
    created.raise_for_status()
    return created.json()["key"]


def run_schemathesis(
    base_url: str, key: str, report_dir: Path, max_examples: int, max_time: int, seed: int | None
) -> int:
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{base_url}/v1/openapi.json",
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {key}",
        "--checks",
        ",".join(CHECKS),
        *[arg for name in EXCLUDED for arg in ("--exclude-name", name)],
        "--max-examples",
        str(max_examples),
        "--max-time",
        str(max_time),
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--generation-database",
        "none",
        "--continue-on-failure",
        "--report",
        "vcr,json",
        "--report-dir",
        str(report_dir),
        "--no-color",
        "--warnings",
        "off",
    ]
    if seed is not None:
        command += ["--seed", str(seed)]
    # The key is in the command line only for this child; it dies with the stack.
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def _find(report_dir: Path, prefix: str) -> Path | None:
    found = sorted(report_dir.glob(f"{prefix}-*"))
    return found[0] if found else None


@dataclass
class Outcome:
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def schema_violations(self) -> int:
        """Requests whose answer broke the document; a 5xx is counted as a 5xx, not here too."""
        return sum(
            1
            for check, found in self.failures.items()
            if check in SCHEMA_CHECKS
            for failure in found
            if (failure["status"] or 0) < 500
        )


def read_cassette(path: Path) -> Outcome:
    """One interaction per request in schemathesis' VCR cassette, with its checks' verdicts."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    cassette = yaml.load(path.read_text(errors="replace"), Loader=loader)  # noqa: S506 - safe loader
    outcome = Outcome()
    for interaction in cassette.get("http_interactions") or []:
        outcome.requests += 1
        request, response = interaction["request"], interaction.get("response")
        url = urlsplit(request["uri"])
        record = {
            "method": request["method"],
            "path": url.path + (f"?{url.query}" if url.query else ""),
            "status": int(response["status"]["code"]) if response else None,
            "body": (request.get("body") or {}).get("string"),
        }
        outcome.statuses[record["status"]] += 1
        if response is not None and record["status"] >= 500:
            answer = (response.get("body") or {}).get("string") or ""
            outcome.server_errors.append({**record, "response": answer[:300]})
        for check in interaction.get("checks") or []:
            if check.get("status") == "FAILURE":
                failure = {**record, "message": check.get("message")}
                outcome.failures.setdefault(check["name"], []).append(failure)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    examples, seconds = os.environ.get("FUZZ_EXAMPLES", "50"), os.environ.get("FUZZ_SECONDS", "180")
    parser.add_argument("--max-examples", type=int, default=int(examples), help="per operation")
    parser.add_argument("--max-time", type=int, default=int(seconds), help="for the whole run")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cassette", type=Path, help="only summarise this earlier run's cassette")
    args = parser.parse_args(argv)
    if args.cassette:
        return report(args.cassette, f"fuzz: {args.cassette}")
    if not SCHEMATHESIS.exists():
        print(f"{SCHEMATHESIS} is missing: run `make fuzz`, which installs it.", file=sys.stderr)
        return 2
    report_dir = Path(tempfile.mkdtemp(prefix="fuzz-report-"))
    started = time.perf_counter()
    stack = start_stack()
    try:
        key = create_api_key(stack.base_url, stack.admin_email, stack.admin_password)
        print(f"local stack on {stack.base_url}; fuzzing with an admin API key", flush=True)
        code = run_schemathesis(
            stack.base_url, key, report_dir, args.max_examples, args.max_time, args.seed
        )
    finally:
        stopped = stack.stop()
    cassette = _find(report_dir, "vcr")
    if cassette is None:
        print(f"schemathesis wrote no cassette (exit {code}); see {report_dir}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    return report(cassette, f"fuzz: {elapsed:.0f}s, schemathesis exit {code}, stack exit {stopped}")


def report(cassette: Path, header: str) -> int:
    """Print the counts and the findings of one cassette; 1 if there is a 5xx or a violation."""
    outcome = read_cassette(cassette)
    print()
    print(header)
    print(f"  requests           {outcome.requests}")
    print(f"  5xx responses      {len(outcome.server_errors)}")
    statuses = sorted(outcome.statuses.items(), key=lambda item: str(item[0]))
    print("  answers by status  " + ", ".join(f"{status}: {n}" for status, n in statuses))
    if outcome.statuses[401] > outcome.requests / 2:
        print("  WARNING: most answers are 401 (the key stopped working?): little was tested")
    print(f"  schema violations  {outcome.schema_violations}")
    for check, found in sorted(outcome.failures.items()):
        print(f"    {check:<30} {len(found)} failed")
    for error in outcome.server_errors:
        print(f"  5xx: {json.dumps(error)}")
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for check, found in sorted(outcome.failures.items()):
        for failure in found:
            key = (check, failure["method"], failure["path"].split("?")[0], failure["status"])
            groups.setdefault(key, []).append(failure)
    for (check, *_), found in groups.items():
        print(f"  {check} x{len(found)}, first: {json.dumps(found[0])}")
    print(f"  reports: {cassette.parent} (schemathesis' own summary is above)")
    return 0 if not outcome.server_errors and not outcome.schema_violations else 1


if __name__ == "__main__":
    raise SystemExit(main())
