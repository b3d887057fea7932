"""The vendored front-end assets are exactly the published files recorded by ``make vendor``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tools.vendor import ASSETS

ROOT = Path(__file__).resolve().parents[2]


def sums(directory: Path) -> dict[str, str]:
    lines = (directory / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_every_vendored_file_matches_its_recorded_sha256():
    for _package, _version, _member, directory, name in ASSETS:
        recorded = sums(directory)
        digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        assert recorded[name] == digest, f"{name} differs from what make vendor recorded"


def test_the_pinned_versions_are_the_ones_the_issue_asks_for():
    versions = {package: version for package, version, *_ in ASSETS}
    assert versions["htmx.org"].startswith("2.0.")  # not 4.x: its error swapping differs
    assert versions["@picocss/pico"].startswith("2.")


def test_the_console_serves_every_vendored_runtime_asset():
    from chalicelib.console.assets import ALLOWED
    from tools.vendor import STATIC

    vendored = {name for *_, directory, name in ASSETS if directory == STATIC}
    assert vendored <= set(ALLOWED)
    for name in ALLOWED:
        assert (STATIC / name).is_file(), name
