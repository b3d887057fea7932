"""`make vendor`: fetch the console's front-end assets from the npm registry, pinned.

Each asset is taken from ``npm pack <package>@<version>`` (the published tarball, no install
scripts run), copied to its place in the repository, and its SHA-256 recorded in
``chalicelib/console/static/SHA256SUMS`` (the browser-only axe-core in
``tests/browser/vendor/SHA256SUMS``). The files are committed; a test checks them against the
sums, so nothing at run time or in CI needs Node or the network.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "chalicelib" / "console" / "static"
TEST_VENDOR = ROOT / "tests" / "browser" / "vendor"

#: (package, version, file in the tarball, destination directory, name there)
ASSETS = (
    ("htmx.org", "2.0.11", "package/dist/htmx.min.js", STATIC, "htmx.min.js"),
    ("@picocss/pico", "2.1.1", "package/css/pico.min.css", STATIC, "pico.min.css"),
    ("uplot", "1.6.32", "package/dist/uPlot.iife.min.js", STATIC, "uPlot.iife.min.js"),
    ("uplot", "1.6.32", "package/dist/uPlot.min.css", STATIC, "uPlot.min.css"),
    ("axe-core", "4.14.1", "package/axe.min.js", TEST_VENDOR, "axe.min.js"),
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_sums(directory: Path, names: list[str]) -> None:
    lines = [f"{sha256(directory / name)}  {name}" for name in sorted(names)]
    (directory / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def main() -> None:
    if shutil.which("npm") is None:
        raise SystemExit("make vendor needs npm (Debian: apt-get install npm).")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tarballs: dict[str, Path] = {}
        for package, version, member, dest, name in ASSETS:
            spec = f"{package}@{version}"
            if spec not in tarballs:
                out = subprocess.run(
                    ["npm", "pack", "--silent", spec],
                    cwd=work,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                tarballs[spec] = work / out.stdout.strip().splitlines()[-1]
            with tarfile.open(tarballs[spec]) as tar:
                source = tar.extractfile(member)
                if source is None:
                    raise SystemExit(f"{member} is not a file in {spec}")
                dest.mkdir(parents=True, exist_ok=True)
                (dest / name).write_bytes(source.read())
            print(f"{spec:24} {member} -> {(dest / name).relative_to(ROOT)}")
    for directory in {a[3] for a in ASSETS}:
        write_sums(directory, [a[4] for a in ASSETS if a[3] == directory])


if __name__ == "__main__":
    main()
