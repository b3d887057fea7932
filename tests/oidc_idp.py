"""Start the real OpenID provider of ``tests/idp/server.mjs`` (panva's oidc-provider, installed
by ``make idp`` into ``build/idp``) on loopback, on a free port, for one test module."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
IDP_DIR = ROOT / "build" / "idp"


def oidc_provider_version() -> str:
    package = IDP_DIR / "node_modules" / "oidc-provider" / "package.json"
    return json.loads(package.read_text())["version"]


@dataclass
class Idp:
    issuer: str
    process: subprocess.Popen
    config: dict[str, Any] = field(default_factory=dict)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(
    *,
    clients: list[dict[str, Any]],
    accounts: list[dict[str, Any]],
    id_token_ttl: int = 3600,
) -> Idp:
    IDP_DIR.parent.mkdir(parents=True, exist_ok=True)
    with open(IDP_DIR.parent / "idp.lock", "w") as lock:  # pytest -n workers install once
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(["make", "-s", "idp"], cwd=ROOT, check=True)
        shutil.copy(ROOT / "tests" / "idp" / "server.mjs", IDP_DIR / "server.mjs")
    config = {"clients": clients, "accounts": accounts, "idTokenTtl": id_token_ttl}
    env = {**os.environ, "IDP_CONFIG": json.dumps(config), "NODE_ENV": "test"}
    env.pop("IDP_PORT", None)
    process = subprocess.Popen(
        ["node", str(IDP_DIR / "server.mjs")],
        cwd=IDP_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    line = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline() if process.stdout else ""
        if line.strip().startswith("{"):
            break
        if process.poll() is not None:
            raise RuntimeError(f"The test identity provider exited ({process.returncode}).")
    else:
        process.kill()
        raise RuntimeError("The test identity provider did not start within 30 s.")
    return Idp(issuer=json.loads(line)["issuer"], process=process, config=config)
