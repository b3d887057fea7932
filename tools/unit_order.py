"""Run the unit suite in reverse and in a shuffled order (``make unit-order``): no unit test may
depend on another having run first. Each order runs in its own pytest process; the shuffle's
seed is printed so a failing order can be repeated (``UNIT_ORDER_SEED=…``)."""

from __future__ import annotations

import os
import random
import subprocess
import sys

SUITE = "tests/unit"


def collect() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider", SUITE],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if "::" in line]


def run(ids: list[str], label: str) -> int:
    print(f"== unit suite, {label} ({len(ids)} tests)", flush=True)
    code = (
        "import sys, pytest; sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', *sys.argv[1:]]))"
    )
    return subprocess.run([sys.executable, "-c", code, *ids]).returncode


def main() -> int:
    ids = collect()
    seed = int(os.environ.get("UNIT_ORDER_SEED") or random.SystemRandom().randrange(10**6))
    shuffled = ids[:]
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a test order, not a secret
    for order, label in ((ids[::-1], "reversed"), (shuffled, f"shuffled, seed {seed}")):
        if run(order, label):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
