"""Lints the packaged template: ``cfn-lint`` must report 0 errors (the build fails otherwise);
the serverless rules (``cfn-lint-serverless``) are counted and listed, not enforced.

    python -m infra.lint build/package/sam.json
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

REGION = "eu-central-1"


def run(template: str, *extra: str) -> list[dict]:
    cmd = [
        str(Path(sys.executable).with_name("cfn-lint")),
        "--regions",
        REGION,
        "--format",
        "json",
        "--non-zero-exit-code",
        "none",
        *extra,
        "--",
        template,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(out.stdout or "[]")


def main() -> None:
    template = sys.argv[1] if len(sys.argv) > 1 else "build/package/sam.json"
    base = run(template)
    levels = Counter(m["Level"] for m in base)
    for m in base:
        print(f"cfn-lint {m['Level']} {m['Rule']['Id']}: {m['Message']}")
    serverless = [m for m in run(template, "-a", "cfn_lint_serverless.rules") if m not in base]
    for m in serverless:
        print(f"serverless-rules {m['Rule']['Id']}: {m['Message']}")
    print(
        f"cfn-lint: {levels.get('Error', 0)} errors, {levels.get('Warning', 0)} warnings; "
        f"serverless-rules findings: {len(serverless)}"
    )
    if levels.get("Error", 0):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
